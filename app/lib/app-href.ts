import { PRODUCT_LIST_KEYS } from "./product-list-params";

/**
 * An app URL that keeps the admin context the current URL carries (shop, host, embedded, id_token),
 * as the app's own menu does: outside Shopify admin no App Bridge adds a session token to the
 * app's requests, so that context is how the next page is authenticated. A page's own state
 * (filters, sort, page) is left behind.
 */
export function appHref(path: string, currentSearch: string, params?: URLSearchParams): string {
  const merged = new URLSearchParams(currentSearch);
  for (const key of PRODUCT_LIST_KEYS) merged.delete(key);
  for (const [key, value] of params ?? []) merged.set(key, value);
  const search = merged.toString();
  return search ? `${path}?${search}` : path;
}

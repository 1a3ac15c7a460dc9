/*
 * Products are stored under their Admin API GID (gid://shopify/Product/123); page URLs carry only
 * the number, as Shopify admin's own product URLs do.
 */

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/(\d+)$/;

/** "gid://shopify/Product/123" -> "123" (null for anything else) */
export const numericProductId = (gid: string) => PRODUCT_GID.exec(gid)?.[1] ?? null;

export const productGidOf = (numericId: string) => `gid://shopify/Product/${numericId}`;

/** The app's detail page for a product GID. */
export const productDetailPath = (gid: string) => `/app/products/${numericProductId(gid) ?? ""}`;

/**
 * The product in Shopify admin. The https form works both inside the admin (opened in a new tab,
 * so the app stays open) and outside it (the demo, a direct visit); `shopify://admin/...` would
 * only resolve through App Bridge, which is absent outside the admin.
 */
export function shopifyAdminProductUrl(shopDomain: string, gid: string): string {
  const store = shopDomain.replace(/\.myshopify\.com$/, "");
  return `https://admin.shopify.com/store/${encodeURIComponent(store)}/products/${numericProductId(gid) ?? ""}`;
}

import { useLocation } from "@remix-run/react";
import { appHref } from "../lib/app-href";
import { withoutPageState } from "../lib/suggestion-params";

/**
 * `appHref` for the Suggestions and Activity pages: links keep the admin context but leave these
 * pages' own filters and page behind (appHref knows only the Products page's).
 */
export function useSuggestionHref() {
  const { search } = useLocation();
  const base = withoutPageState(search);
  return (path: string, params?: URLSearchParams) => appHref(path, base, params);
}

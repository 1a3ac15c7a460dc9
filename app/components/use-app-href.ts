import { useLocation } from "@remix-run/react";
import { appHref } from "../lib/app-href";

/** `appHref` bound to the current URL: links and navigations that keep the admin context. */
export function useAppHref() {
  const { search } = useLocation();
  return (path: string, params?: URLSearchParams) => appHref(path, search, params);
}

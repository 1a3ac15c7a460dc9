import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoEnabled } from "../demo.server";

/*
 * Demo mode only: the part of App Bridge an app relies on outside Shopify admin. It gives
 * `shopify.idToken()` and, like App Bridge, adds the session token to the app's own fetches
 * (Remix loaders and actions), so the server authenticates each request as it would in the admin.
 */
const SHIM = `(() => {
  const shop = new URLSearchParams(location.search).get("shop") || sessionStorage.getItem("shelfwise-demo-shop");
  if (shop) sessionStorage.setItem("shelfwise-demo-shop", shop);
  const realFetch = window.fetch.bind(window);
  let cached = null;
  async function idToken() {
    const now = Date.now() / 1000;
    if (cached && cached.exp - 10 > now) return cached.token;
    const response = await realFetch("/demo/session-token?shop=" + encodeURIComponent(shop), { cache: "no-store" });
    if (!response.ok) throw new Error("demo: no session token (" + response.status + ")");
    const { token } = await response.json();
    cached = { token, exp: JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp };
    return token;
  }
  window.fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/demo/")) return realFetch(input, init);
    const headers = new Headers(init && init.headers ? init.headers : input instanceof Request ? input.headers : undefined);
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + (await idToken()));
    return realFetch(input, { ...init, headers });
  };
  window.shopify = { idToken, config: { shop }, environment: { embedded: false, demo: true } };
})();`;

export const loader = async (_args: LoaderFunctionArgs) => {
  if (!demoEnabled()) throw new Response("Not Found", { status: 404 });
  return new Response(SHIM, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-store" },
  });
};

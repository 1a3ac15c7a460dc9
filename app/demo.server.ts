import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { redirect } from "@remix-run/node";
import { env, isLoopbackUrl } from "./env.server";

/*
 * Demo mode (npm run demo) runs the app against the local Shopify with an ordinary browser.
 * Everything else stays the real path: session tokens are verified, exchanged for access tokens
 * at the local Shopify's OAuth endpoint, and every Admin API call is validated there against
 * Shopify's schema. The shortcuts, all here, stand in for Shopify admin's side only:
 *  1. Admin API and OAuth requests for the demo shop go to LOCAL_SHOPIFY_URL.
 *  2. Session tokens, which the admin (App Bridge) would hand to the iframe, come from the local
 *     Shopify's token endpoint through /demo/session-token.
 *  3. The session-token bounce page, which App Bridge would answer, is answered by redirecting
 *     to its reload URL with a fresh token.
 * env.server.ts refuses demo mode with NODE_ENV=production or on non-loopback URLs, and each
 * request-time shortcut checks again that the request itself is for a loopback host.
 */

export function demoEnabled(): boolean {
  return env().SHELFWISE_DEMO;
}

function demoSettings() {
  const config = env();
  if (!config.SHELFWISE_DEMO || !config.LOCAL_SHOPIFY_URL || !config.DEMO_SHOP) return null;
  return { localShopify: new URL(config.LOCAL_SHOPIFY_URL), shop: config.DEMO_SHOP };
}

/** Sends the Shopify library's HTTP for the demo shop to the local Shopify (its HTTP seam). */
export function routeShopifyTrafficToLocalShopify(): void {
  const settings = demoSettings();
  if (!settings) return;
  const realFetch = globalThis.fetch;
  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    if (url.hostname !== settings.shop) return realFetch(input, init);
    const local = new URL(url.pathname + url.search, settings.localShopify);
    const headers = new Headers(init?.headers);
    headers.set("X-Shopify-Shop-Domain", settings.shop);
    return realFetch(local, { ...init, headers });
  });
}

/** A 404 unless demo mode is on and the request came to a loopback host. */
function requireDemoRequest(request: Request) {
  const settings = demoSettings();
  if (!settings || !isLoopbackUrl(request.url)) throw new Response("Not Found", { status: 404 });
  return settings;
}

/** A session token for the demo shop, minted by the local Shopify as Shopify admin would. */
export async function demoSessionToken(request: Request): Promise<string> {
  const settings = requireDemoRequest(request);
  const shop = new URL(request.url).searchParams.get("shop");
  if (shop !== settings.shop) throw new Response("Unknown shop", { status: 404 });
  const response = await fetch(
    new URL(`/local/session-token?shop=${encodeURIComponent(shop)}`, settings.localShopify),
  );
  if (!response.ok) throw new Response("The local Shopify refused a session token", { status: 502 });
  const { token } = (await response.json()) as { token: string };
  return token;
}

/** Answers the session-token bounce page the way App Bridge would: reload with a fresh token. */
export async function answerBouncePage(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  if (!demoEnabled() || url.pathname !== "/auth/session-token") return null;
  const settings = requireDemoRequest(request);
  const reload = url.searchParams.get("shopify-reload");
  if (!reload || !isLoopbackUrl(reload) || new URL(reload).searchParams.get("shop") !== settings.shop) {
    throw new Response("Bad reload URL", { status: 400 });
  }
  const tokenRequest = new Request(new URL(`/demo/session-token?shop=${settings.shop}`, request.url));
  const target = new URL(reload);
  target.searchParams.set("id_token", await demoSessionToken(tokenRequest));
  return redirect(target.toString());
}

/** Where the demo's front door sends the browser: the app, as the admin would open it. */
export function demoEntryUrl(): string {
  const config = env();
  const shop = config.DEMO_SHOP ?? "";
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, "")}`).toString(
    "base64",
  );
  return `/app?embedded=1&shop=${shop}&host=${host}`;
}

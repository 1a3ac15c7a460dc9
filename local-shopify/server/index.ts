import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { appendDays } from "../generator/index";
import { StoreState } from "../store/state";
import type { StoreData, StoreOrder } from "../store/types";
import { ShopifyAuth } from "./auth";
import { BulkOperations } from "./bulk";
import type { WebhookEvent } from "./context";
import { Faults, type FaultOptions } from "./faults";
import { answerGraphql } from "./graphql-endpoint";
import { serveHttp, type Listening } from "./http";
import type { LocalContext } from "./local-context";
import { executableSchema } from "./resolvers";
import { restOrder } from "./mutations/common";
import { orderTags } from "./mutations/index";
import { API_VERSION } from "./schema";
import {
  CostBucket,
  PLAN_LIMITS,
  rateLimitPlanOf,
  type RateLimitPlan,
  type ThrottleStatus,
} from "./throttle";
import { WebhookSender } from "./webhooks";

export type { FaultOptions } from "./faults";
export type { RateLimitPlan, ThrottleStatus } from "./throttle";
export type { WebhookEvent } from "./context";

export interface LocalShopifyOptions {
  /** the store to serve (one per server) */
  store: StoreData | StoreState;
  /** the app's client id and client secret */
  apiKey: string;
  apiSecret: string;
  /** granted scopes (comma-separated or a list); by default those shopify.app.toml declares */
  scopes?: string | readonly string[];
  /** rate-limit plan; by default the one the shop's plan name implies */
  plan?: RateLimitPlan;
  /** current time in epoch ms; inject a fake clock for deterministic tests */
  clock?: () => number;
  /** how injected slow responses wait; inject to keep tests fast */
  sleep?: (ms: number) => Promise<void>;
  /** the app's base URL; when set, webhooks are delivered to `${webhookTarget}/webhooks/<topic>` */
  webhookTarget?: string;
  /** used to deliver webhooks (default: global fetch) */
  fetch?: typeof fetch;
  faults?: FaultOptions;
  /** keep bulk operation results in this directory instead of in memory */
  bulkDirectory?: string;
  /** shop.features.bundles.eligibleForBundles (default true) */
  eligibleForBundles?: boolean;
  /** shop.features.bundles.ineligibilityReason when not eligible */
  bundlesIneligibilityReason?: string;
  log?: (message: string, detail?: unknown) => void;
}

export interface LocalShopify {
  readonly state: StoreState;
  /** the shop's myshopify domain */
  readonly shop: string;
  /** Answers one HTTP request in process (usable where a fetch function is expected). */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Serves over HTTP; the URL is e.g. http://127.0.0.1:PORT. */
  listen(port?: number, host?: string): Promise<Listening>;
  /** A session token as Shopify admin would give the app's frontend. */
  mintSessionToken(options: { shop: string; userId: number | string }): string;
  /** An access token for the shop, as token exchange would issue (for tests and scripts). */
  issueAccessToken(options?: { expiresInSeconds?: number }): string;
  /** The ServerContext.emitWebhook the resolvers use. */
  emitWebhook(event: WebhookEvent): void;
  throttleStatus(): ThrottleStatus;
  /** Changes shop.features.bundles from the next request on (tests of an ineligible store). */
  setBundlesEligibility(eligible: boolean, ineligibilityReason?: string): void;
  /**
   * Simulated time: appends `days` of orders after the store's "now" (sales respond to any price
   * the app changed, with the generator's elasticities) and sends orders/create for each.
   */
  advanceDays(days: number, seed?: number): StoreOrder[];
  /** Resolves when no bulk operation is running and no webhook delivery is in flight. */
  settled(): Promise<void>;
}

/** assumed wording: Shopify names the reason in shop.features.bundles.ineligibilityReason */
const DEFAULT_INELIGIBILITY_REASON = "Bundles are not available on this store's plan.";

/** The scopes the app's configuration declares, which Shopify-managed installation grants. */
function declaredScopes(): string {
  const file = path.resolve(import.meta.dirname, "../../shopify.app.toml");
  const config = parseToml(readFileSync(file, "utf8")) as { access_scopes?: { scopes?: unknown } };
  return typeof config.access_scopes?.scopes === "string" ? config.access_scopes.scopes : "";
}

const notFound = () =>
  new Response(JSON.stringify({ errors: "Not Found" }), {
    status: 404,
    headers: { "Content-Type": "application/json" },
  });

const unauthorized = () =>
  new Response(
    JSON.stringify({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    }),
    {
      status: 401,
      headers: { "Content-Type": "application/json" },
    },
  );

/**
 * A local Shopify Admin API for demos and tests: Shopify's real 2026-10 schema over a synthetic
 * store, with Shopify's auth, cost-based throttling, bulk operations, webhooks and injectable
 * faults. See docs/local-shopify/admin-api.md.
 */
export function createLocalShopify(options: LocalShopifyOptions): LocalShopify {
  const state = options.store instanceof StoreState ? options.store : new StoreState(options.store);
  const shop = state.data.shop.myshopifyDomain.toLowerCase();
  const clock = options.clock ?? Date.now;
  const log = options.log ?? ((message: string, detail?: unknown) => console.warn(message, detail ?? ""));
  const scopes =
    options.scopes === undefined
      ? declaredScopes()
      : typeof options.scopes === "string"
        ? options.scopes
        : options.scopes.join(",");
  const limits = PLAN_LIMITS[options.plan ?? rateLimitPlanOf(state.data.shop.planDisplayName)];
  const bucket = new CostBucket(limits.maximumAvailable, limits.restoreRate, clock);
  const faults = new Faults(options.faults);
  const auth = new ShopifyAuth({ apiKey: options.apiKey, apiSecret: options.apiSecret, scopes }, clock);
  const webhooks = new WebhookSender({
    target: options.webhookTarget,
    secret: options.apiSecret,
    shop,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    clock,
    log,
  });
  const emitWebhook = (event: WebhookEvent) => webhooks.emit(event);
  const now = () => new Date(clock());
  const bulkOperations = new BulkOperations({
    now,
    timeZone: state.data.shop.ianaTimezone,
    nextId: () => state.nextId("BulkOperation"),
    faults,
    emitWebhook,
    log,
    directory: options.bulkDirectory,
  });
  const bundles = {
    eligible: options.eligibleForBundles ?? true,
    ineligibilityReason: options.bundlesIneligibilityReason ?? DEFAULT_INELIGIBILITY_REASON,
  };
  const context = (origin: string): LocalContext => ({
    state,
    now,
    emitWebhook,
    bulkOperations,
    searchReports: [],
    origin,
    bundles,
  });
  const graphql = {
    schema: executableSchema,
    bucket,
    faults,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    context,
    log,
  };

  /** The shop a request is for: its myshopify host, else the header the demo's proxy sets. */
  const shopOf = (request: Request, url: URL) =>
    /\.myshopify\.com$/i.test(url.hostname)
      ? url.hostname.toLowerCase()
      : (request.headers.get("X-Shopify-Shop-Domain")?.toLowerCase() ?? shop);

  function advanceDays(days: number, seed = 1): StoreOrder[] {
    const orders = appendDays(state.data, days, { seed });
    state.indexAppendedOrders(orders);
    for (const order of orders) {
      emitWebhook({ topic: "orders/create", payload: restOrder(state, order, orderTags(state, order.id)) });
    }
    return orders;
  }

  async function handle(request: Request, loopback: boolean): Promise<Response> {
    const url = new URL(request.url);
    const bulkFile = /^\/bulk\/(\w+)\.jsonl$/.exec(url.pathname);
    if (bulkFile && request.method === "GET") {
      const body = bulkOperations.download(bulkFile[1] ?? "");
      return body ? new Response(body, { headers: { "Content-Type": "application/jsonl" } }) : notFound();
    }
    if (url.pathname === "/local/session-token" && request.method === "GET") {
      const requested = url.searchParams.get("shop")?.toLowerCase();
      if (!loopback || requested !== shop) return notFound();
      const token = auth.mintSessionToken({ shop, userId: url.searchParams.get("user_id") ?? 1 });
      return Response.json({ token });
    }
    if (url.pathname === "/local/advance" && request.method === "POST") {
      const days = Number(url.searchParams.get("days") ?? "1");
      if (!loopback) return notFound();
      if (!Number.isInteger(days) || days < 1 || days > 365) {
        return Response.json({ errors: "days must be an integer from 1 to 365" }, { status: 400 });
      }
      const orders = advanceDays(days);
      return Response.json({ now: state.data.now, ordersCreated: orders.length });
    }
    if (shopOf(request, url) !== shop) return notFound();
    if (url.pathname === "/admin/oauth/access_token" && request.method === "POST") {
      return auth.accessTokenEndpoint(request, shop);
    }
    const api = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (!api || api[1] !== API_VERSION || request.method !== "POST") return notFound();
    if (!auth.isValidAccessToken(request.headers.get("X-Shopify-Access-Token"), shop)) return unauthorized();
    return answerGraphql(request, url.origin, graphql);
  }

  return {
    state,
    shop,
    fetch: (input, init) =>
      handle(input instanceof Request && !init ? input : new Request(input, init), true),
    listen: (port = 0, host = "127.0.0.1") => serveHttp(handle, port, host, log),
    mintSessionToken: (mint) => auth.mintSessionToken(mint),
    issueAccessToken: (issue) => auth.issueAccessToken(shop, issue?.expiresInSeconds ?? null),
    emitWebhook,
    throttleStatus: () => bucket.status(),
    setBundlesEligibility: (eligible, ineligibilityReason) => {
      bundles.eligible = eligible;
      bundles.ineligibilityReason = ineligibilityReason ?? DEFAULT_INELIGIBILITY_REASON;
    },
    advanceDays,
    settled: async () => {
      await bulkOperations.settled();
      await webhooks.settled();
    },
  };
}

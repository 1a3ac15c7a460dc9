import type { Db } from "../app/db-client.server";
import {
  createShopifyClient,
  type GraphqlTransport,
  type ShopifyClientOptions,
} from "../app/shopify/client.server";
import { createLocalShopify, type FaultOptions, type LocalShopify } from "../local-shopify/server/index";
import type { StoreData } from "../local-shopify/store/types";

/*
 * The tests' Shopify: the local Shopify over a generated store, and the app's real client talking
 * to it in process. Both run on one simulated clock that only sleeps move, so retries, throttling
 * waits and polling take no real time; a sleep still yields to the event loop so the local
 * Shopify's bulk operations make progress between polls.
 */
export function simulatedTime(start: number | string = Date.parse("2026-06-30T12:00:00Z")) {
  const origin = typeof start === "string" ? Date.parse(start) : start;
  let now = origin;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    sleep: async (ms: number) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
    elapsedMs: () => now - origin,
  };
}
export type SimulatedTime = ReturnType<typeof simulatedTime>;

export interface TransportOptions {
  token?: string;
  /** where the local Shopify listens; by default it answers in process */
  origin?: string;
  fetch?: typeof globalThis.fetch;
}

/** What `admin.graphql` does, minus the library: POST the document with the shop's access token. */
export function localShopifyTransport(
  shopify: LocalShopify,
  options: TransportOptions = {},
): GraphqlTransport {
  const {
    token = shopify.issueAccessToken(),
    origin = `https://${shopify.shop}`,
    fetch = shopify.fetch,
  } = options;
  return (query, { variables, signal }) =>
    fetch(`${origin}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
      body: JSON.stringify({ query, variables }),
      signal,
    });
}

/** The app's Shopify client over a local Shopify, on simulated time, without jitter or logs. */
export function localShopifyClient(
  shopify: LocalShopify,
  time: SimulatedTime,
  options: Partial<ShopifyClientOptions> = {},
) {
  return createShopifyClient({
    graphql: localShopifyTransport(shopify),
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    log: () => {},
    ...options,
  });
}

/** A local Shopify over a copy of the store, and the app's client for it, on one clock. */
export function localShop(store: StoreData, time: SimulatedTime, faults?: FaultOptions) {
  const shopify = createLocalShopify({
    store: structuredClone(store),
    apiKey: "test-api-key",
    apiSecret: "test-api-secret",
    clock: time.now,
    sleep: time.sleep,
    faults,
    log: () => {},
  });
  return { shopify, client: localShopifyClient(shopify, time) };
}

/** Options for runFirstSync that keep it on the simulated clock and in process. */
export const onClock = (shopify: LocalShopify, time: SimulatedTime) => ({
  fetchJsonl: (url: string) => shopify.fetch(url),
  sleep: time.sleep,
  pollIntervalMs: 1_000,
  now: () => new Date(time.now()),
});

const SYNC_TABLES = [
  "product",
  "variant",
  "order",
  "orderLine",
  "variantDailySales",
  "customer",
  "abandonedCheckout",
  "abandonedCheckoutLine",
] as const;

/** A row as sortable text; money columns are 64-bit (bigint), which JSON has no numbers for. */
export const rowKey = (row: object) =>
  JSON.stringify(row, (_name, value: unknown) => (typeof value === "bigint" ? value.toString() : value));

/** Every synced row of a shop, in a stable order and without `syncedAt`, for exact comparison. */
export async function syncedRows(db: Db, shop: string) {
  const tables: Record<string, unknown[]> = {};
  for (const table of SYNC_TABLES) {
    const delegate = db[table] as unknown as {
      findMany(args: object): Promise<Array<Record<string, unknown>>>;
    };
    const rows = await delegate.findMany({ where: { shop } });
    tables[table] = rows
      .map(({ syncedAt: _syncedAt, ...row }) => row)
      .sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : 1));
  }
  return tables;
}

/** Removes a shop's synced rows, sync runs and tombstones. */
export async function clearShop(db: Db, shop: string) {
  for (const table of [...SYNC_TABLES, "syncRun", "tombstone"] as const) {
    const delegate = db[table] as unknown as { deleteMany(args: object): Promise<unknown> };
    await delegate.deleteMany({ where: { shop } });
  }
}

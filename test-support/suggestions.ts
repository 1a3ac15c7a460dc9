import type { Db } from "../app/db-client.server";
import { runAnalysis } from "../app/models/analysis.server";
import { runFirstSync } from "../app/sync/bulk.server";
import { generateStore } from "../local-shopify/generator/index";
import type { StoreData } from "../local-shopify/store/types";
import { localShop, onClock, simulatedTime } from "./local-shopify";

/*
 * A shop for the suggestions' workflow tests: a generated store synced into the database by the
 * sync's own code from a local Shopify, and analysed, so proposals, the stored catalog and the
 * local Shopify's products agree the way they do in production.
 */

export const SUGGESTIONS_AS_OF = "2026-10-31";

/** One generated store per seed and size, reused by every database a test file runs on. */
const stores = new Map<string, StoreData>();
export function suggestionStore(seed: number, products: number, shopDomain: string): StoreData {
  const id = `${seed}/${products}/${shopDomain}`;
  if (!stores.has(id))
    stores.set(id, generateStore({ seed, products, shopDomain, now: "2026-11-01T00:00:00Z" }));
  return stores.get(id)!;
}

export async function syncedShop(db: Db, store: StoreData) {
  const time = simulatedTime("2026-11-01T12:00:00Z");
  const { shopify, client } = localShop(store, time);
  const shop = store.shop.myshopifyDomain;
  await db.shop.create({
    data: {
      domain: shop,
      name: store.shop.name,
      currencyCode: store.shop.currencyCode,
      ianaTimezone: store.shop.ianaTimezone,
    },
  });
  const outcomes = await runFirstSync(db, client, shop, onClock(shopify, time));
  const failed = outcomes.filter((outcome) => outcome.status === "FAILED");
  if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed)}`);
  const run = await runAnalysis(db, shop, { asOf: SUGGESTIONS_AS_OF, now: () => new Date(time.now()) });
  return { shop, shopify, client, time, run };
}

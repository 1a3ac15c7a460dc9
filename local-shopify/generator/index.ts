/*
 * A deterministic synthetic Shopify store for the local Shopify emulator: a catalog with planted
 * situations, a year of orders streamed day by day, customers, abandoned checkouts and stock.
 */
import type { StoreAbandonedCheckout, StoreCustomer, StoreData, StoreOrder } from "../store/types";
import { isoAt } from "./calendar";
import { generateCatalog } from "./catalog";
import type { StoreOptions } from "./model";
import { orderStream, type InventoryEvent } from "./orders";

export { generateCatalog, resolveOptions } from "./catalog";
export type { Catalog, StoreOptions } from "./model";
export { orderStream, type InventoryEvent, type OrderStreamOptions, type StreamSummary } from "./orders";
export { appendDays, referencePrices, type AppendDaysOptions } from "./simulate";

/** Stock over the history, which StoreData does not carry: opening stock and every delivery. */
export interface InventoryHistory {
  /** the start of the order history */
  start: string;
  /** day by day: opening stock when a variant is first stocked, deliveries at the start of a day */
  events: InventoryEvent[];
}

/** The store and its inventory history (for tests and evidence: in-stock days need the deliveries). */
export function generateStoreWithHistory(options: StoreOptions): {
  store: StoreData;
  history: InventoryHistory;
} {
  const catalog = generateCatalog(options);
  const customers: StoreCustomer[] = [];
  const abandonedCheckouts: StoreAbandonedCheckout[] = [];
  const events: InventoryEvent[] = [];
  const orders: StoreOrder[] = [];
  const stream = orderStream(catalog, {
    onCustomer: (customer) => customers.push(customer),
    onAbandonedCheckout: (checkout) => abandonedCheckouts.push(checkout),
    onInventory: (event) => events.push(event),
  });
  let step = stream.next();
  while (!step.done) {
    orders.push(step.value);
    step = stream.next();
  }
  const { inventory } = step.value;
  const store: StoreData = {
    shop: { ...catalog.shop },
    products: catalog.products.map((product) => ({ ...product, tags: [...product.tags] })),
    variants: catalog.variants.map((variant) => ({
      ...variant,
      inventoryQuantity: inventory.get(variant.id) ?? 0,
    })),
    customers,
    orders,
    abandonedCheckouts,
    planted: catalog.planted.map((situation) => ({ ...situation })),
    now: isoAt(catalog.nowMs),
  };
  return { store, history: { start: isoAt(catalog.startMs), events } };
}

/** Generates a whole store in memory (about 30,000 orders for 300 products by default). */
export function generateStore(options: StoreOptions): StoreData {
  return generateStoreWithHistory(options).store;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) sorted[key] = canonical(record[key]);
    return sorted;
  }
  return value;
}

/** Canonical JSON (object keys sorted at every level, no whitespace): equal stores give equal strings. */
export function serializeStore(store: StoreData): string {
  return JSON.stringify(canonical(store));
}

/*
 * Turns a generated store (and its inventory history) into the analysis module's input, aggregating
 * orders the way the app's SQL does (rebuildDailySales in app/sync/store.server.ts): cancelled and
 * test orders excluded, the day is the order's createdAt in the shop's zone, refunded units are
 * quantity - currentQuantity and count on the order's day.
 */
import {
  DEFAULT_SETTINGS,
  type AnalysisInput,
  type DailySalesInput,
  type InventoryDayInput,
} from "../app/analysis/types";
import { dayInZone, toMinorUnits } from "../app/sync/records";
import type { InventoryHistory } from "../local-shopify/generator/index";
import type { StoreData } from "../local-shopify/store/types";

const productGid = (id: number) => `gid://shopify/Product/${id}`;
const variantGid = (id: number) => `gid://shopify/ProductVariant/${id}`;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayString = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** `history: null` leaves the inventory snapshots empty: the app's situation right after install. */
export function analysisInputFrom(store: StoreData, history: InventoryHistory | null): AnalysisInput {
  const currency = store.shop.currencyCode;
  const dayOf = dayInZone(store.shop.ianaTimezone);
  // "now" is the end of the history: the last full day is the one just before it
  const asOf = dayOf(new Date(Date.parse(store.now) - 1));
  const money = (amount: string) => toMinorUnits(amount, currency);

  const products = store.products.map((product) => ({
    id: productGid(product.id),
    title: product.title,
    handle: product.handle,
    status: product.status,
    productType: product.productType,
    vendor: product.vendor,
    tags: [...product.tags],
    createdAt: dayOf(new Date(product.createdAt)),
    publishedAt: product.publishedAt === null ? null : dayOf(new Date(product.publishedAt)),
    descriptionHtml: product.descriptionHtml,
    seoTitle: product.seoTitle,
    seoDescription: product.seoDescription,
    mediaCount: product.mediaCount,
  }));
  const variants = store.variants.map((variant) => ({
    id: variantGid(variant.id),
    productId: productGid(variant.productId),
    title: variant.title,
    sku: variant.sku,
    priceMinor: money(variant.price),
    compareAtPriceMinor: variant.compareAtPrice === null ? null : money(variant.compareAtPrice),
    inventoryQuantity: variant.inventoryQuantity,
    unitCostMinor: variant.unitCost === null ? null : money(variant.unitCost),
    createdAt: dayOf(new Date(variant.createdAt)),
  }));

  const rows = new Map<string, DailySalesInput & { orderIds: Set<number> }>();
  for (const order of store.orders) {
    if (order.cancelledAt !== null || order.test) continue;
    const day = dayOf(new Date(order.createdAt));
    const refunded = new Map<number, number>();
    for (const refund of order.refunds) {
      for (const item of refund.lineItems) {
        refunded.set(item.lineItemId, (refunded.get(item.lineItemId) ?? 0) + item.quantity);
      }
    }
    for (const line of order.lineItems) {
      if (line.variantId === null) continue;
      const key = `${line.variantId}\n${day}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          variantId: variantGid(line.variantId),
          productId: line.productId === null ? "" : productGid(line.productId),
          day,
          units: 0,
          grossMinor: 0,
          discountMinor: 0,
          refundedUnits: 0,
          orders: 0,
          discountedUnits: 0,
          maxLineUnits: 0,
          orderIds: new Set(),
        };
        rows.set(key, row);
      }
      const original = money(line.originalUnitPrice);
      const discounted = money(line.discountedUnitPrice);
      const currentQuantity = Math.max(0, line.quantity - (refunded.get(line.id) ?? 0));
      row.units += line.quantity;
      row.grossMinor += line.quantity * original;
      row.discountMinor += line.quantity * (original - discounted);
      row.refundedUnits += line.quantity - currentQuantity;
      row.orderIds.add(order.id);
      row.orders = row.orderIds.size;
      if (discounted < original) row.discountedUnits += line.quantity;
      row.maxLineUnits = Math.max(row.maxLineUnits, line.quantity);
    }
  }
  const dailySales: DailySalesInput[] = [...rows.values()].map(({ orderIds: _orderIds, ...row }) => row);

  return {
    asOf,
    currencyCode: currency,
    settings: DEFAULT_SETTINGS,
    products,
    variants,
    dailySales,
    inventory: history === null ? [] : inventoryDays(store, history, dailySales, asOf, dayOf),
  };
}

/** Stock at the start of each day after that day's deliveries, from the first stock to asOf. */
function inventoryDays(
  store: StoreData,
  history: InventoryHistory,
  dailySales: DailySalesInput[],
  asOf: string,
  dayOf: (instant: Date) => string,
): InventoryDayInput[] {
  const end = dayNumber(asOf);
  const arrivals = new Map<string, Map<number, number>>();
  for (const event of history.events) {
    const id = variantGid(event.variantId);
    const byDay = arrivals.get(id) ?? new Map<number, number>();
    const day = dayNumber(dayOf(new Date(event.at)));
    byDay.set(day, (byDay.get(day) ?? 0) + event.quantity);
    arrivals.set(id, byDay);
  }
  const sold = new Map<string, Map<number, number>>();
  for (const row of dailySales) {
    const byDay = sold.get(row.variantId) ?? new Map<number, number>();
    byDay.set(dayNumber(row.day), row.units);
    sold.set(row.variantId, byDay);
  }
  const costs = new Map(
    store.variants.map((variant) => [
      variantGid(variant.id),
      variant.unitCost === null ? null : toMinorUnits(variant.unitCost, store.shop.currencyCode),
    ]),
  );
  const out: InventoryDayInput[] = [];
  for (const [variantId, byDay] of arrivals) {
    const first = Math.min(...byDay.keys());
    const sales = sold.get(variantId);
    let level = 0;
    for (let day = first; day <= end; day++) {
      level += byDay.get(day) ?? 0;
      out.push({
        variantId,
        day: dayString(day),
        quantity: level,
        unitCostMinor: costs.get(variantId) ?? null,
      });
      level = Math.max(0, level - (sales?.get(day) ?? 0));
    }
  }
  return out;
}

// ---- small hand-made stores for the trap tests ------------------------------------------------------

export interface SketchProduct {
  id: string;
  productType?: string;
  /** days since the product went on sale (default 800) */
  liveDays?: number;
  stock?: number;
  variants?: number;
  priceMinor?: number;
  costMinor?: number;
  /** units sold per day by days before asOf (0 is asOf) and variant */
  sales: (daysAgo: number, variant: number) => number;
  /** orders those units came in (default: one per unit) */
  orders?: (daysAgo: number, units: number) => number;
  refunded?: (daysAgo: number, units: number) => number;
  /** the largest line of the day (default 1) */
  maxLine?: (daysAgo: number, units: number) => number;
  /** stock history: in stock on that day (default always); only used with `history: true` */
  inStock?: (daysAgo: number) => boolean;
}

/** Units spread evenly at `perDay`: the count that day is floor((d + 1) r) - floor(d r). */
export const steady = (perDay: number) => (daysAgo: number) =>
  Math.floor((daysAgo + 1) * perDay) - Math.floor(daysAgo * perDay);

/** A small store's analysis input from sketches of its products, over `days` days of history. */
export function sketchInput(
  asOf: string,
  sketches: SketchProduct[],
  options: { days?: number; history?: boolean } = {},
): AnalysisInput {
  const days = options.days ?? 400;
  const end = dayNumber(asOf);
  const products: AnalysisInput["products"] = [];
  const variants: AnalysisInput["variants"] = [];
  const dailySales: DailySalesInput[] = [];
  const inventory: InventoryDayInput[] = [];
  for (const sketch of sketches) {
    const live = Math.min(sketch.liveDays ?? 800, 3000);
    const liveDay = dayString(end - live);
    products.push({
      id: sketch.id,
      title: sketch.id,
      handle: sketch.id,
      status: "ACTIVE",
      productType: sketch.productType ?? "Hoodies",
      vendor: "Sketch",
      tags: [],
      createdAt: liveDay,
      publishedAt: liveDay,
      descriptionHtml:
        "<p>A well described product with enough words to tell a shopper what it is for, how it fits and how to care for it.</p>",
      seoTitle: sketch.id,
      seoDescription: sketch.id,
      mediaCount: 3,
    });
    const count = sketch.variants ?? 1;
    for (let v = 0; v < count; v++) {
      const variantId = `${sketch.id}/v${v}`;
      variants.push({
        id: variantId,
        productId: sketch.id,
        title: count === 1 ? "Default Title" : `Size ${v}`,
        sku: null,
        priceMinor: sketch.priceMinor ?? 2000,
        compareAtPriceMinor: null,
        inventoryQuantity: Math.round((sketch.stock ?? 20) / count),
        unitCostMinor: sketch.costMinor ?? 900,
        createdAt: liveDay,
      });
      for (let daysAgo = Math.min(live, days) - 1; daysAgo >= 0; daysAgo--) {
        const day = dayString(end - daysAgo);
        if (options.history) {
          const stocked = sketch.inStock?.(daysAgo) ?? true;
          inventory.push({
            variantId,
            day,
            quantity: stocked ? 10 : 0,
            unitCostMinor: sketch.costMinor ?? 900,
          });
        }
        const units = sketch.sales(daysAgo, v);
        if (units <= 0) continue;
        dailySales.push({
          variantId,
          productId: sketch.id,
          day,
          units,
          grossMinor: units * (sketch.priceMinor ?? 2000),
          discountMinor: 0,
          refundedUnits: sketch.refunded?.(daysAgo, units) ?? 0,
          orders: sketch.orders?.(daysAgo, units) ?? units,
          discountedUnits: 0,
          maxLineUnits: sketch.maxLine?.(daysAgo, units) ?? 1,
        });
      }
    }
  }
  return { asOf, currencyCode: "USD", settings: DEFAULT_SETTINGS, products, variants, dailySales, inventory };
}

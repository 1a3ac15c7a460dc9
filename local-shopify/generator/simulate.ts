/*
 * Simulating days after a store's `now`, so that changes made through the emulator (a markdown,
 * say) have measurable after-effects. Demand is re-estimated from the store's own recent orders,
 * so the function works on any StoreData, generated or edited.
 */
import type { Money, StoreData, StoreOrder, StoreVariant } from "../store/types";
import { DAY_MS, isoAt, parseIso } from "./calendar";
import { DemandCalendar, FLAT_SEASON_ROW } from "./demand";
import { MEAN_LINE_QUANTITY } from "./inventory";
import { parseCents } from "./money";
import { groupIntoDrafts, lineQuantity, OrderWriter, type IdCounters, type LineSource } from "./orders";
import { RETURN_WINDOW_DAYS, WINDOW_DAYS } from "./planted";
import { productTypeNamed, typeIndexOf } from "./product-types";
import { deriveSeed, Rng } from "./random";

export interface AppendDaysOptions {
  seed: number;
  /**
   * Reference price per variant id. By default each past sale's own `originalUnitPrice` is its
   * reference (the orders carry the price history). When given, past sales in the estimation
   * window are taken to have happened at this price instead.
   */
  basePrices?: Map<number, Money>;
}

/** Elasticity for product types the generator does not know (the meta-analytic centre). */
const DEFAULT_ELASTICITY = -2.6;
const DEFAULT_RETURN_RATE = 0.05;
/** Pseudo-units of the type's return rate mixed into a variant's own (a Beta prior). */
const RETURN_PRIOR_UNITS = 20;
const GUEST_SHARE = 0.12;
/** Refunds arrive 2 to 28 days after the order, uniformly (as in the generator). */
const REFUND_DELAY_DAYS: [number, number] = [2, 28];

/** The current prices, to record right after generating a store and pass back as `basePrices`. */
export function referencePrices(store: StoreData): Map<number, Money> {
  return new Map(store.variants.map((variant) => [variant.id, variant.price]));
}

interface VariantDemand {
  variant: StoreVariant;
  source: LineSource;
  row: number;
  elasticity: number;
  /** units per demand-factor day at the reference price */
  baseRate: number;
}

const refundDelayCdf = (days: number) =>
  Math.min(1, Math.max(0, (days - REFUND_DELAY_DAYS[0]) / (REFUND_DELAY_DAYS[1] - REFUND_DELAY_DAYS[0])));

/**
 * Simulates `days` more days after `store.now`: appends the new orders to `store.orders` (and
 * returns them), takes sold units off `inventoryQuantity` (there are no deliveries), adds the
 * refunds that come due on recent orders, and advances `store.now`. Each variant of an active
 * product sells at its rate over the last 90 days (normalised for season, weekday and promotions)
 * times (price / reference price) ^ elasticity, with the elasticity of its product type (-1.5 to
 * -3.5). Deterministic for the same store, days and seed.
 */
export function appendDays(store: StoreData, days: number, options: AppendDaysOptions): StoreOrder[] {
  if (!Number.isInteger(days) || days < 0)
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  const nowMs = parseIso(store.now);
  const endMs = nowMs + days * DAY_MS;
  const windowStartMs = nowMs - WINDOW_DAYS * DAY_MS;
  const calendar = new DemandCalendar(windowStartMs, WINDOW_DAYS + days);
  const rng = new Rng(deriveSeed(options.seed, `append:${store.now}`));
  const demandRng = rng.fork("demand");
  const orderRng = rng.fork("orders");

  const products = new Map(store.products.map((product) => [product.id, product]));
  const variantsById = new Map(store.variants.map((variant) => [variant.id, variant]));

  // One pass over the history: recent units normalised to the reference price, and matured returns.
  const priceAdjustedUnits = new Map<number, number>();
  const matured = new Map<number, { sold: number; returned: number }>();
  const maturedBefore = nowMs - RETURN_WINDOW_DAYS * DAY_MS;
  for (const order of store.orders) {
    if (order.test || order.cancelledAt !== null) continue;
    const createdMs = Date.parse(order.createdAt);
    const returnedByLine = new Map<number, number>();
    for (const refund of order.refunds) {
      for (const item of refund.lineItems)
        returnedByLine.set(item.lineItemId, (returnedByLine.get(item.lineItemId) ?? 0) + item.quantity);
    }
    for (const line of order.lineItems) {
      if (line.variantId === null) continue;
      const variant = variantsById.get(line.variantId);
      if (!variant) continue;
      if (createdMs < maturedBefore) {
        const entry = matured.get(variant.id) ?? { sold: 0, returned: 0 };
        entry.sold += line.quantity;
        entry.returned += returnedByLine.get(line.id) ?? 0;
        matured.set(variant.id, entry);
      }
      if (createdMs >= windowStartMs && createdMs < nowMs) {
        const elasticity =
          productTypeNamed(products.get(variant.productId)?.productType ?? "")?.elasticity ??
          DEFAULT_ELASTICITY;
        const soldAt = parseCents(options.basePrices?.get(variant.id) ?? line.originalUnitPrice);
        const reference = parseCents(options.basePrices?.get(variant.id) ?? variant.price);
        // Units sold at soldAt would have been units * (reference / soldAt) ^ elasticity at the reference.
        const adjusted = soldAt > 0 && reference > 0 ? line.quantity * (reference / soldAt) ** elasticity : 0;
        priceAdjustedUnits.set(variant.id, (priceAdjustedUnits.get(variant.id) ?? 0) + adjusted);
      }
    }
  }

  const demands: VariantDemand[] = [];
  const sources: LineSource[] = [];
  for (const variant of store.variants) {
    const product = products.get(variant.productId);
    const type = productTypeNamed(product?.productType ?? "");
    const row = type ? typeIndexOf(type.name) : FLAT_SEASON_ROW;
    const typeReturns = type?.returnRate ?? DEFAULT_RETURN_RATE;
    const history = matured.get(variant.id) ?? { sold: 0, returned: 0 };
    const source: LineSource = {
      variantId: variant.id,
      productId: variant.productId,
      title: product?.title ?? "",
      priceCents: parseCents(variant.price),
      returnRate: (history.returned + RETURN_PRIOR_UNITS * typeReturns) / (history.sold + RETURN_PRIOR_UNITS),
    };
    sources.push(source);
    if (product?.status !== "ACTIVE") continue;
    const liveFrom = Math.max(0, Math.ceil((Date.parse(variant.createdAt) - windowStartMs) / DAY_MS));
    const exposure = calendar.sum(row, liveFrom, WINDOW_DAYS);
    const units = priceAdjustedUnits.get(variant.id) ?? 0;
    if (exposure > 0 && units > 0) {
      demands.push({
        variant,
        source,
        row,
        elasticity: type?.elasticity ?? DEFAULT_ELASTICITY,
        baseRate: units / exposure,
      });
    }
  }

  const ids: IdCounters = { order: 0, orderNumber: 1000, line: 0, refund: 0 };
  for (const order of store.orders) {
    ids.order = Math.max(ids.order, order.id);
    ids.orderNumber = Math.max(ids.orderNumber, Number(order.name.replace(/^#/, "")) || 0);
    for (const line of order.lineItems) ids.line = Math.max(ids.line, line.id);
    for (const refund of order.refunds) ids.refund = Math.max(ids.refund, refund.id);
  }
  const lineSourceIndex = new Map(sources.map((source, i) => [source.variantId, i]));

  // Refunds that come due in the new days on orders placed shortly before now.
  for (const order of store.orders) {
    const createdMs = Date.parse(order.createdAt);
    const elapsedDays = (nowMs - createdMs) / DAY_MS;
    if (
      order.test ||
      order.cancelledAt !== null ||
      order.refunds.length > 0 ||
      elapsedDays >= REFUND_DELAY_DAYS[1]
    ) {
      continue;
    }
    const before = refundDelayCdf(elapsedDays);
    const during = refundDelayCdf(elapsedDays + days) - before;
    const returned = order.lineItems.flatMap((line) => {
      const index = line.variantId === null ? undefined : lineSourceIndex.get(line.variantId);
      const rate = index === undefined ? 0 : (sources[index] as LineSource).returnRate;
      return orderRng.bool((rate * during) / Math.max(1e-9, 1 - rate * before))
        ? [{ lineItemId: line.id, quantity: line.quantity }]
        : [];
    });
    if (returned.length === 0) continue;
    const atMs =
      Math.floor(
        orderRng.uniform(
          Math.max(nowMs, createdMs + REFUND_DELAY_DAYS[0] * DAY_MS),
          Math.min(endMs, createdMs + REFUND_DELAY_DAYS[1] * DAY_MS),
        ) / 1000,
      ) * 1000;
    order.refunds.push({ id: ++ids.refund, createdAt: isoAt(atMs), lineItems: returned });
    order.updatedAt = isoAt(Math.max(Date.parse(order.updatedAt), atMs));
  }

  const writer = new OrderWriter(
    orderRng,
    (i) => sources[i] as LineSource,
    ids,
    endMs,
    store.shop.currencyCode,
  );
  const appended: StoreOrder[] = [];
  for (let k = 0; k < days; k++) {
    const day = WINDOW_DAYS + k;
    const dayStart = nowMs + k * DAY_MS;
    const units: Array<{ variant: number; quantity: number }> = [];
    for (const demand of demands) {
      const { variant } = demand;
      if (variant.inventoryQuantity <= 0) continue;
      const reference = parseCents(options.basePrices?.get(variant.id) ?? variant.price);
      const priceEffect = reference > 0 ? (parseCents(variant.price) / reference) ** demand.elasticity : 1;
      const mean = (demand.baseRate * calendar.factor(demand.row, day) * priceEffect) / MEAN_LINE_QUANTITY;
      const lines = demandRng.poisson(mean);
      const index = lineSourceIndex.get(variant.id) as number;
      for (let l = 0; l < lines && variant.inventoryQuantity > 0; l++) {
        const quantity = Math.min(lineQuantity(demandRng), variant.inventoryQuantity);
        variant.inventoryQuantity -= quantity;
        units.push({ variant: index, quantity });
      }
    }
    const drafts = groupIntoDrafts(orderRng, units, dayStart).sort((a, b) => a.createdMs - b.createdMs);
    const promotion = calendar.promotion(day);
    for (const draft of drafts) {
      const customer =
        store.customers.length > 0 && !orderRng.bool(GUEST_SHARE)
          ? (store.customers[orderRng.int(0, store.customers.length - 1)]?.id ?? null)
          : null;
      const order = writer.write(draft, { id: customer, isNew: false }, promotion);
      if (order.cancelledAt !== null) {
        for (const line of draft.lines) {
          const variant = variantsById.get((sources[line.variant] as LineSource).variantId) as StoreVariant;
          variant.inventoryQuantity += line.quantity;
        }
      }
      store.orders.push(order);
      appended.push(order);
    }
  }
  store.now = isoAt(endMs);
  return appended;
}

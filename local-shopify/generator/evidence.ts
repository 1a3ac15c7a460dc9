/*
 * The numbers an analysis engine would compute for a product, recomputed from a generated store and
 * its inventory history: units and in-stock days per window, category rates, matured returns,
 * discount and below-cost shares. The tests use it to check planted situations and the ordinary
 * catalog against the thresholds of notes/analytics-methods.md.
 */
import type { StoreData, StoreOrder } from "../store/types";
import { DAY_MS, parseIso } from "./calendar";
import type { InventoryHistory } from "./index";
import { parseCents } from "./money";
import { RETURN_WINDOW_DAYS } from "./planted";

export interface Window {
  from: number;
  to: number;
}

interface SoldLine {
  day: number;
  createdMs: number;
  variantId: number;
  quantity: number;
  originalCents: number;
  netCents: number;
  refundIds: number[];
  refundedUnits: number;
}

export interface ReturnCounts {
  units: number;
  refundedUnits: number;
  refunds: number;
}

export class StoreEvidence {
  readonly days: number;
  readonly startMs: number;
  readonly nowMs: number;
  /** units sold per variant id per day (orders neither cancelled nor test) */
  private readonly units = new Map<number, Int32Array>();
  /** stock at the start of each day, after that day's deliveries */
  private readonly stock = new Map<number, Int32Array>();
  private readonly variantsByProduct = new Map<number, number[]>();
  private readonly liveFrom = new Map<number, number>();
  /** every sold line, by product id */
  private readonly lines = new Map<number, SoldLine[]>();
  private readonly categoryCache = new Map<string, number>();

  constructor(
    readonly store: StoreData,
    history: InventoryHistory,
  ) {
    this.startMs = parseIso(history.start);
    this.nowMs = parseIso(store.now);
    this.days = Math.round((this.nowMs - this.startMs) / DAY_MS);
    for (const variant of store.variants) {
      this.units.set(variant.id, new Int32Array(this.days));
      const list = this.variantsByProduct.get(variant.productId) ?? [];
      list.push(variant.id);
      this.variantsByProduct.set(variant.productId, list);
    }
    for (const product of store.products) {
      const published = product.publishedAt === null ? Infinity : parseIso(product.publishedAt);
      this.liveFrom.set(
        product.id,
        product.status === "ACTIVE" ? Math.max(0, this.dayOf(published)) : Infinity,
      );
    }
    for (const order of this.sales()) {
      const createdMs = parseIso(order.createdAt);
      const day = this.dayOf(createdMs);
      for (const line of order.lineItems) {
        const series = line.variantId === null ? undefined : this.units.get(line.variantId);
        if (series) series[day] = (series[day] as number) + line.quantity;
        if (line.productId === null || line.variantId === null) continue;
        const refunds = order.refunds.filter((refund) =>
          refund.lineItems.some((item) => item.lineItemId === line.id),
        );
        const list = this.lines.get(line.productId) ?? [];
        list.push({
          day,
          createdMs,
          variantId: line.variantId,
          quantity: line.quantity,
          originalCents: parseCents(line.originalUnitPrice),
          netCents: parseCents(line.discountedUnitPrice),
          refundIds: refunds.map((refund) => refund.id),
          refundedUnits: refunds.reduce(
            (sum, refund) =>
              sum +
              refund.lineItems
                .filter((item) => item.lineItemId === line.id)
                .reduce((n, item) => n + item.quantity, 0),
            0,
          ),
        });
        this.lines.set(line.productId, list);
      }
    }
    const deliveries = new Map<number, Int32Array>();
    for (const event of history.events) {
      const series = deliveries.get(event.variantId) ?? new Int32Array(this.days);
      const day = this.dayOf(parseIso(event.at));
      series[day] = (series[day] as number) + event.quantity;
      deliveries.set(event.variantId, series);
    }
    for (const variant of store.variants) {
      const sold = this.units.get(variant.id) as Int32Array;
      const arrived = deliveries.get(variant.id) ?? new Int32Array(this.days);
      const levels = new Int32Array(this.days);
      let level = 0;
      for (let day = 0; day < this.days; day++) {
        level += arrived[day] as number;
        levels[day] = level;
        level -= sold[day] as number;
      }
      this.stock.set(variant.id, levels);
    }
  }

  dayOf(ms: number): number {
    return Math.floor((ms - this.startMs) / DAY_MS);
  }

  /** The last `length` days before now. */
  recent(length: number): Window {
    return { from: this.days - length, to: this.days };
  }

  /** Orders that count as sales: not cancelled, not test. */
  *sales(): Generator<StoreOrder> {
    for (const order of this.store.orders) if (!order.test && order.cancelledAt === null) yield order;
  }

  variantIds(productId: number): number[] {
    return this.variantsByProduct.get(productId) ?? [];
  }

  variantUnits(variantId: number, window: Window): number {
    const series = this.units.get(variantId);
    let total = 0;
    for (let day = Math.max(0, window.from); day < window.to; day++) total += series?.[day] ?? 0;
    return total;
  }

  stockAt(variantId: number, day: number): number {
    return this.stock.get(variantId)?.[day] ?? 0;
  }

  variantInStockDays(variantId: number, productId: number, window: Window): number {
    const live = this.liveFrom.get(productId) ?? Infinity;
    let count = 0;
    for (let day = Math.max(0, window.from); day < window.to; day++) {
      if (day >= live && this.stockAt(variantId, day) > 0) count += 1;
    }
    return count;
  }

  productUnits(productId: number, window: Window): number {
    return this.variantIds(productId).reduce((sum, id) => sum + this.variantUnits(id, window), 0);
  }

  /** Days the product was live with at least one variant in stock. */
  productInStockDays(productId: number, window: Window): number {
    const live = this.liveFrom.get(productId) ?? Infinity;
    const ids = this.variantIds(productId);
    let count = 0;
    for (let day = Math.max(0, window.from); day < window.to; day++) {
      if (day >= live && ids.some((id) => this.stockAt(id, day) > 0)) count += 1;
    }
    return count;
  }

  /** Units per in-stock day of the active products of a type (Σ units / Σ in-stock days), optionally without one. */
  categoryRate(
    productType: string,
    window: Window,
    level: "product" | "variant" = "product",
    except?: number,
  ): number {
    const key = `${productType}|${window.from}|${window.to}|${level}|${except ?? ""}`;
    const cached = this.categoryCache.get(key);
    if (cached !== undefined) return cached;
    let units = 0;
    let exposure = 0;
    for (const product of this.store.products) {
      if (product.status !== "ACTIVE" || product.productType !== productType || product.id === except)
        continue;
      units += this.productUnits(product.id, window);
      exposure +=
        level === "product"
          ? this.productInStockDays(product.id, window)
          : this.variantIds(product.id).reduce(
              (sum, id) => sum + this.variantInStockDays(id, product.id, window),
              0,
            );
    }
    const rate = exposure > 0 ? units / exposure : 0;
    this.categoryCache.set(key, rate);
    return rate;
  }

  /** Days since the product's last sale before now (Infinity if it never sold). */
  daysSinceLastSale(productId: number): number {
    const lines = this.lines.get(productId) ?? [];
    return lines.length === 0 ? Infinity : this.days - Math.max(...lines.map((line) => line.day));
  }

  /** Units sold and refunded, and refunds, for some products (matured: only orders past the return window). */
  returns(productIds: Iterable<number>, maturedOnly: boolean): ReturnCounts {
    const maturedBefore = this.nowMs - RETURN_WINDOW_DAYS * DAY_MS;
    const counts: ReturnCounts = { units: 0, refundedUnits: 0, refunds: 0 };
    const refunds = new Set<number>();
    for (const id of productIds) {
      for (const line of this.lines.get(id) ?? []) {
        if (maturedOnly && line.createdMs >= maturedBefore) continue;
        counts.units += line.quantity;
        counts.refundedUnits += line.refundedUnits;
        for (const refundId of line.refundIds) refunds.add(refundId);
      }
    }
    counts.refunds = refunds.size;
    return counts;
  }

  productIdsOfType(productType: string): number[] {
    return this.store.products
      .filter((product) => product.status === "ACTIVE" && product.productType === productType)
      .map((product) => product.id);
  }

  /** Units of the product in the window, split by whether they sold at a discount and below unit cost. */
  priceMix(productId: number, window: Window): { units: number; discounted: number; belowCost: number } {
    const costs = new Map(
      this.store.variants
        .filter((variant) => variant.productId === productId)
        .map((variant) => [variant.id, variant.unitCost === null ? null : parseCents(variant.unitCost)]),
    );
    const mix = { units: 0, discounted: 0, belowCost: 0 };
    for (const line of this.lines.get(productId) ?? []) {
      if (line.day < window.from || line.day >= window.to) continue;
      const cost = costs.get(line.variantId);
      mix.units += line.quantity;
      if (line.netCents < line.originalCents) mix.discounted += line.quantity;
      if (cost !== null && cost !== undefined && line.netCents < cost) mix.belowCost += line.quantity;
    }
    return mix;
  }

  /** Trailing revenue per product (before discounts), for ABC classes. */
  revenueByProduct(window: Window): Map<number, number> {
    const revenue = new Map<number, number>();
    for (const [productId, lines] of this.lines) {
      for (const line of lines) {
        if (line.day < window.from || line.day >= window.to) continue;
        revenue.set(productId, (revenue.get(productId) ?? 0) + line.quantity * line.originalCents);
      }
    }
    return revenue;
  }
}

/** P(X <= k) for X ~ Poisson(mean). */
function poissonCdf(k: number, mean: number): number {
  if (k < 0) return 0;
  let term = Math.exp(-mean);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= mean / i;
    sum += term;
  }
  return Math.min(1, sum);
}

/**
 * P(rate < threshold) under the Gamma(x + shape, exposure + shape / prior) posterior of a Poisson
 * rate (integer shape), via the Gamma-Poisson identity P(Gamma(n, e) < t) = P(Poisson(t e) >= n).
 */
export function probabilityRateBelow(
  units: number,
  exposure: number,
  threshold: number,
  prior: { shape: number; mean: number },
): number {
  return 1 - poissonCdf(units + prior.shape - 1, threshold * (exposure + prior.shape / prior.mean));
}

/** One-sided upper confidence bound of a Poisson mean given `x` events (by bisection). */
export function poissonUpper(x: number, confidence: number): number {
  let low = x;
  let high = x + 10 * Math.sqrt(x + 1) + 10;
  for (let k = 0; k < 60; k++) {
    const mid = (low + high) / 2;
    if (poissonCdf(x, mid) > 1 - confidence) low = mid;
    else high = mid;
  }
  return high;
}

/** P(X <= k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  let sum = 0;
  let term = (1 - p) ** n;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return Math.min(1, sum);
}

/** Wilson score interval lower bound for a proportion (z = 1.2816: one-sided 90 %). */
export function wilsonLower(successes: number, trials: number, z = 1.2816): number {
  if (trials === 0) return 0;
  const p = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = p + (z * z) / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  return (centre - margin) / denominator;
}

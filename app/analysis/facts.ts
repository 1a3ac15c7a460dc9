/*
 * One pass over the input into per-product and per-variant facts (typed arrays indexed like the
 * sorted products and variants): window sales, exposure, stock, costs, returns, category priors
 * and seasons. flags.ts turns these facts into flags; index.ts into metrics.
 */
import { dayNumber } from "./format";
import type { AnalysisInput, AnalysisSettings, ProductInput, VariantInput } from "./types";

/** Days of history kept per product and category: a year (seasons, year over year) plus a window. */
const YEAR = 365;
/** Outliers are capped only when a line is this large at least (3 units are never wholesale). */
const MIN_OUTLIER_UNITS = 6;
/** The least weight a sales-rate prior may have (a Gamma shape), see gammaPrior. */
const MIN_PRIOR_SHAPE = 0.5;
/** A zero-sale gap shorter than this is never called a stockout. */
const MIN_STOCKOUT_GAP_DAYS = 7;

export interface CategoryPrior {
  /** units per in-stock day of the category's active products */
  rate: number;
  /** Gamma prior of a product's rate: shape and rate (days) */
  shape: number;
  scale: number;
  /** "productType" or "global" when the category was too small or too sparse */
  source: "category" | "global";
  /** returns (matured units): Beta prior */
  returnRate: number;
  returnA: number;
  returnB: number;
  returnSource: "category" | "global";
  offSeason: boolean;
  seasonal: boolean;
  /** units per in-stock day over the trailing year */
  yearRate: number;
  /** recent rate over the peak 90-day rate of the last year (null without a year of data) */
  seasonIndex: number | null;
}

export interface Facts {
  settings: AnalysisSettings;
  asOf: number;
  recentStart: number;
  priorStart: number;
  yearAgoStart: number;
  spanStart: number;
  span: number;
  dataStart: number;
  products: ProductInput[];
  variants: VariantInput[];
  variantProduct: Int32Array;
  /** variants of product p: variantOrder[variantStart[p] .. variantStart[p + 1]) */
  variantStart: Int32Array;
  liveDay: Float64Array;
  active: Uint8Array;
  categoryOf: Int32Array;
  categories: string[];
  priors: CategoryPrior[];
  /** leave-nothing-out category sums per window, for the trend adjustment */
  categoryUnits: { recent: Float64Array; prior: Float64Array; yearAgo: Float64Array };
  categoryExposure: { recent: Float64Array; prior: Float64Array; yearAgo: Float64Array };
  // per product
  unitsRecent: Float64Array;
  cappedRecent: Float64Array;
  cappedPrior: Float64Array;
  cappedYearAgo: Float64Array;
  cappedUnits: Float64Array;
  ordersRecent: Float64Array;
  ordersInSpan: Float64Array;
  revenueRecent: Float64Array;
  discountRecent: Float64Array;
  marginRecent: Float64Array;
  marginKnown: Uint8Array;
  abcValue: Float64Array;
  discountedUnitsRecent: Float64Array;
  belowCostUnits: Float64Array;
  belowCostLossMinor: Float64Array;
  soldUnitsCostKnown: Float64Array;
  promoUnits: Float64Array;
  fullPriceUnits: Float64Array;
  promoDays: Float64Array;
  fullPriceDays: Float64Array;
  exposureRecent: Float64Array;
  exposurePrior: Float64Array;
  exposureYearAgo: Float64Array;
  exposureBoth: Float64Array;
  /** days removed from exposure as probable stockouts (no stock history) */
  stockoutGapDays: Float64Array;
  coveredByHistory: Uint8Array;
  lastSaleDay: Float64Array;
  quietInStockDays: Float64Array;
  inStockBeforeQuiet: Float64Array;
  /** days with a sale per in-stock day over both windows before the quiet spell (bursts count once) */
  saleDayRate: Float64Array;
  /** trailing year: capped units and in-stock days (seasonal items are judged over a whole year) */
  cappedYear: Float64Array;
  exposureYear: Float64Array;
  /** per category and span day: units and in-stock active products */
  categoryDailyUnits: Float64Array;
  categoryDailyExposure: Float64Array;
  maturedUnits: Float64Array;
  maturedRefunded: Float64Array;
  maturedRefundDays: Float64Array;
  stockUnits: Float64Array;
  stockValueMinor: Float64Array;
  stockValueAtPrice: Uint8Array;
  // per variant
  variantUnitsRecent: Float64Array;
  variantCappedRecent: Float64Array;
  variantRevenueRecent: Float64Array;
  storePromoDayCount: number;
}

/** Units per in-stock product day of a category over days [from, to] of the span (NaN without exposure). */
export function categoryRateBetween(facts: Facts, c: number, from: number, to: number): number {
  let units = 0;
  let exposure = 0;
  const first = Math.max(from, facts.spanStart) - facts.spanStart;
  const last = Math.min(to, facts.asOf) - facts.spanStart;
  for (let k = first; k <= last; k++) {
    units += facts.categoryDailyUnits[c * facts.span + k] as number;
    exposure += facts.categoryDailyExposure[c * facts.span + k] as number;
  }
  return exposure > 0 ? units / exposure : NaN;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function collectFacts(input: AnalysisInput): Facts {
  const settings = input.settings;
  const W = settings.windowDays;
  const asOf = dayNumber(input.asOf);
  const recentStart = asOf - W + 1;
  const priorStart = recentStart - W;
  const yearAgoStart = recentStart - YEAR;
  const span = YEAR + W;
  const spanStart = asOf - span + 1;
  const inSpan = (day: number) => day >= spanStart && day <= asOf;

  // Day strings repeat across rows: parse each once.
  const dayCache = new Map<string, number>();
  const day = (text: string) => {
    let value = dayCache.get(text);
    if (value === undefined) {
      value = dayNumber(text);
      dayCache.set(text, value);
    }
    return value;
  };

  const products = [...input.products].sort(byId);
  const P = products.length;
  const productIndex = new Map<string, number>();
  products.forEach((product, i) => productIndex.set(product.id, i));
  // grouped by product (in product order), so a product's variants are one contiguous range
  const variants = input.variants
    .filter((variant) => productIndex.has(variant.productId))
    .sort(
      (a, b) =>
        (productIndex.get(a.productId) as number) - (productIndex.get(b.productId) as number) || byId(a, b),
    );
  const V = variants.length;
  const variantIndex = new Map<string, number>();
  const variantProduct = new Int32Array(V);
  variants.forEach((variant, i) => {
    variantIndex.set(variant.id, i);
    variantProduct[i] = productIndex.get(variant.productId) as number;
  });
  const variantStart = new Int32Array(P + 1);
  for (let v = 0; v < V; v++) {
    const next = (variantProduct[v] as number) + 1;
    variantStart[next] = (variantStart[next] as number) + 1;
  }
  for (let p = 0; p < P; p++)
    variantStart[p + 1] = (variantStart[p + 1] as number) + (variantStart[p] as number);

  const categories: string[] = [];
  const categoryIndex = new Map<string, number>();
  const categoryOf = new Int32Array(P);
  const liveDay = new Float64Array(P);
  const active = new Uint8Array(P);
  products.forEach((product, p) => {
    let c = categoryIndex.get(product.productType);
    if (c === undefined) {
      c = categories.length;
      categories.push(product.productType);
      categoryIndex.set(product.productType, c);
    }
    categoryOf[p] = c;
    // Active with no publishing date: sold on a channel other than the online store (POS), live
    // since it was created.
    liveDay[p] =
      product.publishedAt !== null
        ? Math.max(day(product.publishedAt), day(product.createdAt))
        : product.status === "ACTIVE"
          ? day(product.createdAt)
          : Infinity;
    active[p] = product.status === "ACTIVE" ? 1 : 0;
  });
  const C = categories.length;

  // ---- stock and cost history, grouped by variant (CSR arrays) ------------------------------------
  const snapshotStart = new Int32Array(V + 1);
  const inventoryVariant = new Int32Array(input.inventory.length);
  input.inventory.forEach((row, i) => {
    const v = variantIndex.get(row.variantId) ?? -1;
    inventoryVariant[i] = v;
    if (v >= 0) snapshotStart[v + 1] = (snapshotStart[v + 1] as number) + 1;
  });
  for (let v = 0; v < V; v++)
    snapshotStart[v + 1] = (snapshotStart[v + 1] as number) + (snapshotStart[v] as number);
  const snapshots = snapshotStart[V] as number;
  const snapshotDay = new Int32Array(snapshots);
  const snapshotQuantity = new Int32Array(snapshots);
  const snapshotCost = new Float64Array(snapshots);
  const fill = snapshotStart.slice(0, V);
  input.inventory.forEach((row, i) => {
    const v = inventoryVariant[i] as number;
    if (v < 0) return;
    const at = (fill[v] as number)++;
    snapshotDay[at] = day(row.day);
    snapshotQuantity[at] = row.quantity;
    snapshotCost[at] = row.unitCostMinor ?? NaN;
  });
  for (let v = 0; v < V; v++) sortSegment(snapshotStart[v] as number, snapshotStart[v + 1] as number);
  function sortSegment(from: number, to: number) {
    let sorted = true;
    for (let k = from + 1; k < to; k++)
      if ((snapshotDay[k] as number) < (snapshotDay[k - 1] as number)) sorted = false;
    if (sorted) return;
    const order = Array.from({ length: to - from }, (_, k) => from + k).sort(
      (a, b) => (snapshotDay[a] as number) - (snapshotDay[b] as number) || a - b,
    );
    const days = order.map((k) => snapshotDay[k] as number);
    const quantities = order.map((k) => snapshotQuantity[k] as number);
    const costs = order.map((k) => snapshotCost[k] as number);
    snapshotDay.set(days, from);
    snapshotQuantity.set(quantities, from);
    snapshotCost.set(costs, from);
  }
  /** the cost of the latest snapshot on or before the day, else the variant's current cost */
  const costAt = (v: number, at: number): number | null => {
    let low = snapshotStart[v] as number;
    let high = (snapshotStart[v + 1] as number) - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((snapshotDay[mid] as number) <= at) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (found >= 0 && !Number.isNaN(snapshotCost[found] as number)) return snapshotCost[found] as number;
    return (variants[v] as VariantInput).unitCostMinor;
  };

  // In stock per product and day of the span: from snapshots where every variant has them, else
  // days on sale (the fallback the notes ask for, refined below by probable stockout gaps).
  const inStock = new Uint8Array(P * span);
  const coverageStart = new Float64Array(P).fill(-Infinity);
  for (let p = 0; p < P; p++) {
    for (let k = variantStart[p] as number; k < (variantStart[p + 1] as number); k++) {
      const first = snapshotStart[k] as number;
      const firstDay = first < (snapshotStart[k + 1] as number) ? (snapshotDay[first] as number) : Infinity;
      coverageStart[p] = Math.max(coverageStart[p] as number, firstDay);
    }
    if (variantStart[p] === variantStart[p + 1]) coverageStart[p] = Infinity;
  }
  for (let v = 0; v < V; v++) {
    const p = variantProduct[v] as number;
    if (!Number.isFinite(coverageStart[p] as number)) continue;
    const end = snapshotStart[v + 1] as number;
    for (let k = snapshotStart[v] as number; k < end; k++) {
      if ((snapshotQuantity[k] as number) <= 0) continue;
      const from = Math.max(snapshotDay[k] as number, spanStart, liveDay[p] as number);
      const to = Math.min(k + 1 < end ? (snapshotDay[k + 1] as number) - 1 : asOf, asOf);
      for (let d = from; d <= to; d++) inStock[p * span + (d - spanStart)] = 1;
    }
  }
  for (let p = 0; p < P; p++) {
    const from = Math.max(liveDay[p] as number, spanStart);
    const to = Math.min((coverageStart[p] as number) - 1, asOf);
    for (let d = from; d <= to; d++) inStock[p * span + (d - spanStart)] = 1;
  }

  // ---- pass 1 over sales: typical order size, store-wide discount share per day, last sales ------
  const totalUnits = new Float64Array(P);
  const totalOrders = new Float64Array(P);
  const lastSaleDay = new Float64Array(P).fill(-Infinity);
  const storeUnits = new Float64Array(span);
  const storeDiscounted = new Float64Array(span);
  const rowProduct = new Int32Array(input.dailySales.length);
  const rowVariant = new Int32Array(input.dailySales.length);
  const rowDay = new Float64Array(input.dailySales.length);
  let dataStart = Infinity;
  input.dailySales.forEach((row, i) => {
    const v = variantIndex.get(row.variantId) ?? -1;
    const p = v >= 0 ? (variantProduct[v] as number) : (productIndex.get(row.productId) ?? -1);
    const d = day(row.day);
    rowVariant[i] = v;
    rowProduct[i] = p;
    rowDay[i] = d;
    if (d > asOf) return;
    dataStart = Math.min(dataStart, d);
    if (p < 0) return;
    totalUnits[p] = (totalUnits[p] as number) + row.units;
    totalOrders[p] = (totalOrders[p] as number) + row.orders;
    if (row.units > 0) lastSaleDay[p] = Math.max(lastSaleDay[p] as number, d);
    if (inSpan(d)) {
      storeUnits[d - spanStart] = (storeUnits[d - spanStart] as number) + row.units;
      storeDiscounted[d - spanStart] = (storeDiscounted[d - spanStart] as number) + row.discountedUnits;
    }
  });

  // Promotion days: the store-wide share of discounted units is far above its usual level.
  const shares: number[] = [];
  for (let k = 0; k < span; k++) {
    if ((storeUnits[k] as number) > 0)
      shares.push((storeDiscounted[k] as number) / (storeUnits[k] as number));
  }
  shares.sort((a, b) => a - b);
  const medianShare = shares.length > 0 ? (shares[Math.floor(shares.length / 2)] as number) : 0;
  const promoDay = new Uint8Array(span);
  let storePromoDayCount = 0;
  for (let k = 0; k < span; k++) {
    const units = storeUnits[k] as number;
    if (units > 0 && (storeDiscounted[k] as number) / units >= Math.max(0.5, 2 * medianShare)) {
      promoDay[k] = 1;
      storePromoDayCount++;
    }
  }

  // ---- pass 2: window sums --------------------------------------------------------------------------
  const unitsRecent = new Float64Array(P);
  const cappedRecent = new Float64Array(P);
  const cappedPrior = new Float64Array(P);
  const cappedYearAgo = new Float64Array(P);
  const cappedUnits = new Float64Array(P);
  const cappedYear = new Float64Array(P);
  const ordersRecent = new Float64Array(P);
  const ordersInSpan = new Float64Array(P);
  const revenueRecent = new Float64Array(P);
  const discountRecent = new Float64Array(P);
  const marginRecent = new Float64Array(P);
  const marginKnown = new Uint8Array(P);
  const abcValue = new Float64Array(P);
  const discountedUnitsRecent = new Float64Array(P);
  const belowCostUnits = new Float64Array(P);
  const belowCostLossMinor = new Float64Array(P);
  const soldUnitsCostKnown = new Float64Array(P);
  const promoUnits = new Float64Array(P);
  const fullPriceUnits = new Float64Array(P);
  const maturedUnits = new Float64Array(P);
  const maturedRefunded = new Float64Array(P);
  const maturedRefundDays = new Float64Array(P);
  const variantUnitsRecent = new Float64Array(V);
  const variantCappedRecent = new Float64Array(V);
  const variantRevenueRecent = new Float64Array(V);
  const categoryDailyUnits = new Float64Array(C * span);
  const gapSpan = 2 * W;
  const ordersByDay = new Uint16Array(P * gapSpan);
  const maturedBefore = asOf - settings.returnWindowDays;
  const maturedFrom = maturedBefore - settings.returnLookbackDays + 1;

  input.dailySales.forEach((row, i) => {
    const p = rowProduct[i] as number;
    const v = rowVariant[i] as number;
    const d = rowDay[i] as number;
    if (p < 0 || d > asOf || d < spanStart) return;
    // The usual order leaves this day's largest line out, so a big order on a slow item cannot
    // make itself usual; with no other order there is no usual to compare with.
    const otherOrders = (totalOrders[p] as number) - 1;
    const typical =
      otherOrders >= 1 ? Math.max(1, ((totalUnits[p] as number) - row.maxLineUnits) / otherOrders) : Infinity;
    // A line far above the item's usual order (a wholesale order) counts as one usual order.
    let units = row.units;
    if (row.maxLineUnits >= MIN_OUTLIER_UNITS && row.maxLineUnits > settings.outlierLineFactor * typical) {
      units = row.units - row.maxLineUnits + Math.ceil(typical);
      cappedUnits[p] = (cappedUnits[p] as number) + (row.units - units);
    }
    const k = d - spanStart;
    const c = categoryOf[p] as number;
    // Only where the product's day counts in the category's exposure (active, on sale): archived
    // products' past sales or sales before going live would raise the category's rate otherwise.
    if (active[p] && inStock[p * span + k])
      categoryDailyUnits[c * span + k] = (categoryDailyUnits[c * span + k] as number) + units;
    ordersInSpan[p] = (ordersInSpan[p] as number) + row.orders;
    if (d > asOf - YEAR) cappedYear[p] = (cappedYear[p] as number) + units;
    if (d >= priorStart) {
      const g = p * gapSpan + (d - priorStart);
      ordersByDay[g] = Math.min(65535, (ordersByDay[g] as number) + row.orders);
    }
    if (d >= maturedFrom && d <= maturedBefore) {
      maturedUnits[p] = (maturedUnits[p] as number) + row.units;
      maturedRefunded[p] = (maturedRefunded[p] as number) + row.refundedUnits;
      if (row.refundedUnits > 0) maturedRefundDays[p] = (maturedRefundDays[p] as number) + 1;
    }
    if (d >= yearAgoStart && d < yearAgoStart + W) cappedYearAgo[p] = (cappedYearAgo[p] as number) + units;
    if (d >= priorStart && d < recentStart) cappedPrior[p] = (cappedPrior[p] as number) + units;
    if (d < recentStart) return;

    const net = row.grossMinor - row.discountMinor;
    unitsRecent[p] = (unitsRecent[p] as number) + row.units;
    cappedRecent[p] = (cappedRecent[p] as number) + units;
    ordersRecent[p] = (ordersRecent[p] as number) + row.orders;
    revenueRecent[p] = (revenueRecent[p] as number) + net;
    discountRecent[p] = (discountRecent[p] as number) + row.discountMinor;
    discountedUnitsRecent[p] = (discountedUnitsRecent[p] as number) + row.discountedUnits;
    if (promoDay[k]) promoUnits[p] = (promoUnits[p] as number) + row.units;
    else fullPriceUnits[p] = (fullPriceUnits[p] as number) + row.units;
    if (v >= 0) {
      variantUnitsRecent[v] = (variantUnitsRecent[v] as number) + row.units;
      variantCappedRecent[v] = (variantCappedRecent[v] as number) + units;
      variantRevenueRecent[v] = (variantRevenueRecent[v] as number) + net;
    }
    const cost = v >= 0 ? costAt(v, d) : null;
    if (cost === null) {
      abcValue[p] = (abcValue[p] as number) + net;
      return;
    }
    const margin = net - cost * row.units;
    marginRecent[p] = (marginRecent[p] as number) + margin;
    marginKnown[p] = 1;
    abcValue[p] = (abcValue[p] as number) + margin;
    soldUnitsCostKnown[p] = (soldUnitsCostKnown[p] as number) + row.units;
    // Discounts sit on the discounted units; their average net price decides whether they lost money.
    const original = row.units > 0 ? row.grossMinor / row.units : 0;
    const fullPrice = row.units - row.discountedUnits;
    if (original < cost && fullPrice > 0) {
      belowCostUnits[p] = (belowCostUnits[p] as number) + fullPrice;
      belowCostLossMinor[p] = (belowCostLossMinor[p] as number) + (cost - original) * fullPrice;
    }
    if (row.discountedUnits > 0) {
      const discountedNet = original - row.discountMinor / row.discountedUnits;
      if (discountedNet < cost) {
        belowCostUnits[p] = (belowCostUnits[p] as number) + row.discountedUnits;
        belowCostLossMinor[p] =
          (belowCostLossMinor[p] as number) + (cost - discountedNet) * row.discountedUnits;
      }
    }
  });

  // ---- probable stockouts without stock history ------------------------------------------------------
  const stockoutGapDays = new Float64Array(P);
  for (let p = 0; p < P; p++) excludeStockoutGaps(p);
  function excludeStockoutGaps(p: number) {
    const from = Math.max(priorStart, liveDay[p] as number);
    const lastUncovered = Math.min(asOf, (coverageStart[p] as number) - 1);
    if (from > lastUncovered) return;
    const base = p * gapSpan - priorStart;
    let orders = 0;
    for (let d = from; d <= asOf; d++) orders += ordersByDay[base + d] as number;
    const liveDays = asOf - from + 1;
    let previous = -1;
    for (let d = from; d <= asOf; d++) {
      if ((ordersByDay[base + d] as number) === 0) continue;
      if (previous >= 0) {
        const gap = d - previous - 1;
        // only ended gaps, on days without stock history
        if (gap >= MIN_STOCKOUT_GAP_DAYS && d - 1 <= lastUncovered) {
          const rate = orders / (liveDays - gap);
          if (Math.exp(-rate * gap) < settings.stockoutGapProbability && resumed(base, from, previous, d)) {
            for (let g = previous + 1; g < d; g++) inStock[p * span + (g - spanStart)] = 0;
            stockoutGapDays[p] = (stockoutGapDays[p] as number) + gap;
          }
        }
      }
      previous = d;
    }
  }
  /** Sales after the gap run at no less than half the rate before it. */
  function resumed(base: number, from: number, gapStart: number, gapEnd: number): boolean {
    let before = 0;
    for (let d = from; d <= gapStart; d++) before += ordersByDay[base + d] as number;
    let after = 0;
    for (let d = gapEnd; d <= asOf; d++) after += ordersByDay[base + d] as number;
    const rateBefore = before / (gapStart - from + 1);
    const rateAfter = after / (asOf - gapEnd + 1);
    return rateAfter >= 0.5 * rateBefore;
  }

  // ---- exposure per window, quiet spells, promotion days --------------------------------------------
  const exposureRecent = new Float64Array(P);
  const exposurePrior = new Float64Array(P);
  const exposureYearAgo = new Float64Array(P);
  const exposureBoth = new Float64Array(P);
  const quietInStockDays = new Float64Array(P);
  const inStockBeforeQuiet = new Float64Array(P);
  const saleDayRate = new Float64Array(P);
  const exposureYear = new Float64Array(P);
  const promoDays = new Float64Array(P);
  const fullPriceDays = new Float64Array(P);
  const categoryDailyExposure = new Float64Array(C * span);
  for (let p = 0; p < P; p++) {
    const row = p * span;
    const c = categoryOf[p] as number;
    const quietFrom = Math.max(spanStart, (lastSaleDay[p] as number) + 1);
    let recent = 0;
    let prior = 0;
    let yearAgo = 0;
    let quiet = 0;
    let before = 0;
    let year = 0;
    let recentBefore = 0;
    let saleDays = 0;
    for (let k = 0; k < span; k++) {
      const d = spanStart + k;
      if (d >= priorStart && d < quietFrom && (ordersByDay[p * gapSpan + (d - priorStart)] as number) > 0)
        saleDays++;
      if (!inStock[row + k]) continue;
      if (d > asOf - YEAR) year++;
      if (d >= priorStart && d < quietFrom) recentBefore++;
      if (active[p])
        categoryDailyExposure[c * span + k] = (categoryDailyExposure[c * span + k] as number) + 1;
      if (d >= recentStart) {
        recent++;
        if (promoDay[k]) promoDays[p] = (promoDays[p] as number) + 1;
        else fullPriceDays[p] = (fullPriceDays[p] as number) + 1;
      } else if (d >= priorStart) prior++;
      if (d >= yearAgoStart && d < yearAgoStart + W) yearAgo++;
      if (d >= quietFrom) quiet++;
      else before++;
    }
    exposureRecent[p] = recent;
    exposurePrior[p] = prior;
    exposureYearAgo[p] = yearAgo;
    exposureBoth[p] = recent + prior;
    quietInStockDays[p] = quiet;
    inStockBeforeQuiet[p] = before;
    saleDayRate[p] = recentBefore > 0 ? saleDays / recentBefore : 0;
    exposureYear[p] = year;
  }

  // ---- stock now ----------------------------------------------------------------------------------
  const stockUnits = new Float64Array(P);
  const stockValueMinor = new Float64Array(P);
  const stockValueAtPrice = new Uint8Array(P);
  for (let v = 0; v < V; v++) {
    const variant = variants[v] as VariantInput;
    const p = variantProduct[v] as number;
    const quantity = Math.max(0, variant.inventoryQuantity);
    stockUnits[p] = (stockUnits[p] as number) + quantity;
    if (variant.unitCostMinor === null && quantity > 0) stockValueAtPrice[p] = 1;
    stockValueMinor[p] =
      (stockValueMinor[p] as number) + quantity * (variant.unitCostMinor ?? variant.priceMinor);
  }

  const facts: Facts = {
    settings,
    asOf,
    recentStart,
    priorStart,
    yearAgoStart,
    spanStart,
    span,
    dataStart,
    products,
    variants,
    variantProduct,
    variantStart,
    liveDay,
    active,
    categoryOf,
    categories,
    priors: [],
    categoryUnits: { recent: new Float64Array(C), prior: new Float64Array(C), yearAgo: new Float64Array(C) },
    categoryExposure: {
      recent: new Float64Array(C),
      prior: new Float64Array(C),
      yearAgo: new Float64Array(C),
    },
    unitsRecent,
    cappedRecent,
    cappedPrior,
    cappedYearAgo,
    cappedUnits,
    ordersRecent,
    ordersInSpan,
    revenueRecent,
    discountRecent,
    marginRecent,
    marginKnown,
    abcValue,
    discountedUnitsRecent,
    belowCostUnits,
    belowCostLossMinor,
    soldUnitsCostKnown,
    promoUnits,
    fullPriceUnits,
    promoDays,
    fullPriceDays,
    exposureRecent,
    exposurePrior,
    exposureYearAgo,
    exposureBoth,
    stockoutGapDays,
    coveredByHistory: Uint8Array.from(coverageStart, (start) => (start <= recentStart ? 1 : 0)),
    lastSaleDay,
    quietInStockDays,
    inStockBeforeQuiet,
    saleDayRate,
    cappedYear,
    exposureYear,
    categoryDailyUnits,
    categoryDailyExposure,
    maturedUnits,
    maturedRefunded,
    maturedRefundDays,
    stockUnits,
    stockValueMinor,
    stockValueAtPrice,
    variantUnitsRecent,
    variantCappedRecent,
    variantRevenueRecent,
    storePromoDayCount,
  };
  fitCategories(facts);
  return facts;
}

/**
 * Per category: window sums, the Poisson-Gamma prior of sales rates and the Beta prior of return
 * rates (method of moments, Clayton & Kaldor), falling back to the store-wide prior when the
 * category is small or mostly zeros; and whether it is off season.
 */
function fitCategories(facts: Facts) {
  const dailyUnits = facts.categoryDailyUnits;
  const dailyExposure = facts.categoryDailyExposure;
  const { settings, products, categoryOf, active, span } = facts;
  const C = facts.categories.length;
  const W = settings.windowDays;
  const P = products.length;
  const units = facts.categoryUnits;
  const exposure = facts.categoryExposure;
  const count = new Float64Array(C);
  const zeros = new Float64Array(C);
  const maturedUnits = new Float64Array(C);
  const maturedRefunded = new Float64Array(C);
  const returnItems = new Float64Array(C);
  for (let p = 0; p < P; p++) {
    if (!active[p]) continue;
    const c = categoryOf[p] as number;
    units.recent[c] = (units.recent[c] as number) + (facts.cappedRecent[p] as number);
    units.prior[c] = (units.prior[c] as number) + (facts.cappedPrior[p] as number);
    units.yearAgo[c] = (units.yearAgo[c] as number) + (facts.cappedYearAgo[p] as number);
    exposure.recent[c] = (exposure.recent[c] as number) + (facts.exposureRecent[p] as number);
    exposure.prior[c] = (exposure.prior[c] as number) + (facts.exposurePrior[p] as number);
    exposure.yearAgo[c] = (exposure.yearAgo[c] as number) + (facts.exposureYearAgo[p] as number);
    if ((facts.exposureRecent[p] as number) > 0) {
      count[c] = (count[c] as number) + 1;
      if ((facts.cappedRecent[p] as number) === 0) zeros[c] = (zeros[c] as number) + 1;
    }
    if ((facts.maturedUnits[p] as number) > 0) {
      maturedUnits[c] = (maturedUnits[c] as number) + (facts.maturedUnits[p] as number);
      maturedRefunded[c] = (maturedRefunded[c] as number) + (facts.maturedRefunded[p] as number);
      returnItems[c] = (returnItems[c] as number) + 1;
    }
  }
  const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0);

  // between-item variance of rates beyond Poisson noise, exposure-weighted
  const gammaPrior = (members: (p: number) => boolean, x: number, e: number, n: number) => {
    const mean = e > 0 ? x / e : 0;
    let spread = 0;
    for (let p = 0; p < P; p++) {
      const exposed = facts.exposureRecent[p] as number;
      if (exposed <= 0 || !members(p)) continue;
      spread += exposed * ((facts.cappedRecent[p] as number) / exposed - mean) ** 2;
    }
    const variance = e > 0 ? spread / e - mean / (e / Math.max(1, n)) : 0;
    // Between maxPriorShape (at most 5 sales' weight) and MIN_PRIOR_SHAPE: one fast seller among
    // slow ones would otherwise spread the prior so thin that a rate's interval leaves out the rate.
    const phi = Math.min(
      Math.max(variance, (mean * mean) / settings.maxPriorShape, 1e-9),
      Math.max((mean * mean) / MIN_PRIOR_SHAPE, 1e-9),
    );
    const shape = mean > 0 ? (mean * mean) / phi : MIN_PRIOR_SHAPE;
    return { rate: mean, shape, scale: mean > 0 ? mean / phi : 0.5 / 1e-3 };
  };
  const betaPrior = (members: (p: number) => boolean, r: number, n: number, items: number) => {
    const mean = n > 0 ? Math.min(Math.max(r / n, 1e-4), 0.9999) : 0.05;
    let spread = 0;
    for (let p = 0; p < P; p++) {
      const m = facts.maturedUnits[p] as number;
      if (m <= 0 || !members(p)) continue;
      spread += m * ((facts.maturedRefunded[p] as number) / m - mean) ** 2;
    }
    const meanSize = n / Math.max(1, items);
    const binomial = mean * (1 - mean);
    const observed = n > 0 ? spread / n : binomial;
    // intra-class correlation of the Beta-Binomial; bounded so the prior is neither flat nor rigid
    const correlation = Math.min(
      0.5,
      Math.max(1 / (settings.maxPriorShape * 10), (observed - binomial / meanSize) / binomial),
    );
    const strength = 1 / correlation - 1;
    return { returnRate: mean, returnA: mean * strength, returnB: (1 - mean) * strength };
  };

  const isActive = (p: number) => active[p] === 1;
  const global = gammaPrior(isActive, sum(units.recent), sum(exposure.recent), sum(count));
  const globalReturns = betaPrior(isActive, sum(maturedRefunded), sum(maturedUnits), sum(returnItems));

  // Season: recent 90-day rate against the best 90-day rate of the past year, stepping by 30 days.
  // A category of one or two products is mostly the item judged: the store's curve stands in.
  const haveYear = facts.dataStart <= facts.asOf - 364;
  const storeUnits = new Float64Array(span);
  const storeExposure = new Float64Array(span);
  for (let c = 0; c < C; c++) {
    for (let k = 0; k < span; k++) {
      storeUnits[k] = (storeUnits[k] as number) + (dailyUnits[c * span + k] as number);
      storeExposure[k] = (storeExposure[k] as number) + (dailyExposure[c * span + k] as number);
    }
  }
  const season = (c: number) => {
    if (!haveYear) return { offSeason: false, seasonal: false, seasonIndex: null };
    const own = (count[c] as number) >= 3;
    const rateBetween = (from: number, to: number) => {
      let u = 0;
      let e = 0;
      for (let k = Math.max(0, from - facts.spanStart); k <= to - facts.spanStart; k++) {
        u += own ? (dailyUnits[c * span + k] as number) : (storeUnits[k] as number);
        e += own ? (dailyExposure[c * span + k] as number) : (storeExposure[k] as number);
      }
      return e > 0 ? u / e : NaN;
    };
    const rates: number[] = [];
    for (let end = facts.asOf; end - W + 1 >= facts.asOf - 364; end -= 30) {
      const rate = rateBetween(end - W + 1, end);
      rates.push(Number.isFinite(rate) ? rate : 0);
    }
    const recent = rates[0] as number;
    const peak = Math.max(...rates);
    const trough = Math.min(...rates);
    if (peak <= 0) return { offSeason: false, seasonal: false, seasonIndex: null };
    const seasonal = trough < settings.offSeasonRatio * peak;
    // a seasonal category whose last month sells below its yearly average is past (or before) its season
    const lastMonth = rateBetween(facts.asOf - 29, facts.asOf);
    const yearly = rateBetween(facts.asOf - 364, facts.asOf);
    const low = recent < settings.offSeasonRatio * peak || (seasonal && lastMonth < yearly);
    // A season comes back: where the data reach the same window a year earlier, it was low then
    // too. A fall that did not happen a year ago is a decline, which must not be excused.
    const yearAgoFrom = Math.max(facts.dataStart, facts.asOf - YEAR - W + 1);
    const yearAgo =
      facts.asOf - YEAR - yearAgoFrom + 1 >= W / 2 ? rateBetween(yearAgoFrom, facts.asOf - YEAR) : NaN;
    const repeats = !Number.isFinite(yearAgo) || yearAgo < settings.offSeasonRatio * peak;
    return { offSeason: low && repeats, seasonal, seasonIndex: recent / peak };
  };

  for (let c = 0; c < C; c++) {
    const members = (p: number) => active[p] === 1 && categoryOf[p] === c;
    const n = count[c] as number;
    const sparse = n < 3 || (zeros[c] as number) > n / 2 || (units.recent[c] as number) === 0;
    const sales = sparse
      ? { ...global, source: "global" as const }
      : {
          ...gammaPrior(members, units.recent[c] as number, exposure.recent[c] as number, n),
          source: "category" as const,
        };
    const returnsSparse = (returnItems[c] as number) < 3 || (maturedUnits[c] as number) < 50;
    const returns = returnsSparse
      ? { ...globalReturns, returnSource: "global" as const }
      : {
          ...betaPrior(
            members,
            maturedRefunded[c] as number,
            maturedUnits[c] as number,
            returnItems[c] as number,
          ),
          returnSource: "category" as const,
        };
    const yearRate = categoryRateBetween(facts, c, facts.asOf - 364, facts.asOf);
    facts.priors.push({
      ...sales,
      ...returns,
      ...season(c),
      yearRate: Number.isFinite(yearRate) ? yearRate : 0,
    });
  }
}

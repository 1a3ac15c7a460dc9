/**
 * The analysis contract: pure data in, metrics and flags out. The loader (database) and the
 * pages code against these shapes; see notes/analytics-methods.md for the method.
 */

export type Day = string; // YYYY-MM-DD in the shop's time zone

export interface ProductInput {
  id: string;
  title: string;
  handle: string;
  status: string /* ACTIVE|DRAFT|ARCHIVED */;
  productType: string;
  vendor: string;
  tags: string[];
  createdAt: Day;
  publishedAt: Day | null;
  descriptionHtml: string;
  /**
   * The description's visible length, when the caller measured it already (the loader does, so a
   * large catalog's HTML need not sit in memory; descriptionHtml is then empty).
   */
  descriptionTextLength?: number;
  seoTitle: string | null;
  seoDescription: string | null;
  mediaCount: number;
}

export interface VariantInput {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  priceMinor: number;
  compareAtPriceMinor: number | null;
  inventoryQuantity: number;
  unitCostMinor: number | null;
  createdAt: Day;
}

/** one row per variant and day with sales (cancelled and test orders excluded); refunds are counted on the ORDER's day */
export interface DailySalesInput {
  variantId: string;
  productId: string;
  day: Day;
  units: number;
  grossMinor: number /* units x original unit price */;
  discountMinor: number;
  refundedUnits: number;
  orders: number;
  discountedUnits: number /* units on lines sold below their original price */;
  maxLineUnits: number /* largest single line quantity */;
}

/** daily inventory snapshots (the app records them from install day on; may be empty: then fall back to days on sale and say so) */
export interface InventoryDayInput {
  variantId: string;
  day: Day;
  quantity: number;
  unitCostMinor: number | null;
}

/** Every threshold of the default rule set (notes: "all thresholds configurable"). */
export interface AnalysisSettings {
  /** Analysis window in calendar days ending at asOf; the prior window is the same length before it. */
  windowDays: number;
  /** Orders younger than this many days may still be refunded, so returns ignore them. */
  returnWindowDays: number;
  /** Return rates use matured orders from this many days before the return window. */
  returnLookbackDays: number;
  /** Supplier lead time plus safety stock, in days: stockout risk fires below this cover. */
  leadTimeDays: number;
  safetyDays: number;
  /** Descriptions with fewer visible characters than this are "thin". */
  thinDescriptionChars: number;
  /** Posterior probability a flag needs (slow mover, high returns). */
  flagProbability: number;
  /** Slow mover: P(rate < slowRatio x category rate) > flagProbability over >= minInStockDays. */
  slowRatio: number;
  minInStockDays: number;
  /** Declining: rate ratio < decliningRatio, FDR q < decliningFdr, >= decliningMinPriorUnits before. */
  decliningRatio: number;
  decliningFdr: number;
  decliningMinPriorUnits: number;
  /** Overstock: weeks of supply P50 > overstockWeeksP50 and P10 > overstockWeeksP10. */
  overstockWeeksP50: number;
  overstockWeeksP10: number;
  /** Overstock: fewer units than this beyond the P50 cover are not worth a merchant's attention. */
  overstockMinExcessUnits: number;
  /** Dead stock: no sale where >= deadExpectedSales orders were expected, or none in >= deadQuietDays in-stock days. */
  deadExpectedSales: number;
  deadQuietDays: number;
  /** Products live fewer days than this are "new" (not judged slow or dead). */
  newProductDays: number;
  /** High returns: P(rate > max(ratio x category, category + points)) > flagProbability. */
  highReturnsRatio: number;
  highReturnsPoints: number;
  highReturnsMinRefunds: number;
  highReturnsMinUnits: number;
  /** Sold below cost: more than this share of units at a net price below unit cost. */
  belowCostShare: number;
  /** Discount dependent: > share of units discounted, full-price rate <= ratio x promo rate, >= days. */
  discountShare: number;
  discountRateRatio: number;
  discountMinFullPriceDays: number;
  /** Discount dependency needs at least this many units in the window. */
  discountMinUnits: number;
  /** A category is in its off season when its recent rate is below this share of its yearly rate. */
  offSeasonRatio: number;
  /** Zero-sale gaps this improbable (Poisson tail) that ended with sales resuming are probable stockouts. */
  stockoutGapProbability: number;
  /** A line this many times the item's typical order size is an outlier (wholesale) and is capped. */
  outlierLineFactor: number;
  /** Empirical-Bayes priors are never worth more than this many sales (the variance floor). */
  maxPriorShape: number;
  /** ABC cuts on cumulative trailing margin share. */
  abcCutA: number;
  abcCutB: number;
}

export const DEFAULT_SETTINGS: AnalysisSettings = {
  windowDays: 90,
  returnWindowDays: 30,
  returnLookbackDays: 365,
  leadTimeDays: 14,
  safetyDays: 7,
  thinDescriptionChars: 80,
  flagProbability: 0.9,
  slowRatio: 0.3,
  minInStockDays: 28,
  decliningRatio: 0.6,
  decliningFdr: 0.1,
  decliningMinPriorUnits: 10,
  overstockWeeksP50: 26,
  overstockWeeksP10: 13,
  overstockMinExcessUnits: 3,
  deadExpectedSales: 5,
  deadQuietDays: 60,
  newProductDays: 28,
  highReturnsRatio: 1.5,
  highReturnsPoints: 0.05,
  highReturnsMinRefunds: 3,
  highReturnsMinUnits: 20,
  belowCostShare: 0.1,
  discountShare: 0.6,
  discountRateRatio: 0.3,
  discountMinFullPriceDays: 14,
  discountMinUnits: 10,
  offSeasonRatio: 0.6,
  stockoutGapProbability: 0.001,
  outlierLineFactor: 10,
  maxPriorShape: 5,
  abcCutA: 0.8,
  abcCutB: 0.95,
};

export interface AnalysisInput {
  asOf: Day;
  currencyCode: string;
  settings: AnalysisSettings;
  products: ProductInput[];
  variants: VariantInput[];
  dailySales: DailySalesInput[];
  inventory: InventoryDayInput[];
}

export type FlagKind =
  | "slow_mover"
  | "declining"
  | "overstock"
  | "dead_stock"
  | "stockout_risk"
  | "high_returns"
  | "sold_below_cost"
  | "discount_dependent"
  | "weak_content";

export type Severity = "high" | "medium" | "low";

/** Higher is more severe. */
export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

export interface Flag {
  productId: string;
  variantId: string | null;
  kind: FlagKind;
  severity: Severity;
  confidence: number /* 0..1 */;
  window: { start: Day; end: Day };
  summary: string /* one sentence a merchant understands, money formatted in currencyCode */;
  evidence: Record<
    string,
    number | string | boolean | null | number[]
  > /* counts, exposure, exposureBasis ("in_stock_days" | "days_on_sale"), estimate, interval, comparison, rule */;
  stockValueMinor: number /* stock at cost (or price when cost unknown, say so in evidence) */;
  revenueAtRiskMinor: number;
}

export interface ProductMetrics {
  productId: string;
  units: number;
  revenueMinor: number /* net of discounts, window */;
  discountMinor: number;
  marginMinor: number | null;
  inStockDays: number;
  exposureBasis: "in_stock_days" | "days_on_sale";
  ratePerDay: number /* shrunk */;
  rateInterval: [number, number];
  categoryRatePerDay: number;
  trendRatio: number | null;
  sellThrough: number | null;
  weeksOfSupply: number | null;
  abcClass: "A" | "B" | "C";
  returnRate: number | null;
  returnInterval: [number, number] | null;
  discountShare: number | null;
  contentIssues: string[];
  stockUnits: number;
  stockValueMinor: number;
  healthScore: number /* 0..100 */;
}

export interface VariantMetrics {
  variantId: string;
  productId: string;
  units: number;
  revenueMinor: number;
  stockUnits: number;
  daysOfCover: number | null;
  ratePerDay: number;
}

export interface AnalysisResult {
  asOf: Day;
  window: { start: Day; end: Day };
  products: ProductMetrics[];
  variants: VariantMetrics[];
  flags: Flag[];
}

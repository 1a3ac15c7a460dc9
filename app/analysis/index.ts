/*
 * analyze(): store data in, per-product and per-variant metrics and evidence-carrying flags out.
 * Pure and deterministic (no clock, no randomness, stable orders); the method is
 * notes/analytics-methods.md.
 */
import { collectFacts } from "./facts";
import { contentIssues, evaluateFlags, FLAG_ORDER } from "./flags";
import { dayString, moneyFormatter } from "./format";
import { estimate, returnInterval } from "./metrics";
import type { AnalysisInput, AnalysisResult, Flag, ProductMetrics, Severity, VariantMetrics } from "./types";

export * from "./types";

/** Health points a flag costs, by severity; a product without flags scores 100. */
const PENALTY: Record<Severity, number> = { high: 35, medium: 20, low: 8 };

export function analyze(input: AnalysisInput): AnalysisResult {
  const facts = collectFacts(input);
  const estimates = estimate(facts);
  const money = moneyFormatter(input.currencyCode);
  const flags = evaluateFlags(facts, estimates, money);
  const kindRank = new Map(FLAG_ORDER.map((kind, i) => [kind, i]));
  flags.sort(
    (a, b) =>
      (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0) ||
      (kindRank.get(a.kind) as number) - (kindRank.get(b.kind) as number) ||
      (a.variantId ?? "").localeCompare(b.variantId ?? ""),
  );

  const penalties = new Map<string, number>();
  for (const flag of flags)
    penalties.set(
      flag.productId,
      (penalties.get(flag.productId) ?? 0) + PENALTY[flag.severity] * flag.confidence,
    );

  const products: ProductMetrics[] = facts.products.map((product, p) => {
    const prior = facts.priors[facts.categoryOf[p] as number];
    const units = facts.unitsRecent[p] as number;
    const stock = facts.stockUnits[p] as number;
    const mean = estimates.mean[p] as number;
    const trend = estimates.trend[p];
    const matured = facts.maturedUnits[p] as number;
    return {
      productId: product.id,
      units,
      revenueMinor: Math.round(facts.revenueRecent[p] as number),
      discountMinor: Math.round(facts.discountRecent[p] as number),
      marginMinor: facts.marginKnown[p] ? Math.round(facts.marginRecent[p] as number) : null,
      inStockDays: facts.exposureRecent[p] as number,
      exposureBasis: facts.coveredByHistory[p] ? "in_stock_days" : "days_on_sale",
      ratePerDay: mean,
      rateInterval: [estimates.low[p] as number, estimates.high[p] as number],
      categoryRatePerDay: prior?.rate ?? 0,
      trendRatio: trend ? trend.ratio : null,
      // start + received = end + sold, so the snapshots are not needed for sell-through
      sellThrough: units + stock > 0 ? units / (units + stock) : null,
      weeksOfSupply: mean > 0 ? stock / (7 * mean) : null,
      abcClass: estimates.abc[p] as "A" | "B" | "C",
      returnRate: matured > 0 ? (facts.maturedRefunded[p] as number) / matured : null,
      returnInterval: returnInterval(facts, p),
      discountShare: units > 0 ? (facts.discountedUnitsRecent[p] as number) / units : null,
      contentIssues: contentIssues(facts, p),
      stockUnits: stock,
      stockValueMinor: Math.round(facts.stockValueMinor[p] as number),
      healthScore: Math.max(0, Math.round(100 - (penalties.get(product.id) ?? 0))),
    };
  });

  const variants: VariantMetrics[] = facts.variants.map((variant, v) => {
    const rate = estimates.variantRate[v] as number;
    const stock = Math.max(0, variant.inventoryQuantity);
    return {
      variantId: variant.id,
      productId: variant.productId,
      units: facts.variantUnitsRecent[v] as number,
      revenueMinor: Math.round(facts.variantRevenueRecent[v] as number),
      stockUnits: stock,
      daysOfCover: rate > 0 ? stock / rate : null,
      ratePerDay: rate,
    };
  });

  return {
    asOf: input.asOf,
    window: { start: dayString(facts.recentStart), end: dayString(facts.asOf) },
    products,
    variants,
    flags: flags satisfies Flag[],
  };
}

/*
 * Estimates from the facts: shrunk sales rates with intervals, the trend test against the prior (or
 * year-ago) window with false-discovery control, ABC classes, shrunk return rates, variant rates.
 */
import type { Facts } from "./facts";
import { benjaminiHochberg, binomialCdf, gammaCdf, gammaQuantile, wilson } from "./stats";

/** A category's fall excuses at most this factor, so a thin category cannot excuse everything. */
const MAX_CATEGORY_ADJUSTMENT = 4;

export interface Trend {
  comparison: "prior_window" | "year_over_year";
  comparisonStart: number;
  units: number;
  exposure: number;
  /** rate ratio recent / comparison, raw and divided by the category's own ratio */
  ratio: number;
  adjustedRatio: number;
  categoryRatio: number;
  pValue: number;
  qValue: number;
  /** the share of units expected in the recent window under no change */
  expectedShare: number;
}

export interface Estimates {
  /** Gamma posterior of each product's rate (units per in-stock day) */
  shape: Float64Array;
  rate: Float64Array;
  mean: Float64Array;
  low: Float64Array;
  high: Float64Array;
  trend: Array<Trend | null>;
  /** trend tests skipped because the category is seasonal and a year ago is not in the data */
  seasonalSkip: Uint8Array;
  abc: Array<"A" | "B" | "C">;
  abcShare: Float64Array;
  returnShape: Float64Array;
  returnRest: Float64Array;
  /** variant rates: the product's shrunk rate split by the variant's share of recent units */
  variantRate: Float64Array;
}

/** Gamma posterior of a Poisson rate: prior Gamma(shape, scale) after `units` in `exposure` days. */
export function ratePosterior(prior: { shape: number; scale: number }, units: number, exposure: number) {
  const shape = prior.shape + units;
  const rate = prior.scale + exposure;
  return { shape, rate, mean: shape / rate };
}

/** The slow-mover probability: P(rate < threshold) under the posterior. */
export function probabilityRateBelow(threshold: number, posterior: { shape: number; rate: number }): number {
  return gammaCdf(threshold, posterior.shape, posterior.rate);
}

export function estimate(facts: Facts): Estimates {
  const { settings, products, priors, categoryOf } = facts;
  const P = products.length;
  const shape = new Float64Array(P);
  const rate = new Float64Array(P);
  const mean = new Float64Array(P);
  const low = new Float64Array(P);
  const high = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const prior = priors[categoryOf[p] as number];
    if (!prior) continue;
    const posterior = ratePosterior(
      prior,
      facts.cappedRecent[p] as number,
      facts.exposureRecent[p] as number,
    );
    shape[p] = posterior.shape;
    rate[p] = posterior.rate;
    mean[p] = posterior.mean;
  }
  // Intervals cost a quantile search each: only for products on sale at all.
  for (let p = 0; p < P; p++) {
    if ((facts.exposureRecent[p] as number) === 0 && (facts.unitsRecent[p] as number) === 0) {
      low[p] = mean[p] as number;
      high[p] = mean[p] as number;
      continue;
    }
    low[p] = gammaQuantile(0.05, shape[p] as number, rate[p] as number);
    high[p] = gammaQuantile(0.95, shape[p] as number, rate[p] as number);
  }

  const { trend, seasonalSkip } = trends(facts);

  // ABC on trailing margin (revenue where cost is unknown), products with positive value only.
  const order: number[] = [];
  let total = 0;
  for (let p = 0; p < P; p++) {
    if ((facts.abcValue[p] as number) > 0) {
      order.push(p);
      total += facts.abcValue[p] as number;
    }
  }
  order.sort((a, b) => (facts.abcValue[b] as number) - (facts.abcValue[a] as number) || a - b);
  const abc: Array<"A" | "B" | "C"> = new Array<"A" | "B" | "C">(P).fill("C");
  const abcShare = new Float64Array(P).fill(1);
  let before = 0;
  for (const p of order) {
    const share = before / total;
    abc[p] = share < settings.abcCutA ? "A" : share < settings.abcCutB ? "B" : "C";
    abcShare[p] = share;
    before += facts.abcValue[p] as number;
  }

  const returnShape = new Float64Array(P);
  const returnRest = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const prior = priors[categoryOf[p] as number];
    if (!prior) continue;
    returnShape[p] = prior.returnA + (facts.maturedRefunded[p] as number);
    returnRest[p] =
      prior.returnB + Math.max(0, (facts.maturedUnits[p] as number) - (facts.maturedRefunded[p] as number));
  }

  const variantRate = new Float64Array(facts.variants.length);
  for (let v = 0; v < facts.variants.length; v++) {
    const p = facts.variantProduct[v] as number;
    const productUnits = facts.cappedRecent[p] as number;
    const siblings = (facts.variantStart[p + 1] as number) - (facts.variantStart[p] as number);
    const share = productUnits > 0 ? (facts.variantCappedRecent[v] as number) / productUnits : 1 / siblings;
    variantRate[v] = (mean[p] as number) * share;
  }

  return {
    shape,
    rate,
    mean,
    low,
    high,
    trend,
    seasonalSkip,
    abc,
    abcShare,
    returnShape,
    returnRest,
    variantRate,
  };
}

/**
 * Conditional test of a drop: given n units over both windows, the recent count is
 * Binomial(n, E1·k / (E1·k + E0)) under no change, where k is the rest of the category's own rate
 * ratio when that fell (so a whole category's season or slump is not blamed on one item). Seasonal categories
 * compare with the same window a year earlier, and are not tested when that is not in the data.
 */
function trends(facts: Facts): { trend: Array<Trend | null>; seasonalSkip: Uint8Array } {
  const { settings, products, priors, categoryOf } = facts;
  const P = products.length;
  const trend: Array<Trend | null> = new Array<Trend | null>(P).fill(null);
  const seasonalSkip = new Uint8Array(P);
  const tested: number[] = [];
  const pValues: number[] = [];
  const yearAgoInData = facts.dataStart <= facts.yearAgoStart;
  for (let p = 0; p < P; p++) {
    const c = categoryOf[p] as number;
    const prior = priors[c];
    if (!prior || !facts.active[p]) continue;
    const yearOverYear = prior.seasonal;
    if (yearOverYear && !yearAgoInData) {
      seasonalSkip[p] = 1;
      continue;
    }
    const units = yearOverYear ? (facts.cappedYearAgo[p] as number) : (facts.cappedPrior[p] as number);
    const exposure = yearOverYear ? (facts.exposureYearAgo[p] as number) : (facts.exposurePrior[p] as number);
    const recentUnits = facts.cappedRecent[p] as number;
    const recentExposure = facts.exposureRecent[p] as number;
    if (units < settings.decliningMinPriorUnits || exposure < settings.minInStockDays) continue;
    if (recentExposure < settings.minInStockDays) continue;
    const sums = facts.categoryUnits;
    const exposures = facts.categoryExposure;
    const peerRecent =
      ((sums.recent[c] as number) - recentUnits) / ((exposures.recent[c] as number) - recentExposure);
    const peerBefore = yearOverYear
      ? ((sums.yearAgo[c] as number) - units) / ((exposures.yearAgo[c] as number) - exposure)
      : ((sums.prior[c] as number) - units) / ((exposures.prior[c] as number) - exposure);
    const raw = peerRecent / peerBefore;
    // only a category-wide fall excuses an item; a rising category never makes an item look worse
    const categoryRatio =
      Number.isFinite(raw) && raw > 0 ? Math.min(1, Math.max(1 / MAX_CATEGORY_ADJUSTMENT, raw)) : 1;
    const weighted = recentExposure * categoryRatio;
    const expectedShare = weighted / (weighted + exposure);
    const pValue = binomialCdf(recentUnits, recentUnits + units, expectedShare);
    const ratio = recentUnits / recentExposure / (units / exposure);
    trend[p] = {
      comparison: yearOverYear ? "year_over_year" : "prior_window",
      comparisonStart: yearOverYear ? facts.yearAgoStart : facts.priorStart,
      units,
      exposure,
      ratio,
      adjustedRatio: ratio / categoryRatio,
      categoryRatio,
      pValue,
      qValue: 1,
      expectedShare,
    };
    tested.push(p);
    pValues.push(pValue);
  }
  const q = benjaminiHochberg(pValues);
  tested.forEach((p, i) => {
    (trend[p] as Trend).qValue = q[i] as number;
  });
  return { trend, seasonalSkip };
}

/** Wilson interval of a product's matured return rate (null without matured units). */
export function returnInterval(facts: Facts, p: number, confidence = 0.9): [number, number] | null {
  const units = facts.maturedUnits[p] as number;
  if (units <= 0) return null;
  return wilson(Math.min(units, facts.maturedRefunded[p] as number), units, confidence);
}

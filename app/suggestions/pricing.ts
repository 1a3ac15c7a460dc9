/*
 * Prices: elasticity from weekly sales shrunk toward the meta-analytic prior, the markdown that clears
 * the stock within the horizon, the staged ladder and the merchant's floor
 * (notes/analytics-methods.md: Bijmolt, van Heerde & Pieters 2005; Gallego & van Ryzin 1994).
 */
import { dayNumber } from "../analysis/format";
import type { DailySalesInput } from "../analysis/types";
import { LADDER_STEPS, type LadderStep } from "./types";

/**
 * Prior N(-2.6, 1): the meta-analysis mean, with a spread that lets a clear regression (standard
 * error well below 1) dominate and keeps a noisy one close to the prior.
 */
export const ELASTICITY_PRIOR = { mean: -2.6, sd: 1 } as const;

/** The estimate is kept in this range: near 0 the clearance formula asks for absurd cuts, beyond -6 for none. */
const ELASTICITY_RANGE = [-6, -0.5] as const;

/** Weeks of history the regression reads. */
export const ELASTICITY_WEEKS = 26;

export interface WeeklyPoint {
  units: number;
  /** Average net price paid per unit that week, minor units. */
  priceMinor: number;
}

export interface ElasticityEstimate {
  mean: number;
  sd: number;
  basis: "prior" | "weekly_regression";
  weeks: number;
  priceLevels: number;
  /** The regression's own slope and standard error, before shrinkage. */
  slope: number | null;
  slopeSe: number | null;
  /** Share of the estimate that comes from the prior (1 when there is no usable regression). */
  priorWeight: number;
}

/** Weekly units and average net price of one product's sales rows, the `weeks` weeks up to asOf. */
export function weeklyPoints(rows: DailySalesInput[], asOf: string, weeks = ELASTICITY_WEEKS): WeeklyPoint[] {
  const end = dayNumber(asOf);
  const units = new Float64Array(weeks);
  const net = new Float64Array(weeks);
  for (const row of rows) {
    const week = Math.floor((end - dayNumber(row.day)) / 7);
    if (week < 0 || week >= weeks || row.units <= 0) continue;
    units[week] = (units[week] as number) + row.units;
    net[week] = (net[week] as number) + row.grossMinor - row.discountMinor;
  }
  const points: WeeklyPoint[] = [];
  for (let week = weeks - 1; week >= 0; week--) {
    const sold = units[week] as number;
    if (sold > 0 && (net[week] as number) > 0)
      points.push({ units: sold, priceMinor: (net[week] as number) / sold });
  }
  return points;
}

/** Distinct prices at 2 % resolution: a few cents of rounding is not a price level. */
export function priceLevels(points: WeeklyPoint[]): number {
  return new Set(points.map((point) => Math.round(Math.log(point.priceMinor) * 50))).size;
}

/**
 * log(units) = a + e log(price) over weeks with sales, when there are at least two price levels and
 * two degrees of freedom; the slope is combined with the prior by precision. Weeks without sales
 * are left out (their log is undefined), which biases the slope toward 0; the prior pulls it back.
 */
export function estimateElasticity(points: WeeklyPoint[]): ElasticityEstimate {
  const levels = priceLevels(points);
  const priorOnly: ElasticityEstimate = {
    mean: ELASTICITY_PRIOR.mean,
    sd: ELASTICITY_PRIOR.sd,
    basis: "prior",
    weeks: points.length,
    priceLevels: levels,
    slope: null,
    slopeSe: null,
    priorWeight: 1,
  };
  const n = points.length;
  if (levels < 2 || n < 4) return priorOnly;
  const xs = points.map((point) => Math.log(point.priceMinor));
  const ys = points.map((point) => Math.log(point.units));
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += ((xs[i] as number) - meanX) ** 2;
    sxy += ((xs[i] as number) - meanX) * ((ys[i] as number) - meanY);
  }
  if (sxx <= 0) return priorOnly;
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const fitted = meanY + slope * ((xs[i] as number) - meanX);
    sse += ((ys[i] as number) - fitted) ** 2;
  }
  // a perfect fit on few weeks is no certainty: floor the residual variance
  const residualVariance = Math.max(sse / (n - 2), 0.01);
  const slopeSe = Math.sqrt(residualVariance / sxx);
  const priorPrecision = 1 / ELASTICITY_PRIOR.sd ** 2;
  const dataPrecision = 1 / slopeSe ** 2;
  const precision = priorPrecision + dataPrecision;
  const mean = (priorPrecision * ELASTICITY_PRIOR.mean + dataPrecision * slope) / precision;
  return {
    mean: Math.min(ELASTICITY_RANGE[1], Math.max(ELASTICITY_RANGE[0], mean)),
    sd: Math.sqrt(1 / precision),
    basis: "weekly_regression",
    weeks: n,
    priceLevels: levels,
    slope,
    slopeSe,
    priorWeight: priorPrecision / precision,
  };
}

/**
 * Fraction off the price that sells `stock` units in `horizonDays` at `ratePerDay`:
 * p = p0 (I / (rate H))^(1/e), so 1 - p/p0. At or below 0 the stock clears at today's price.
 */
export function clearanceDiscount(
  stock: number,
  ratePerDay: number,
  horizonDays: number,
  elasticity: number,
): number {
  if (stock <= 0) return 0;
  const expected = ratePerDay * horizonDays;
  if (!(expected > 0)) return 1;
  const e = Math.min(ELASTICITY_RANGE[1], elasticity);
  return 1 - (stock / expected) ** (1 / e);
}

/** The smallest ladder step that reaches the discount, the largest allowed when none does; null when none is needed or allowed. */
export function ladderStep(discount: number, maxDiscountPercent: number): LadderStep | null {
  const allowed = LADDER_STEPS.filter((step) => step <= maxDiscountPercent);
  if (discount <= 0 || allowed.length === 0) return null;
  return allowed.find((step) => step >= discount * 100) ?? (allowed[allowed.length - 1] as LadderStep);
}

/** A price `percent` off, rounded to the currency's minor unit. */
export function priceAfter(priceMinor: number, percent: number): number {
  return Math.round((priceMinor * (100 - percent)) / 100);
}

/** Lowest price that keeps `minMarginPercent` of the price as gross margin (never below cost). */
export function floorPrice(unitCostMinor: number, minMarginPercent: number): number {
  const margin = Math.max(0, minMarginPercent);
  if (margin >= 100) return Infinity;
  return Math.max(unitCostMinor, Math.ceil(unitCostMinor / (1 - margin / 100)));
}

export interface PricedVariant {
  priceMinor: number;
  unitCostMinor: number | null;
}

/**
 * The deepest step at or below `target` this variant may take: a clearance any step; with a known
 * cost the steps whose price stays at or above the floor; with an unknown cost only the first step,
 * as the floor cannot be checked.
 */
export function allowedStep(
  variant: PricedVariant,
  target: LadderStep,
  options: { clearance: boolean; minMarginPercent: number },
): LadderStep | null {
  const candidates = LADDER_STEPS.filter((step) => step <= target).reverse();
  for (const step of candidates) {
    if (options.clearance) return step;
    if (variant.unitCostMinor === null) {
      if (step === LADDER_STEPS[0]) return step;
      continue;
    }
    if (priceAfter(variant.priceMinor, step) >= floorPrice(variant.unitCostMinor, options.minMarginPercent))
      return step;
  }
  return null;
}

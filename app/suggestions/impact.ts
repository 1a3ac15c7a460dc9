/*
 * Expected impact by Monte Carlo over the posteriors (notes: "Expected impact"): the sales rate from
 * its Gamma posterior, the elasticity from its Normal; each draw gives the gross-profit change over
 * the horizon against doing nothing. Seeded, so a proposal's numbers never move between runs.
 */
import { gammaQuantile } from "../analysis/stats";
import { gamma, mulberry32, normal, poisson } from "./random";

export const DRAWS = 2000;

export interface GammaPosterior {
  shape: number;
  rate: number;
}

/**
 * The Gamma with this mean whose 5-95 % interval has the given ratio (the analysis reports the mean
 * and that interval, not the parameters). The ratio falls as the shape grows, so bisect on log shape.
 */
export function posteriorFromInterval(
  mean: number,
  interval: [number, number],
  fallbackShape: number,
): GammaPosterior {
  const [low, high] = interval;
  if (!(mean > 0)) return { shape: Math.max(fallbackShape, 0.5), rate: Math.max(fallbackShape, 0.5) / 1e-6 };
  if (!(low > 0 && high > low)) {
    const shape = Math.max(fallbackShape, 0.5);
    return { shape, rate: shape / mean };
  }
  const target = Math.log(high / low);
  let lo = Math.log(0.05);
  let hi = Math.log(1e5);
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    const shape = Math.exp(mid);
    const width = Math.log(gammaQuantile(0.95, shape, 1) / gammaQuantile(0.05, shape, 1));
    if (width > target) lo = mid;
    else hi = mid;
  }
  const shape = Math.exp((lo + hi) / 2);
  return { shape, rate: shape / mean };
}

export interface Summary {
  p10: number;
  p50: number;
  p90: number;
  probabilityPositive: number;
}

/** Quantiles by linear interpolation between order statistics (type 7), rounded to minor units. */
export function summarize(draws: number[]): Summary {
  const sorted = [...draws].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = q * (sorted.length - 1);
    const below = Math.floor(position);
    const above = Math.min(sorted.length - 1, below + 1);
    return (
      (sorted[below] as number) + (position - below) * ((sorted[above] as number) - (sorted[below] as number))
    );
  };
  return {
    p10: Math.round(at(0.1)),
    p50: Math.round(at(0.5)),
    p90: Math.round(at(0.9)),
    probabilityPositive: sorted.filter((value) => value > 0).length / sorted.length,
  };
}

export interface PricedLine {
  /** Share of the product's sales this variant takes. */
  share: number;
  stock: number;
  priceMinor: number;
  newPriceMinor: number;
  unitCostMinor: number;
}

export interface PricedProduct {
  lines: PricedLine[];
  rate: GammaPosterior;
  elasticity: { mean: number; sd: number };
}

/**
 * A price change on some products' variants: per draw and product, units without the change are
 * min(stock, rate H) and with it min(stock, rate (p1/p0)^e H); the change in gross profit is the
 * difference of units x (price - cost), summed. Stock left over at the horizon is not valued.
 */
export function simulatePriceChange(products: PricedProduct[], horizonDays: number, seed: number): Summary {
  const random = mulberry32(seed);
  const draws: number[] = [];
  for (let i = 0; i < DRAWS; i++) {
    let change = 0;
    for (const product of products) {
      const lambda = gamma(random, product.rate.shape, product.rate.rate);
      // demand does not rise with price: a draw above 0 is cut to a barely elastic -0.1
      const e = Math.min(-0.1, product.elasticity.mean + product.elasticity.sd * normal(random));
      for (const line of product.lines) {
        const base = Math.min(line.stock, lambda * line.share * horizonDays);
        const lift = (line.newPriceMinor / line.priceMinor) ** e;
        const lifted = Math.min(line.stock, lambda * line.share * lift * horizonDays);
        change +=
          lifted * (line.newPriceMinor - line.unitCostMinor) - base * (line.priceMinor - line.unitCostMinor);
      }
    }
    draws.push(change);
  }
  return summarize(draws);
}

/**
 * A delivery of `units` arriving after `leadDays`: sales over the horizon with it minus without it,
 * at the unit margin; demand is Poisson at a rate drawn from its posterior.
 */
export function simulateRestock(
  onHand: number,
  units: number,
  unitMarginMinor: number,
  rate: GammaPosterior,
  leadDays: number,
  horizonDays: number,
  seed: number,
): Summary {
  const random = mulberry32(seed);
  const draws: number[] = [];
  for (let i = 0; i < DRAWS; i++) {
    const lambda = gamma(random, rate.shape, rate.rate);
    const beforeDelivery = poisson(random, lambda * Math.min(leadDays, horizonDays));
    const afterDelivery = poisson(random, lambda * Math.max(0, horizonDays - leadDays));
    const soldBefore = Math.min(beforeDelivery, onHand);
    const without = Math.min(beforeDelivery + afterDelivery, onHand);
    const withDelivery = soldBefore + Math.min(afterDelivery, onHand - soldBefore + units);
    draws.push((withDelivery - without) * unitMarginMinor);
  }
  return summarize(draws);
}

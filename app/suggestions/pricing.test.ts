import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32, normal, poisson } from "./random";
import {
  allowedStep,
  clearanceDiscount,
  ELASTICITY_PRIOR,
  estimateElasticity,
  floorPrice,
  ladderStep,
  priceAfter,
  type WeeklyPoint,
} from "./pricing";
import { LADDER_STEPS } from "./types";

describe("markdown ladder", () => {
  it("lowers the price as inventory pressure grows (monotone), on the ladder, within the maximum", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: -6, max: -0.5, noNaN: true }),
        fc.integer({ min: 100, max: 100_000 }),
        fc.constantFrom(10, 20, 30, 40, 100),
        (stockA, stockB, rate, elasticity, price, max) => {
          const [low, high] = stockA <= stockB ? [stockA, stockB] : [stockB, stockA];
          const priceAt = (stock: number) => {
            const step = ladderStep(clearanceDiscount(stock, rate, 60, elasticity), max);
            if (step !== null) {
              expect(LADDER_STEPS).toContain(step);
              expect(step).toBeLessThanOrEqual(max);
            }
            return step === null ? price : priceAfter(price, step);
          };
          expect(priceAt(high)).toBeLessThanOrEqual(priceAt(low));
        },
      ),
    );
  });

  it("follows p = p0 (I / (rate H))^(1/e)", () => {
    // 4x the stock the horizon sells at e = -2: p/p0 = 4^(-1/2) = 0.5
    expect(clearanceDiscount(240, 1, 60, -2)).toBeCloseTo(0.5, 10);
    expect(clearanceDiscount(30, 1, 60, -2)).toBeLessThan(0);
    expect(ladderStep(0.5, 40)).toBe(40);
    expect(ladderStep(0.15, 40)).toBe(20);
    expect(ladderStep(0.15, 15)).toBe(10);
    expect(ladderStep(-0.1, 40)).toBeNull();
    expect(ladderStep(0.3, 5)).toBeNull();
  });

  it("keeps the floor: price >= cost / (1 - margin) and >= cost, unless a clearance", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 100_000 }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.double({ min: 0, max: 80, noNaN: true }),
        fc.constantFrom(...LADDER_STEPS),
        (price, costShare, margin, target) => {
          const cost = Math.round(price * costShare);
          const step = allowedStep({ priceMinor: price, unitCostMinor: cost }, target, {
            clearance: false,
            minMarginPercent: margin,
          });
          if (step === null) {
            expect(priceAfter(price, 10)).toBeLessThan(floorPrice(cost, margin));
            return;
          }
          expect(step).toBeLessThanOrEqual(target);
          const newPrice = priceAfter(price, step);
          expect(newPrice).toBeGreaterThanOrEqual(cost);
          expect((newPrice - cost) / newPrice).toBeGreaterThanOrEqual(margin / 100 - 1e-9);
          const clearance = allowedStep({ priceMinor: price, unitCostMinor: cost }, target, {
            clearance: true,
            minMarginPercent: margin,
          });
          expect(clearance).toBe(target);
        },
      ),
    );
    // unknown cost: the floor cannot be checked, so only the first step
    expect(
      allowedStep({ priceMinor: 1000, unitCostMinor: null }, 40, { clearance: false, minMarginPercent: 20 }),
    ).toBe(10);
  });
});

describe("elasticity", () => {
  /** Weekly sales at alternating prices with a true elasticity and Poisson noise. */
  function simulate(trueElasticity: number, weeks: number, baseUnits: number, seed: number): WeeklyPoint[] {
    const random = mulberry32(seed);
    const points: WeeklyPoint[] = [];
    for (let week = 0; week < weeks; week++) {
      const price = [2000, 1600, 1800, 1400][week % 4] as number;
      const units = poisson(random, baseUnits * (price / 2000) ** trueElasticity);
      if (units > 0) points.push({ units, priceMinor: price });
    }
    return points;
  }

  it("uses the prior alone without two price levels", () => {
    const estimate = estimateElasticity([
      { units: 5, priceMinor: 2000 },
      { units: 7, priceMinor: 2000 },
      { units: 4, priceMinor: 2005 },
      { units: 6, priceMinor: 2000 },
    ]);
    expect(estimate.basis).toBe("prior");
    expect(estimate.mean).toBe(ELASTICITY_PRIOR.mean);
    expect(estimate.priorWeight).toBe(1);
  });

  it("recovers a well-measured elasticity and shrinks a noisy one toward -2.6", () => {
    const strong = estimateElasticity(simulate(-1.5, 26, 200, 1));
    expect(strong.basis).toBe("weekly_regression");
    expect(strong.mean).toBeGreaterThan(-1.8);
    expect(strong.mean).toBeLessThan(-1.2);
    expect(strong.priorWeight).toBeLessThan(0.1);

    const weak = estimateElasticity(simulate(-1.5, 8, 3, 2));
    expect(weak.priorWeight).toBeGreaterThan(strong.priorWeight);
    // the shrunk estimate lies between the raw slope and the prior (within the kept range)
    const slope = weak.slope as number;
    const kept = (value: number) => Math.min(-0.5, Math.max(-6, value));
    expect(weak.mean).toBeGreaterThanOrEqual(kept(Math.min(slope, ELASTICITY_PRIOR.mean)) - 1e-9);
    expect(weak.mean).toBeLessThanOrEqual(kept(Math.max(slope, ELASTICITY_PRIOR.mean)) + 1e-9);
  });

  it("normal draws look standard (sampler sanity)", () => {
    const random = mulberry32(3);
    const draws = Array.from({ length: 20_000 }, () => normal(random));
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gammaQuantile } from "../analysis/stats";
import { posteriorFromInterval, simulatePriceChange, simulateRestock, summarize } from "./impact";

describe("Monte Carlo impact", () => {
  it("orders its quantiles P10 <= P50 <= P90 and keeps P(gain > 0) a probability", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 500, max: 10_000 }),
        fc.double({ min: 0.1, max: 0.95, noNaN: true }),
        fc.constantFrom(10, 20, 30, 40),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (rate, shape, stock, price, costShare, step, seed) => {
          const summary = simulatePriceChange(
            [
              {
                rate: { shape, rate: shape / rate },
                elasticity: { mean: -2.6, sd: 1 },
                lines: [
                  {
                    share: 1,
                    stock,
                    priceMinor: price,
                    newPriceMinor: Math.round((price * (100 - step)) / 100),
                    unitCostMinor: Math.round(price * costShare),
                  },
                ],
              },
            ],
            60,
            seed,
          );
          expect(summary.p10).toBeLessThanOrEqual(summary.p50);
          expect(summary.p50).toBeLessThanOrEqual(summary.p90);
          expect(summary.probabilityPositive).toBeGreaterThanOrEqual(0);
          expect(summary.probabilityPositive).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("is certain of a loss for a markdown to below cost on stock that clears anyway", () => {
    const summary = simulatePriceChange(
      [
        {
          rate: { shape: 400, rate: 100 },
          elasticity: { mean: -2.6, sd: 0.3 },
          lines: [{ share: 1, stock: 50, priceMinor: 1000, newPriceMinor: 600, unitCostMinor: 700 }],
        },
      ],
      60,
      1,
    );
    // 4 a day sells all 50 either way: 50 x (1000 - 700) lost and 50 x 100 more
    expect(summary.p50).toBe(-50 * 300 - 50 * 100);
    expect(summary.probabilityPositive).toBe(0);
  });

  it("values a delivery by the demand it serves", () => {
    const summary = simulateRestock(3, 90, 1000, { shape: 500, rate: 500 }, 14, 60, 9);
    // about 1 a day: 3 sell before the delivery, then about 46 more from it
    expect(summary.p50).toBeGreaterThan(40_000);
    expect(summary.p50).toBeLessThan(52_000);
    expect(summary.probabilityPositive).toBe(1);
  });

  it("summarizes with interpolated quantiles", () => {
    expect(summarize([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual({
      p10: 10,
      p50: 50,
      p90: 90,
      probabilityPositive: 10 / 11,
    });
  });

  it("recovers a Gamma posterior from its mean and 90 % interval", () => {
    for (const shape of [0.8, 3, 25, 400]) {
      const rate = shape / 0.2;
      const posterior = posteriorFromInterval(
        0.2,
        [gammaQuantile(0.05, shape, rate), gammaQuantile(0.95, shape, rate)],
        1,
      );
      expect(posterior.shape / shape).toBeCloseTo(1, 3);
      expect(posterior.shape / posterior.rate).toBeCloseTo(0.2, 10);
    }
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  benjaminiHochberg,
  betaCdf,
  betaQuantile,
  binomialCdf,
  clopperPearson,
  gammaCdf,
  gammaQuantile,
  logGamma,
  normalQuantile,
  wilson,
} from "./stats";

describe("distribution functions against known values", () => {
  it("log-gamma", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 9);
  });

  it("gamma cdf and quantile", () => {
    // Gamma(1, 1) is Exp(1)
    expect(gammaCdf(1, 1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
    // chi-square with 10 degrees of freedom: P(X < 18.307) = 0.95
    expect(gammaCdf(18.307, 5, 0.5)).toBeCloseTo(0.95, 4);
    expect(gammaQuantile(0.95, 5, 0.5)).toBeCloseTo(18.307, 2);
    expect(gammaQuantile(0.1, 0.3, 2)).toBeGreaterThan(0);
  });

  it("beta cdf, quantile and the binomial", () => {
    expect(betaCdf(0.5, 2, 2)).toBeCloseTo(0.5, 12);
    expect(betaCdf(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(betaQuantile(0.5, 3, 3)).toBeCloseTo(0.5, 9);
    // P(X <= 3) for Bin(10, 0.5) = 176 / 1024
    expect(binomialCdf(3, 10, 0.5)).toBeCloseTo(176 / 1024, 12);
    expect(binomialCdf(13, 63, 90 / 180)).toBeLessThan(1e-5);
  });

  it("normal quantile", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644854, 5);
  });

  it("Clopper-Pearson and Wilson on a textbook case", () => {
    const [low, high] = clopperPearson(5, 20, 0.95);
    expect(low).toBeCloseTo(0.0866, 3);
    expect(high).toBeCloseTo(0.491, 3);
    const [wLow, wHigh] = wilson(5, 20, 0.95);
    expect(wLow).toBeCloseTo(0.1119, 3);
    expect(wHigh).toBeCloseTo(0.4687, 3);
  });

  it("Benjamini-Hochberg", () => {
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    expect([...q]).toEqual([0.02, 0.04, 0.04, 0.02]);
  });
});

describe("properties", () => {
  const counts = fc
    .tuple(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }))
    .map(([a, b]) => ({
      successes: Math.min(a, b),
      trials: Math.max(a, b),
    }));

  it("Wilson and Clopper-Pearson bounds lie in [0, 1], are ordered and contain the estimate", () => {
    fc.assert(
      fc.property(counts, fc.constantFrom(0.8, 0.9, 0.95), ({ successes, trials }, confidence) => {
        for (const [low, high] of [
          wilson(successes, trials, confidence),
          clopperPearson(successes, trials, confidence),
        ]) {
          expect(low).toBeGreaterThanOrEqual(0);
          expect(high).toBeLessThanOrEqual(1);
          expect(low).toBeLessThanOrEqual(high);
          if (trials > 0) {
            expect(low).toBeLessThanOrEqual(successes / trials + 1e-12);
            expect(high).toBeGreaterThanOrEqual(successes / trials - 1e-12);
          }
        }
      }),
    );
  });

  it("a gamma interval contains its mean and the quantile inverts the cdf", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        (shape, rate) => {
          const low = gammaQuantile(0.05, shape, rate);
          const high = gammaQuantile(0.95, shape, rate);
          expect(low).toBeLessThanOrEqual(shape / rate);
          expect(high).toBeGreaterThanOrEqual(shape / rate);
          expect(gammaCdf(low, shape, rate)).toBeCloseTo(0.05, 6);
        },
      ),
    );
  });

  it("BH q-values are monotone in the p-values and never below them", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (p) => {
          const q = benjaminiHochberg(p);
          const order = p.map((_, i) => i).sort((i, j) => (p[i] as number) - (p[j] as number));
          for (let k = 1; k < order.length; k++) {
            expect(q[order[k] as number] as number).toBeGreaterThanOrEqual(
              q[order[k - 1] as number] as number,
            );
          }
          p.forEach((value, i) => expect(q[i] as number).toBeGreaterThanOrEqual(value - 1e-15));
        },
      ),
    );
  });
});

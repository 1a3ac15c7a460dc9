import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateStoreWithHistory } from "../../local-shopify/generator/index";
import { analysisInputFrom, sketchInput, steady } from "../../test-support/analysis-input";
import { analyze } from "./index";
import { probabilityRateBelow, ratePosterior } from "./metrics";
import type { AnalysisInput } from "./types";

const { store, history } = generateStoreWithHistory({ seed: 42, products: 300 });
const input = analysisInputFrom(store, history);
const result = analyze(input);

/** A fixed permutation (no Math.random): interleave from both ends. */
function permuted<T>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (let low = 0, high = items.length - 1; low <= high; low++, high--) {
    out.push(items[high] as T);
    if (low !== high) out.push(items[low] as T);
  }
  return out;
}

describe("determinism", () => {
  it("gives the same output for the same input", () => {
    expect(analyze(input)).toEqual(result);
  });

  it("gives the same output when the input's rows come in another order", () => {
    const shuffled: AnalysisInput = {
      ...input,
      products: permuted(input.products),
      variants: permuted(input.variants),
      dailySales: permuted(input.dailySales),
      inventory: permuted(input.inventory),
    };
    expect(analyze(shuffled)).toEqual(result);
  });
});

describe("the result", () => {
  it("has one metrics row per product and variant, and well-formed flags", () => {
    expect(result.products).toHaveLength(store.products.length);
    expect(result.variants).toHaveLength(store.variants.length);
    expect(result.window).toEqual({ start: "2026-08-03", end: "2026-10-31" });
    for (const flag of result.flags) {
      expect(flag.confidence).toBeGreaterThanOrEqual(0);
      expect(flag.confidence).toBeLessThanOrEqual(1);
      expect(Number.isInteger(flag.stockValueMinor)).toBe(true);
      expect(Number.isInteger(flag.revenueAtRiskMinor)).toBe(true);
      expect(flag.summary).toMatch(/\.$/);
    }
  });

  it("keeps every product's rate interval around its estimate, and health within 0..100", () => {
    for (const product of result.products) {
      expect(product.rateInterval[0]).toBeLessThanOrEqual(product.ratePerDay);
      expect(product.rateInterval[1]).toBeGreaterThanOrEqual(product.ratePerDay);
      expect(product.healthScore).toBeGreaterThanOrEqual(0);
      expect(product.healthScore).toBeLessThanOrEqual(100);
    }
  });

  it("keeps the interval around the estimate when one fast seller stands among many slow ones", () => {
    const skewed = analyze(
      sketchInput("2026-10-31", [
        ...Array.from({ length: 150 }, (_, i) => ({ id: `slow-${i}`, sales: steady(0.01) })),
        { id: "hero", sales: steady(50) },
        { id: "unsold", sales: () => 0 },
      ]),
    );
    for (const product of skewed.products) {
      expect(product.rateInterval[0]).toBeLessThanOrEqual(product.ratePerDay);
      expect(product.rateInterval[1]).toBeGreaterThanOrEqual(product.ratePerDay);
    }
  });

  it("puts a dead item's money at stake once: its stock at cost, not its retail value as well", () => {
    const dead = analyze(
      sketchInput("2026-10-31", [
        ...Array.from({ length: 8 }, (_, i) => ({ id: `peer-${i}`, sales: steady(0.3 + 0.05 * i) })),
        {
          id: "dead",
          stock: 100,
          priceMinor: 2_500,
          costMinor: 1_000,
          sales: (d) => (d > 200 ? steady(0.3)(d) : 0),
        },
      ]),
    ).flags.find((flag) => flag.productId === "dead" && flag.kind === "dead_stock");
    expect(dead).toMatchObject({ stockValueMinor: 100_000, revenueAtRiskMinor: 0 });
  });

  it("grades about 80 % of margin as A", () => {
    const a = result.products.filter((product) => product.abcClass === "A");
    expect(a.length).toBeGreaterThan(0);
    expect(a.length).toBeLessThan(result.products.length / 2);
  });

  it("formats money in the shop's currency in summaries", () => {
    const dead = result.flags.find((flag) => flag.kind === "dead_stock");
    expect(dead?.summary).toMatch(/\$\d+\.\d\d/);
  });

  it("says why in one sentence, like the issue's example", () => {
    const planted = store.planted.find((situation) => situation.kind === "slow_mover");
    const slow = result.flags.find(
      (flag) =>
        flag.productId === `gid://shopify/Product/${planted?.productId}` && flag.kind === "slow_mover",
    );
    expect(slow?.summary).toBe(
      "Sold 3 in 90 days in stock while similar T-Shirts sell about 52; 2 in stock is five weeks of cover.",
    );
  });
});

describe("shrinkage properties", () => {
  const prior = fc.record({
    shape: fc.double({ min: 0.2, max: 20, noNaN: true }),
    mean: fc.double({ min: 0.01, max: 5, noNaN: true }),
  });

  it("moves a rate toward its prior, and less so as exposure grows", () => {
    fc.assert(
      fc.property(
        prior,
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 10 }),
        ({ shape, mean }, observedRate, exposure, factor) => {
          const gamma = { shape, scale: shape / mean };
          const small = ratePosterior(gamma, observedRate * exposure, exposure).mean;
          const large = ratePosterior(gamma, observedRate * exposure * factor, exposure * factor).mean;
          const [low, high] = [Math.min(mean, observedRate), Math.max(mean, observedRate)];
          expect(small).toBeGreaterThanOrEqual(low - 1e-9);
          expect(small).toBeLessThanOrEqual(high + 1e-9);
          expect(Math.abs(large - observedRate)).toBeLessThanOrEqual(Math.abs(small - observedRate) + 1e-9);
        },
      ),
    );
  });

  it("more sales never raise a slow-mover confidence", () => {
    fc.assert(
      fc.property(
        prior,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 28, max: 365 }),
        ({ shape, mean }, units, more, exposure) => {
          const gamma = { shape, scale: shape / mean };
          const threshold = 0.3 * mean;
          const before = probabilityRateBelow(threshold, ratePosterior(gamma, units, exposure));
          const after = probabilityRateBelow(threshold, ratePosterior(gamma, units + more, exposure));
          expect(after).toBeLessThanOrEqual(before + 1e-12);
        },
      ),
    );
  });

  it("more sales never raise a product's slow-mover confidence in a whole analysis", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 6 }), (base, extra) => {
        const confidence = (units: number) => {
          const peers = Array.from({ length: 6 }, (_, i) => ({
            id: `peer-${i}`,
            sales: steady(0.4 + 0.05 * i),
          }));
          const sketch = sketchInput("2026-10-31", [
            ...peers,
            { id: "item", sales: (d: number) => (d % 15 === 3 && d / 15 < units ? 1 : 0) },
          ]);
          const flag = analyze(sketch).flags.find(
            (candidate) => candidate.productId === "item" && candidate.kind === "slow_mover",
          );
          return flag?.confidence ?? 0;
        };
        expect(confidence(base + extra)).toBeLessThanOrEqual(confidence(base));
      }),
      { numRuns: 25 },
    );
  });
});

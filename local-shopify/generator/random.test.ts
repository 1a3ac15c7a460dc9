import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatCents, parseCents, percentOff, shelfPrice } from "./money";
import { deriveSeed, Rng, WeightedTable } from "./random";

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe("Rng", () => {
  it("repeats its sequence for a seed and forks streams by name", () => {
    const draws = (rng: Rng) => Array.from({ length: 5 }, () => rng.int(0, 1_000_000));
    expect(draws(new Rng(42))).toEqual(draws(new Rng(42)));
    expect(draws(new Rng(42))).not.toEqual(draws(new Rng(43)));
    const parent = new Rng(42);
    const fork = draws(parent.fork("orders"));
    parent.float();
    expect(draws(parent.fork("orders"))).toEqual(fork);
    expect(draws(parent.fork("customers"))).not.toEqual(fork);
  });

  it("derives different seeds from high bits and labels", () => {
    expect(deriveSeed(1, "a")).not.toBe(deriveSeed(1 + 2 ** 32, "a"));
    expect(deriveSeed(1, "a")).not.toBe(deriveSeed(1, "b"));
    expect(() => deriveSeed(0.5, "a")).toThrow(RangeError);
  });

  it("draws from the right laws", () => {
    const rng = new Rng(7);
    const n = 20_000;
    expect(mean(Array.from({ length: n }, () => rng.poisson(0.3)))).toBeCloseTo(0.3, 1);
    expect(mean(Array.from({ length: n }, () => rng.poisson(12)))).toBeCloseTo(12, 0);
    expect(mean(Array.from({ length: n }, () => rng.poisson(80)))).toBeCloseTo(80, -1);
    expect(mean(Array.from({ length: n }, () => rng.gamma(2.5, 2)))).toBeCloseTo(5, 0);
    expect(mean(Array.from({ length: n }, () => rng.gamma(0.5, 1)))).toBeCloseTo(0.5, 1);
    expect(mean(Array.from({ length: n }, () => rng.negativeBinomial(4, 2)))).toBeCloseTo(4, 0);
    expect(mean(Array.from({ length: n }, () => rng.normal(3, 2)))).toBeCloseTo(3, 1);
    expect(mean(Array.from({ length: n }, () => rng.exponential()))).toBeCloseTo(1, 1);
    expect(mean(Array.from({ length: n }, () => rng.geometric(0.25)))).toBeCloseTo(3, 0);
    const table = new WeightedTable([1, 0, 3]);
    const picks = Array.from({ length: n }, () => table.draw(rng));
    expect(picks.filter((pick) => pick === 1)).toHaveLength(0);
    expect(picks.filter((pick) => pick === 2).length / n).toBeCloseTo(0.75, 1);
  });

  it("keeps integers in range and floats inside (0, 1) for any seed", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, from, width) => {
        const rng = new Rng(seed);
        for (let k = 0; k < 20; k++) {
          const value = rng.int(from, from + width);
          const unit = rng.float();
          if (value < from || value > from + width || !(unit > 0 && unit < 1)) return false;
        }
        return true;
      }),
    );
  });
});

describe("money", () => {
  it("formats integer cents as two-decimal strings that parse back", () => {
    fc.assert(
      fc.property(fc.nat(10 ** 9), (cents) => {
        const money = formatCents(cents);
        return /^\d+\.\d{2}$/.test(money) && parseCents(money) === cents;
      }),
    );
    expect(formatCents(5)).toBe("0.05");
    expect(parseCents("19.9")).toBe(1990);
    expect(parseCents("19")).toBe(1900);
    expect(() => formatCents(1.5)).toThrow(RangeError);
  });

  it("never discounts above the original price or below zero", () => {
    fc.assert(
      fc.property(fc.nat(10 ** 7), fc.integer({ min: 0, max: 100 }), (cents, percent) => {
        const discounted = percentOff(cents, percent);
        return Number.isInteger(discounted) && discounted <= cents && discounted >= 0;
      }),
    );
  });

  it("prices shelves at .99 or .00", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 100, max: 100_000 }), (seed, cents) => {
        const price = formatCents(shelfPrice(new Rng(seed), cents));
        return price.endsWith(".99") || price.endsWith(".00");
      }),
    );
  });
});

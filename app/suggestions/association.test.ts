import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateStoreWithHistory } from "../../local-shopify/generator/index";
import { basketsFrom } from "../../test-support/suggestion-input";
import { associationRules, fisherUpperTail } from "./association";

describe("Fisher exact test", () => {
  it("is a probability, 1 at no joint orders, and smaller for a stronger association", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (orders, a, b, c) => {
          const focus = Math.max(1, Math.round(a * orders));
          const other = Math.max(1, Math.round(b * orders));
          const high = Math.min(focus, other);
          const both = Math.round(c * high);
          const p = fisherUpperTail(both, focus, other, orders);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          if (both < high)
            expect(fisherUpperTail(both + 1, focus, other, orders)).toBeLessThanOrEqual(p + 1e-12);
        },
      ),
    );
    expect(fisherUpperTail(0, 10, 10, 100)).toBe(1);
  });

  it("matches a hand-computed tail", () => {
    // N = 10, 4 with A, 3 with B: P(X >= 3) = C(4,3) C(6,0) / C(10,3) = 4 / 120
    expect(fisherUpperTail(3, 4, 3, 10)).toBeCloseTo(4 / 120, 12);
    // P(X >= 2) = (C(4,2) C(6,1) + 4) / 120 = 40 / 120
    expect(fisherUpperTail(2, 4, 3, 10)).toBeCloseTo(40 / 120, 12);
  });
});

describe("association rules", () => {
  it("marks the store's kit pair as a kit, with the huge lift a naive rule would take", () => {
    const { store } = generateStoreWithHistory({ seed: 42, products: 300 });
    const kit = store.planted
      .filter((situation) => situation.kind === "trap_kit_cooccurrence")
      .map((situation) => `gid://shopify/Product/${situation.productId}`);
    const [first, second] = kit as [string, string];
    const rules = associationRules(basketsFrom(store), new Set([first]));
    const pair = rules.find((rule) => rule.otherId === second);
    expect(pair?.kit).toBe(true);
    expect(pair?.lift as number).toBeGreaterThan(20);
    expect(pair?.qValue as number).toBeLessThan(1e-6);
    expect(rules.filter((rule) => rule.kit).map((rule) => rule.otherId)).toEqual([second]);
  });

  it("computes support, confidence and lift = N n_AB / (n_A n_B)", () => {
    const baskets = [
      ...Array.from({ length: 6 }, (_, i) => ({
        orderId: `ab${i}`,
        day: "2026-01-01",
        productIds: ["A", "B"],
      })),
      ...Array.from({ length: 4 }, (_, i) => ({
        orderId: `a${i}`,
        day: "2026-01-01",
        productIds: ["A", "A"],
      })),
      ...Array.from({ length: 20 }, (_, i) => ({ orderId: `b${i}`, day: "2026-01-01", productIds: ["B"] })),
      ...Array.from({ length: 70 }, (_, i) => ({ orderId: `c${i}`, day: "2026-01-01", productIds: ["C"] })),
    ];
    const [rule] = associationRules(baskets, new Set(["A"]));
    expect(rule).toMatchObject({ orders: 100, focusOrders: 10, otherOrders: 26, bothOrders: 6, kit: false });
    expect(rule?.support).toBeCloseTo(0.06, 12);
    expect(rule?.confidence).toBeCloseTo(6 / 26, 12);
    expect(rule?.lift).toBeCloseTo((100 * 6) / (10 * 26), 12);
    // sum over x >= 6 of C(10, x) C(90, 26 - x) / C(100, 26)
    expect(rule?.pValue).toBeCloseTo(0.0180243, 6);
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import type { StoreData, StoreOrder } from "../store/types";
import { DAY_MS, parseIso } from "./calendar";
import { appendDays, generateStore, referencePrices, serializeStore } from "./index";
import { formatCents, parseCents } from "./money";

function unitsOf(orders: StoreOrder[], variantId: number): number {
  let units = 0;
  for (const order of orders) {
    if (order.cancelledAt !== null || order.test) continue;
    for (const line of order.lineItems) if (line.variantId === variantId) units += line.quantity;
  }
  return units;
}

describe("appendDays", () => {
  let base: StoreData;
  let bestSeller: number;

  beforeAll(() => {
    base = generateStore({ seed: 11, products: 80 });
    const since = parseIso(base.now) - 90 * DAY_MS;
    const recent = base.orders.filter((order) => parseIso(order.createdAt) >= since);
    const active = new Set(
      base.products.filter((product) => product.status === "ACTIVE").map((product) => product.id),
    );
    const candidates = base.variants.filter((variant) => active.has(variant.productId));
    bestSeller = candidates.reduce((best, variant) =>
      unitsOf(recent, variant.id) > unitsOf(recent, best.id) ? variant : best,
    ).id;
  });

  it("sells measurably more of a variant marked down 30 % than of the same variant at full price", () => {
    let marked = 0;
    let unmarked = 0;
    for (const seed of [1, 2, 3]) {
      const plain = structuredClone(base);
      const markdown = structuredClone(base);
      for (const store of [plain, markdown]) {
        const variant = store.variants.find((candidate) => candidate.id === bestSeller);
        if (!variant) throw new Error("best seller missing");
        variant.inventoryQuantity = 100_000;
        if (store === markdown) variant.price = formatCents(Math.round(parseCents(variant.price) * 0.7));
      }
      unmarked += unitsOf(appendDays(plain, 60, { seed }), bestSeller);
      marked += unitsOf(appendDays(markdown, 60, { seed }), bestSeller);
    }
    // Elasticity -1.5 to -3.5 predicts x1.7 to x3.5; require a clear x1.5.
    expect(unmarked).toBeGreaterThan(30);
    expect(marked).toBeGreaterThan(1.5 * unmarked);
  });

  it("uses basePrices as the reference price when given", () => {
    const reference = referencePrices(base);
    const plain = structuredClone(base);
    const markdown = structuredClone(base);
    for (const store of [plain, markdown]) {
      const variant = store.variants.find((candidate) => candidate.id === bestSeller);
      if (!variant) throw new Error("best seller missing");
      variant.inventoryQuantity = 100_000;
      if (store === markdown) variant.price = formatCents(Math.round(parseCents(variant.price) * 0.7));
    }
    const unmarked = unitsOf(appendDays(plain, 60, { seed: 4, basePrices: reference }), bestSeller);
    const marked = unitsOf(appendDays(markdown, 60, { seed: 4, basePrices: reference }), bestSeller);
    expect(marked).toBeGreaterThan(1.5 * unmarked);
  });

  it("is deterministic and continues the store: ids, names, stock, refunds and now", () => {
    const one = structuredClone(base);
    const two = structuredClone(base);
    const added = appendDays(one, 30, { seed: 5 });
    expect(appendDays(two, 30, { seed: 5 })).toEqual(added);
    expect(serializeStore(two)).toBe(serializeStore(one));
    expect(appendDays(structuredClone(base), 30, { seed: 6 })).not.toEqual(added);

    expect(added.length).toBeGreaterThan(100);
    expect(one.now).toBe(new Date(parseIso(base.now) + 30 * DAY_MS).toISOString().replace(".000Z", "Z"));
    expect(one.orders.slice(base.orders.length)).toEqual(added);
    const lastId = base.orders.length;
    added.forEach((order, k) => {
      expect(order.id).toBe(lastId + k + 1);
      expect(order.name).toBe(`#${1001 + lastId + k}`);
      expect(order.createdAt >= base.now && order.createdAt < one.now).toBe(true);
    });
    const lineIds = one.orders.flatMap((order) => order.lineItems.map((line) => line.id));
    expect(lineIds).toEqual(lineIds.map((_, k) => k + 1));
    const refundIds = one.orders
      .flatMap((order) => order.refunds.map((refund) => refund.id))
      .sort((a, b) => a - b);
    expect(refundIds).toEqual(refundIds.map((_, k) => k + 1));
    // Orders placed shortly before the old now receive the refunds that came due.
    const lateRefunds = one.orders
      .slice(0, base.orders.length)
      .flatMap((order) => order.refunds)
      .filter((refund) => refund.createdAt >= base.now);
    expect(lateRefunds.length).toBeGreaterThan(0);
    for (const refund of lateRefunds) expect(refund.createdAt < one.now).toBe(true);

    for (const variant of one.variants) {
      const before = base.variants.find((candidate) => candidate.id === variant.id);
      expect(variant.inventoryQuantity).toBeGreaterThanOrEqual(0);
      expect(variant.inventoryQuantity).toBe((before?.inventoryQuantity ?? 0) - unitsOf(added, variant.id));
    }
  });

  it("does nothing for zero days", () => {
    const copy = structuredClone(base);
    expect(appendDays(copy, 0, { seed: 1 })).toEqual([]);
    expect(serializeStore(copy)).toBe(serializeStore(base));
    expect(() => appendDays(copy, -1, { seed: 1 })).toThrow(RangeError);
  });
});

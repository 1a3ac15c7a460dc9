import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoreData } from "../store/types";
import { DAY_MS, parseIso } from "./calendar";
import {
  generateCatalog,
  generateStore,
  generateStoreWithHistory,
  orderStream,
  serializeStore,
  type InventoryHistory,
} from "./index";
import { parseCents } from "./money";
import { productTypeNamed } from "./product-types";

const MONEY = /^\d+\.\d{2}$/;

/** Everything the data contract and the generator promise about a store; returns the violations. */
function violations(store: StoreData, history: InventoryHistory): string[] {
  const problems: string[] = [];
  const fail = (message: string) => problems.length < 20 && problems.push(message);
  const nowMs = parseIso(store.now);
  const counting = (label: string, ids: number[]) => {
    ids.forEach((id, k) => id !== k + 1 && fail(`${label} id ${id} at position ${k}`));
  };
  counting(
    "product",
    store.products.map((product) => product.id),
  );
  counting(
    "variant",
    store.variants.map((variant) => variant.id),
  );
  counting(
    "customer",
    store.customers.map((customer) => customer.id),
  );
  counting(
    "order",
    store.orders.map((order) => order.id),
  );
  counting(
    "line item",
    store.orders.flatMap((order) => order.lineItems.map((line) => line.id)),
  );
  counting(
    "refund",
    store.orders.flatMap((order) => order.refunds.map((refund) => refund.id)),
  );
  counting(
    "abandoned checkout",
    store.abandonedCheckouts.map((checkout) => checkout.id),
  );

  const variants = new Map(store.variants.map((variant) => [variant.id, variant]));
  const customers = new Map(store.customers.map((customer) => [customer.id, customer]));
  if (new Set(store.products.map((product) => product.handle)).size !== store.products.length)
    fail("duplicate handles");
  if (new Set(store.variants.map((variant) => variant.sku)).size !== store.variants.length)
    fail("duplicate skus");
  for (const variant of store.variants) {
    for (const money of [variant.price, variant.compareAtPrice, variant.unitCost]) {
      if (money !== null && !MONEY.test(money)) fail(`variant ${variant.id} money ${money}`);
    }
    if (!/\.(99|00)$/.test(variant.price)) fail(`variant ${variant.id} price ${variant.price}`);
    if (variant.compareAtPrice !== null && parseCents(variant.compareAtPrice) <= parseCents(variant.price)) {
      fail(`variant ${variant.id} compare-at price not above price`);
    }
    if (variant.inventoryQuantity < 0) fail(`variant ${variant.id} negative stock`);
  }
  let previous = "";
  store.orders.forEach((order, k) => {
    if (order.createdAt < previous) fail(`order ${order.id} out of createdAt order`);
    previous = order.createdAt;
    if (order.name !== `#${1001 + k}`) fail(`order ${order.id} named ${order.name}`);
    if (parseIso(order.createdAt) >= nowMs || parseIso(order.updatedAt) >= nowMs)
      fail(`order ${order.id} after now`);
    if (order.updatedAt < order.createdAt) fail(`order ${order.id} updated before created`);
    if (order.customerId !== null) {
      const customer = customers.get(order.customerId);
      if (!customer || customer.createdAt > order.createdAt)
        fail(`order ${order.id} customer ${order.customerId}`);
    }
    const lines = new Map(order.lineItems.map((line) => [line.id, line]));
    for (const line of order.lineItems) {
      if (!MONEY.test(line.originalUnitPrice) || !MONEY.test(line.discountedUnitPrice))
        fail(`line ${line.id} money`);
      if (parseCents(line.discountedUnitPrice) > parseCents(line.originalUnitPrice))
        fail(`line ${line.id} discount up`);
      if ((line.discountedUnitPrice !== line.originalUnitPrice) !== order.discountCodes.length > 0) {
        fail(`line ${line.id} discount without code or code without discount`);
      }
      const variant = line.variantId === null ? undefined : variants.get(line.variantId);
      if (!variant || variant.productId !== line.productId || line.quantity < 1)
        fail(`line ${line.id} variant`);
    }
    for (const refund of order.refunds) {
      if (refund.createdAt <= order.createdAt || parseIso(refund.createdAt) >= nowMs)
        fail(`refund ${refund.id} time`);
      if (order.cancelledAt !== null || order.test) fail(`refund ${refund.id} on a cancelled or test order`);
      for (const item of refund.lineItems) {
        const line = lines.get(item.lineItemId);
        if (!line || item.quantity < 1 || item.quantity > line.quantity)
          fail(`refund ${refund.id} line ${item.lineItemId}`);
      }
    }
  });
  for (const checkout of store.abandonedCheckouts) {
    if (checkout.customerId !== null && !customers.has(checkout.customerId))
      fail(`checkout ${checkout.id} customer`);
    if (checkout.completedAt !== null && checkout.completedAt < checkout.createdAt)
      fail(`checkout ${checkout.id} times`);
  }

  // Stock at the end = opening stock + deliveries - units sold (cancelled and test orders do not count).
  const expected = new Map<number, number>();
  for (const event of history.events)
    expected.set(event.variantId, (expected.get(event.variantId) ?? 0) + event.quantity);
  for (const order of store.orders) {
    if (order.test || order.cancelledAt !== null) continue;
    for (const line of order.lineItems) {
      if (line.variantId !== null)
        expected.set(line.variantId, (expected.get(line.variantId) ?? 0) - line.quantity);
    }
  }
  for (const variant of store.variants) {
    if ((expected.get(variant.id) ?? 0) !== variant.inventoryQuantity)
      fail(`variant ${variant.id} stock does not add up`);
  }
  return problems;
}

describe("generateStore", () => {
  let first: { store: StoreData; history: InventoryHistory };
  let json: string;

  beforeAll(() => {
    first = generateStoreWithHistory({ seed: 42, products: 300 });
    json = serializeStore(first.store);
  });

  it("gives the same bytes for the same seed and options, and a different store for another seed", () => {
    expect(serializeStore(generateStore({ seed: 42, products: 300 }))).toBe(json);
    expect(serializeStore(generateStore({ seed: 43, products: 300 }))).not.toBe(json);
  });

  it("keeps the data contract: ids, names, order, money, customers, refunds and stock", () => {
    expect(violations(first.store, first.history)).toEqual([]);
  });

  it("has about 30,000 orders for 300 products and the shop settings asked for", () => {
    const { store } = first;
    expect(store.orders.length).toBeGreaterThan(25_000);
    expect(store.orders.length).toBeLessThan(35_000);
    expect(store.now).toBe("2026-11-01T00:00:00Z");
    expect(store.shop).toEqual({
      name: "Sample Store",
      myshopifyDomain: "sample-store.myshopify.com",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planDisplayName: "Basic",
    });
  });

  it("looks like a real store: statuses, variants, costs, content, codes, refunds, cancellations, customers", () => {
    const { store } = first;
    const share = (count: number, total: number) => count / total;
    const active = store.products.filter((product) => product.status === "ACTIVE");
    expect(share(active.length, store.products.length)).toBeGreaterThan(0.8);
    expect(store.products.some((product) => product.status === "DRAFT")).toBe(true);
    expect(store.products.some((product) => product.status === "ARCHIVED")).toBe(true);
    const perProduct = new Map<number, number>();
    for (const variant of store.variants)
      perProduct.set(variant.productId, (perProduct.get(variant.productId) ?? 0) + 1);
    expect(Math.min(...perProduct.values())).toBe(1);
    expect(Math.max(...perProduct.values())).toBe(4);
    expect(store.variants.some((variant) => variant.unitCost === null)).toBe(true);
    const lengths = store.products.map((product) => product.descriptionHtml.length);
    expect(Math.max(...lengths)).toBeGreaterThan(5 * Math.min(...lengths.filter((length) => length > 50)));
    expect(store.products.some((product) => product.seoTitle === null)).toBe(true);
    expect(new Set(store.products.map((product) => product.mediaCount))).toEqual(
      new Set([0, 1, 2, 3, 4, 5, 6, 7, 8]),
    );
    expect(store.products.every((product) => product.handle.length > 0 && product.tags.length > 0)).toBe(
      true,
    );

    const orders = store.orders;
    const lines = orders.flatMap((order) => order.lineItems);
    expect(
      share(orders.filter((order) => order.discountCodes.length > 0).length, orders.length),
    ).toBeGreaterThan(0.1);
    expect(
      share(orders.filter((order) => order.discountCodes.length > 0).length, orders.length),
    ).toBeLessThan(0.4);
    const refundedLines = orders.flatMap((order) =>
      order.refunds.flatMap((refund) => refund.lineItems),
    ).length;
    expect(share(refundedLines, lines.length)).toBeGreaterThan(0.02);
    expect(share(refundedLines, lines.length)).toBeLessThan(0.12);
    expect(share(orders.filter((order) => order.cancelledAt !== null).length, orders.length)).toBeGreaterThan(
      0.005,
    );
    expect(orders.filter((order) => order.test).length).toBeGreaterThanOrEqual(3);
    expect(share(orders.filter((order) => order.customerId === null).length, orders.length)).toBeGreaterThan(
      0.05,
    );
    const ordersPerCustomer = new Map<number, number>();
    for (const order of orders) {
      if (order.customerId !== null)
        ordersPerCustomer.set(order.customerId, (ordersPerCustomer.get(order.customerId) ?? 0) + 1);
    }
    const repeat = [...ordersPerCustomer.values()].filter((count) => count > 1).length;
    expect(share(repeat, ordersPerCustomer.size)).toBeGreaterThan(0.15);
    expect(share(repeat, ordersPerCustomer.size)).toBeLessThan(0.5);
    expect(store.abandonedCheckouts.some((checkout) => checkout.completedAt !== null)).toBe(true);
    expect(
      share(
        store.abandonedCheckouts.filter((checkout) => checkout.completedAt === null).length,
        orders.length,
      ),
    ).toBeGreaterThan(0.1);
  });

  it("sells winter goods in winter, summer goods in summer, and more on Sundays than Fridays", () => {
    const types = new Map(first.store.products.map((product) => [product.id, product.productType]));
    const units = { winter: { winter: 0, summer: 0 }, summer: { winter: 0, summer: 0 } };
    const weekdays = new Array<number>(7).fill(0);
    for (const order of first.store.orders) {
      const date = new Date(order.createdAt);
      const month = date.getUTCMonth();
      const part = month === 11 || month <= 1 ? "winter" : month >= 5 && month <= 7 ? "summer" : null;
      for (const line of order.lineItems) {
        weekdays[date.getUTCDay()] = (weekdays[date.getUTCDay()] as number) + line.quantity;
        const season = productTypeNamed(types.get(line.productId ?? 0) ?? "")?.season.kind;
        if (part && (season === "winter" || season === "summer")) units[season][part] += line.quantity;
      }
    }
    expect(units.winter.winter).toBeGreaterThan(2 * units.winter.summer);
    expect(units.summer.summer).toBeGreaterThan(2 * units.summer.winter);
    expect(weekdays[0]).toBeGreaterThan(1.1 * (weekdays[5] as number));
  });

  it("runs out of stock for stretches, loses those sales, and restocks", () => {
    const { store, history } = first;
    const startMs = parseIso(history.start);
    const days = 365;
    const sold = new Map<number, Int32Array>();
    for (const order of store.orders) {
      if (order.test || order.cancelledAt !== null) continue;
      const day = Math.floor((parseIso(order.createdAt) - startMs) / DAY_MS);
      for (const line of order.lineItems) {
        const series = sold.get(line.variantId ?? 0) ?? new Int32Array(days);
        series[day] = (series[day] as number) + line.quantity;
        sold.set(line.variantId ?? 0, series);
      }
    }
    const arrived = new Map<number, Int32Array>();
    for (const event of history.events) {
      const series = arrived.get(event.variantId) ?? new Int32Array(days);
      const day = Math.floor((parseIso(event.at) - startMs) / DAY_MS);
      series[day] = (series[day] as number) + event.quantity;
      arrived.set(event.variantId, series);
    }
    let stretches = 0;
    for (const variant of store.variants) {
      let level = 0;
      let run = 0;
      for (let day = 0; day < days; day++) {
        level += arrived.get(variant.id)?.[day] ?? 0;
        if (level <= 0) {
          expect(sold.get(variant.id)?.[day] ?? 0).toBe(0);
          run += 1;
        } else {
          if (run >= 7 && day > run) stretches += 1;
          run = 0;
        }
        level -= sold.get(variant.id)?.[day] ?? 0;
      }
    }
    expect(stretches).toBeGreaterThan(20);
    expect(history.events.filter((event) => event.kind === "restock").length).toBeGreaterThan(
      store.variants.length,
    );
  });

  it("rejects options out of range", () => {
    expect(() => generateCatalog({ seed: 1, products: 4 })).toThrow(RangeError);
    expect(() => generateCatalog({ seed: 1, products: 50_001 })).toThrow(RangeError);
    expect(() => generateCatalog({ seed: 1.5, products: 10 })).toThrow(RangeError);
    expect(() => generateCatalog({ seed: 1, products: 10, now: "not a date" })).toThrow(RangeError);
  });

  it("keeps the contract for any seed and small options", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 5, max: 14 }),
        fc.integer({ min: 20, max: 90 }),
        fc.integer({ min: 50, max: 600 }),
        (seed, products, days, targetOrderLines) => {
          const { store, history } = generateStoreWithHistory({
            seed,
            products,
            days,
            targetOrderLines,
            now: "2026-03-15T12:00:00Z",
          });
          return violations(store, history).length === 0 && store.products.length === products;
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("orderStream", () => {
  it("streams a large store's orders lazily, in order, with ids from 1", () => {
    const catalog = generateCatalog({ seed: 5, products: 5_000, targetOrderLines: 120_000 });
    let lines = 0;
    let orders = 0;
    let last = "";
    let ordered = true;
    for (const order of orderStream(catalog)) {
      orders += 1;
      lines += order.lineItems.length;
      ordered &&= order.id === orders && order.createdAt >= last;
      last = order.createdAt;
    }
    expect(ordered).toBe(true);
    expect(lines).toBeGreaterThan(100_000);
    expect(lines).toBeLessThan(140_000);

    // Taking the first orders stops the generator without simulating the rest of the year.
    const started = performance.now();
    const firstOrders: number[] = [];
    for (const order of orderStream(catalog)) {
      firstOrders.push(order.id);
      if (firstOrders.length === 50) break;
    }
    expect(firstOrders).toEqual(Array.from({ length: 50 }, (_, k) => k + 1));
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("yields what generateStore materialises, and leaves the catalog reusable", () => {
    const options = { seed: 9, products: 40, days: 120 };
    const catalog = generateCatalog(options);
    const once = [...orderStream(catalog)];
    const twice = [...orderStream(catalog)];
    expect(twice).toEqual(once);
    expect(generateStore(options).orders).toEqual(once);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateStore } from "../../local-shopify/generator/index";
import type { StoreData, StoreLineItem } from "../../local-shopify/store/types";
import { createDb, type Db } from "../db-client.server";
import { runFirstSync, type SyncProgress } from "./bulk.server";
import {
  clearShop,
  localShop,
  onClock,
  rowKey,
  simulatedTime,
  syncedRows,
} from "../../test-support/local-shopify";
import { deleteProduct, upsertProductRows } from "./store.server";

/*
 * The first sync end to end: the local Shopify (Shopify's schema, bulk operations, injected
 * faults) over a generated store, the app's real client, and the SQLite database. Expected values
 * come from the generated store itself, not from the server's answers.
 */

const STORE = generateStore({ seed: 11, products: 48, ianaTimezone: "Pacific/Auckland" });
const SHOP = STORE.shop.myshopifyDomain;

const gid = (type: string, id: number | null) => (id === null ? null : `gid://shopify/${type}/${id}`);
const dayFormat = new Intl.DateTimeFormat("en-CA", { timeZone: STORE.shop.ianaTimezone });
const localDay = (iso: string) => dayFormat.format(new Date(iso));
/** The generator writes prices with two decimals. */
const cents = (money: string) => Number(money.replace(".", ""));
/** Shopify writes times to the second. */
const toSecond = (iso: string) => new Date(Math.floor(Date.parse(iso) / 1000) * 1000);

/** VariantDailySales computed from the generated store, sorted as syncedRows sorts. */
function expectedDailySales(store: StoreData) {
  const facts = new Map<
    string,
    {
      line: StoreLineItem;
      day: string;
      units: number;
      gross: number;
      discount: number;
      refunded: number;
      orders: Set<number>;
      discountedUnits: number;
      maxLineUnits: number;
    }
  >();
  for (const order of store.orders) {
    if (order.cancelledAt !== null || order.test) continue;
    const day = localDay(order.createdAt);
    for (const line of order.lineItems) {
      if (line.variantId === null) continue;
      const refunded = order.refunds
        .flatMap((refund) => refund.lineItems)
        .filter((entry) => entry.lineItemId === line.id)
        .reduce((sum, entry) => sum + entry.quantity, 0);
      const key = `${line.variantId}|${day}`;
      const fact = facts.get(key) ?? {
        line,
        day,
        units: 0,
        gross: 0,
        discount: 0,
        refunded: 0,
        orders: new Set<number>(),
        discountedUnits: 0,
        maxLineUnits: 0,
      };
      const original = cents(line.originalUnitPrice);
      fact.units += line.quantity;
      fact.gross += line.quantity * original;
      fact.discount += line.quantity * (original - cents(line.discountedUnitPrice));
      fact.refunded += Math.min(refunded, line.quantity);
      fact.orders.add(order.id);
      if (cents(line.discountedUnitPrice) < original) fact.discountedUnits += line.quantity;
      fact.maxLineUnits = Math.max(fact.maxLineUnits, line.quantity);
      facts.set(key, fact);
    }
  }
  return [...facts.values()]
    .map((fact) => ({
      shop: SHOP,
      variantId: gid("ProductVariant", fact.line.variantId),
      productId: gid("Product", fact.line.productId),
      day: fact.day,
      units: fact.units,
      grossMinor: BigInt(fact.gross),
      discountMinor: BigInt(fact.discount),
      refundedUnits: fact.refunded,
      orders: fact.orders.size,
      discountedUnits: fact.discountedUnits,
      maxLineUnits: fact.maxLineUnits,
    }))
    .sort((a, b) => (rowKey(a) < rowKey(b) ? -1 : 1));
}

describe("runFirstSync against the local Shopify", () => {
  let db: Db;
  let clean: Awaited<ReturnType<typeof syncedRows>>;

  beforeAll(async () => {
    db = createDb(process.env.DATABASE_URL!);
    const clock = simulatedTime(STORE.now);
    const { shopify, client } = localShop(STORE, clock);
    const outcomes = await runFirstSync(db, client, SHOP, onClock(shopify, clock));
    expect(outcomes.map((outcome) => [outcome.resource, outcome.status, outcome.error])).toEqual([
      ["products", "COMPLETED", null],
      ["orders", "COMPLETED", null],
      ["customers", "COMPLETED", null],
      ["abandonedCheckouts", "COMPLETED", null],
    ]);
    clean = await syncedRows(db, SHOP);
  });

  afterAll(async () => {
    await db.$disconnect();
  });

  it("writes exactly the store's products, variants, orders, lines, customers and checkouts", async () => {
    const lines = STORE.orders.flatMap((order) => order.lineItems);
    expect(
      Object.fromEntries(Object.entries(clean).map(([table, rows]) => [table, rows.length])),
    ).toMatchObject({
      product: STORE.products.length,
      variant: STORE.variants.length,
      order: STORE.orders.length,
      orderLine: lines.length,
      customer: STORE.customers.length,
      abandonedCheckout: STORE.abandonedCheckouts.length,
      abandonedCheckoutLine: STORE.abandonedCheckouts.flatMap((checkout) => checkout.lineItems).length,
    });

    const product = STORE.products.find((one) => one.seoTitle !== null && one.tags.length > 1)!;
    const variants = STORE.variants.filter((variant) => variant.productId === product.id);
    expect(
      await db.product.findUnique({ where: { shop_id: { shop: SHOP, id: gid("Product", product.id)! } } }),
    ).toMatchObject({
      title: product.title,
      handle: product.handle,
      status: product.status,
      productType: product.productType,
      vendor: product.vendor,
      tags: product.tags.join(", "),
      descriptionHtml: product.descriptionHtml,
      seoTitle: product.seoTitle,
      seoDescription: product.seoDescription,
      mediaCount: product.mediaCount,
      totalInventory: variants.reduce((sum, variant) => sum + variant.inventoryQuantity, 0),
      createdAt: toSecond(product.createdAt),
      updatedAt: toSecond(product.updatedAt),
      publishedAt: product.publishedAt === null ? null : toSecond(product.publishedAt),
    });
    const variant = STORE.variants.find((one) => one.compareAtPrice !== null && one.unitCost !== null)!;
    expect(
      await db.variant.findUnique({
        where: { shop_id: { shop: SHOP, id: gid("ProductVariant", variant.id)! } },
      }),
    ).toMatchObject({
      productId: gid("Product", variant.productId),
      title: variant.title,
      sku: variant.sku,
      priceMinor: BigInt(cents(variant.price)),
      compareAtPriceMinor: BigInt(cents(variant.compareAtPrice!)),
      unitCostMinor: BigInt(cents(variant.unitCost!)),
      inventoryQuantity: variant.inventoryQuantity,
    });

    const order = STORE.orders.find(
      (one) => one.refunds.length > 0 && one.discountCodes.length > 0 && one.customerId !== null,
    )!;
    expect(
      await db.order.findUnique({ where: { shop_id: { shop: SHOP, id: gid("Order", order.id)! } } }),
    ).toMatchObject({
      name: order.name,
      createdAt: toSecond(order.createdAt),
      cancelledAt: null,
      test: false,
      currencyCode: "USD",
      customerId: gid("Customer", order.customerId),
      discountCodes: order.discountCodes.join(", "),
    });
    const line = order.lineItems[0]!;
    const refunded = order.refunds
      .flatMap((refund) => refund.lineItems)
      .filter((entry) => entry.lineItemId === line.id)
      .reduce((sum, entry) => sum + entry.quantity, 0);
    expect(
      await db.orderLine.findUnique({ where: { shop_id: { shop: SHOP, id: gid("LineItem", line.id)! } } }),
    ).toEqual({
      shop: SHOP,
      id: gid("LineItem", line.id),
      orderId: gid("Order", order.id),
      variantId: gid("ProductVariant", line.variantId),
      productId: gid("Product", line.productId),
      day: localDay(order.createdAt),
      quantity: line.quantity,
      currentQuantity: Math.max(0, line.quantity - refunded),
      originalUnitMinor: BigInt(cents(line.originalUnitPrice)),
      discountedUnitMinor: BigInt(cents(line.discountedUnitPrice)),
    });
  });

  it("buckets every order line on its order's day in the shop's time zone", async () => {
    const expected = new Map(
      STORE.orders.flatMap((order) =>
        order.lineItems.map((line) => [gid("LineItem", line.id), localDay(order.createdAt)] as const),
      ),
    );
    const stored = await db.orderLine.findMany({ where: { shop: SHOP }, select: { id: true, day: true } });
    expect(new Map(stored.map((line) => [line.id, line.day]))).toEqual(expected);
    // Auckland is 11-13 hours ahead of UTC: many orders fall on the next day there.
    const shifted = STORE.orders.filter(
      (order) => localDay(order.createdAt) !== order.createdAt.slice(0, 10),
    );
    expect(shifted.length).toBeGreaterThan(STORE.orders.length / 3);
  });

  it("builds the daily facts of every variant and day from the orders", async () => {
    expect(clean.variantDailySales).toEqual(expectedDailySales(STORE));
  });

  it("records a completed SyncRun per resource with its progress", async () => {
    const runs = await db.syncRun.findMany({ where: { shop: SHOP }, orderBy: { resource: "asc" } });
    expect(
      runs.map((run) => [run.resource, run.kind, run.status, run.objectsDone === run.objectsTotal]),
    ).toEqual([
      ["abandonedCheckouts", "bulk", "COMPLETED", true],
      ["customers", "bulk", "COMPLETED", true],
      ["orders", "bulk", "COMPLETED", true],
      ["products", "bulk", "COMPLETED", true],
    ]);
    const orders = runs.find((run) => run.resource === "orders")!;
    expect(orders.objectsTotal).toBe(
      STORE.orders.length + STORE.orders.flatMap((order) => order.lineItems).length,
    );
    expect(orders.bulkOperationId).toMatch(/^gid:\/\/shopify\/BulkOperation\/\d+$/);
  });

  it("ends with the same database when Shopify fails, throttles and cuts files short", async () => {
    await clearShop(db, SHOP);
    const clock = simulatedTime(STORE.now);
    const { shopify, client } = localShop(STORE, clock, {
      serverErrorRate: 0.1,
      throttleRate: 0.1,
      failBulkRate: 0.15,
      truncateBulkRate: 0.15,
      seed: 2,
    });
    const failures = new Set<string>();
    const outcomes = await runFirstSync(db, client, SHOP, {
      ...onClock(shopify, clock),
      onProgress: (progress: SyncProgress) => {
        if (progress.error) failures.add(`${progress.resource} ${progress.attempt}: ${progress.error}`);
      },
    });
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "COMPLETED",
      "COMPLETED",
      "COMPLETED",
      "COMPLETED",
    ]);
    expect(await syncedRows(db, SHOP)).toEqual(clean);
    // The faults did happen: exports were started again, and requests retried.
    expect(failures.size).toBeGreaterThan(0);
    expect(client.stats.retries).toBeGreaterThan(0);
    expect(client.stats.throttledResponses).toBeGreaterThan(0);
  });

  it("starts an export again when its file is cut short, and completes", async () => {
    const clock = simulatedTime(STORE.now);
    const { shopify, client } = localShop(STORE, clock);
    const failures: string[] = [];
    let downloads = 0;
    const outcomes = await runFirstSync(db, client, SHOP, {
      ...onClock(shopify, clock),
      resources: ["orders"],
      onProgress: (progress) => {
        if (progress.error) failures.push(progress.error);
      },
      fetchJsonl: async (url) => {
        const response = await shopify.fetch(url);
        downloads += 1;
        if (downloads > 1) return response;
        const text = await response.text();
        return new Response(text.slice(0, Math.floor(text.length / 2)));
      },
    });
    expect(outcomes).toMatchObject([{ status: "COMPLETED", attempt: 2, error: null }]);
    expect(failures).toEqual([
      expect.stringMatching(/^The export file is unusable: orders export: line \d+: not valid JSON/),
    ]);
    expect(await syncedRows(db, SHOP)).toEqual(clean);
  });

  it("reports an export that keeps failing on Shopify's side, and leaves the data as it was", async () => {
    const before = await syncedRows(db, SHOP);
    const clock = simulatedTime(STORE.now);
    const { shopify, client } = localShop(STORE, clock, { failBulkRate: 1 });
    const outcomes = await runFirstSync(db, client, SHOP, {
      ...onClock(shopify, clock),
      resources: ["products"],
    });
    const error =
      "Gave up after 3 attempts. The last one: Shopify's export of products failed on Shopify's side (INTERNAL_SERVER_ERROR).";
    expect(outcomes).toMatchObject([{ status: "FAILED", attempt: 3, error }]);
    const run = await db.syncRun.findFirst({
      where: { shop: SHOP, resource: "products" },
      orderBy: { startedAt: "desc" },
    });
    expect(run).toMatchObject({ status: "FAILED", error, objectsDone: 0, finishedAt: expect.any(Date) });
    expect(await syncedRows(db, SHOP)).toEqual(before);
  });

  it("refuses a malformed export, retries it, reports it, and leaves the data as it was", async () => {
    const before = await syncedRows(db, SHOP);
    const clock = simulatedTime(STORE.now);
    const { shopify, client } = localShop(STORE, clock);
    const outcomes = await runFirstSync(db, client, SHOP, {
      ...onClock(shopify, clock),
      resources: ["customers"],
      fetchJsonl: async (url) => {
        const text = await (await shopify.fetch(url)).text();
        const lines = text.split("\n");
        lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), createdAt: undefined });
        return new Response(lines.join("\n"));
      },
    });
    expect(outcomes).toMatchObject([
      {
        resource: "customers",
        status: "FAILED",
        attempt: 3,
        error: expect.stringMatching(
          /^Gave up after 3 attempts\. The last one: .*customers export: line 2: field "createdAt": required field is missing$/,
        ),
      },
    ]);
    const run = await db.syncRun.findFirst({
      where: { shop: SHOP, resource: "customers" },
      orderBy: { startedAt: "desc" },
    });
    expect(run).toMatchObject({ status: "FAILED", error: outcomes[0]!.error, finishedAt: expect.any(Date) });
    expect(await syncedRows(db, SHOP)).toEqual(before);
  });

  it("does not bring back a product deleted during the sync, nor overwrite a newer update", async () => {
    const clock = simulatedTime(STORE.now);
    const { shopify, client } = localShop(STORE, clock);
    const [deleted, renamed] = STORE.products.map((product) => gid("Product", product.id)!);
    const outcomes = await runFirstSync(db, client, SHOP, {
      ...onClock(shopify, clock),
      resources: ["products"],
      // Both happen after the export began and before its file is read.
      fetchJsonl: async (url) => {
        clock.advance(1_000);
        await deleteProduct(db, SHOP, deleted!, new Date(clock.now()));
        const current = await db.product.findUniqueOrThrow({
          where: { shop_id: { shop: SHOP, id: renamed! } },
        });
        const { shop: _shop, syncedAt: _syncedAt, ...row } = current;
        const variants = await db.variant.findMany({ where: { shop: SHOP, productId: renamed! } });
        await upsertProductRows(
          db,
          SHOP,
          { ...row, title: "Renamed by a webhook", updatedAt: new Date(clock.now()) },
          variants.map(({ shop: _s, syncedAt: _t, ...variant }) => ({
            ...variant,
            priceMinor: Number(variant.priceMinor),
            compareAtPriceMinor:
              variant.compareAtPriceMinor === null ? null : Number(variant.compareAtPriceMinor),
            unitCostMinor: variant.unitCostMinor === null ? null : Number(variant.unitCostMinor),
          })),
        );
        return shopify.fetch(url);
      },
    });
    expect(outcomes[0]?.status).toBe("COMPLETED");
    expect(await db.product.count({ where: { shop: SHOP, id: deleted! } })).toBe(0);
    expect(await db.variant.count({ where: { shop: SHOP, productId: deleted! } })).toBe(0);
    expect(await db.product.count({ where: { shop: SHOP } })).toBe(STORE.products.length - 1);
    expect(
      (await db.product.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: renamed! } } })).title,
    ).toBe("Renamed by a webhook");
    expect(await db.variant.count({ where: { shop: SHOP } })).toBe(
      STORE.variants.filter((variant) => gid("Product", variant.productId) !== deleted).length,
    );
  });

  it("replaces the rows with none when the store has nothing to export (no result URL)", async () => {
    // a day on, so the update the previous test made counts as older than this export
    const clock = simulatedTime(new Date(Date.parse(STORE.now) + 86_400_000).toISOString());
    const empty: StoreData = {
      ...STORE,
      products: [],
      variants: [],
      orders: [],
      customers: [],
      abandonedCheckouts: [],
    };
    const { shopify, client } = localShop(empty, clock);
    const outcomes = await runFirstSync(db, client, SHOP, onClock(shopify, clock));
    expect(outcomes.map((outcome) => [outcome.status, outcome.objectsTotal])).toEqual([
      ["COMPLETED", 0],
      ["COMPLETED", 0],
      ["COMPLETED", 0],
      ["COMPLETED", 0],
    ]);
    const counts = Object.values(await syncedRows(db, SHOP)).map((rows) => rows.length);
    expect(counts.every((count) => count === 0)).toBe(true);
  });
});

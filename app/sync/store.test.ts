import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateStore } from "../../local-shopify/generator/index";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";
import { runFirstSync } from "./bulk.server";
import { localShop, onClock, simulatedTime, syncedRows } from "../../test-support/local-shopify";
import { createDb, sqliteConnection } from "../db-client.server";
import { dialectOf, insertRows } from "./insert.server";
import type { OrderLineRow, OrderRow } from "./records";
import {
  deleteProduct,
  importJsonl,
  rebuildDailySales,
  upsertOrderRows,
  upsertProductRows,
  type VariantDay,
} from "./store.server";

/*
 * Writing the synced store, on both databases: full replacement in one transaction, the daily
 * facts, and the single-object writes the webhook path uses.
 */

const SHOP = "writes.myshopify.com";
const OTHER_SHOP = "neighbour.myshopify.com";
const PARSE = { timeZone: "America/Los_Angeles", currencyCode: "USD" };

const jsonl = (...values: unknown[]) => values.map((value) => JSON.stringify(value)).join("\n") + "\n";
const stream = (text: string) => Readable.from([Buffer.from(text)]);

const product = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/Product/${n}`,
  title: `Product ${n}`,
  handle: `product-${n}`,
  status: "ACTIVE",
  productType: "Shirts",
  vendor: "Northwind",
  tags: ["summer", "linen"],
  createdAt: "2026-01-01T10:00:00Z",
  updatedAt: "2026-02-01T10:00:00Z",
  publishedAt: null,
  totalInventory: 7,
  descriptionHtml: "<p>Soft</p>",
  seo: { title: null, description: "Linen shirt" },
  mediaCount: { count: 2 },
  ...extra,
});
const variant = (n: number, parent: number) => ({
  id: `gid://shopify/ProductVariant/${n}`,
  sku: `SKU-${n}`,
  title: "M",
  price: "19.99",
  compareAtPrice: null,
  inventoryQuantity: 7,
  createdAt: "2026-01-01T10:00:00Z",
  inventoryItem: { unitCost: { amount: "8.5", currencyCode: "USD" } },
  __parentId: `gid://shopify/Product/${parent}`,
});
const order = (n: number, createdAt: string, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/Order/${n}`,
  name: `#${1000 + n}`,
  createdAt,
  updatedAt: createdAt,
  cancelledAt: null,
  test: false,
  currencyCode: "USD",
  customer: { id: "gid://shopify/Customer/1" },
  discountCodes: ["SUMMER10"],
  refunds: [],
  ...extra,
});
const lineItem = (n: number, parent: number, variantId: number, quantity: number, current = quantity) => ({
  id: `gid://shopify/LineItem/${n}`,
  quantity,
  currentQuantity: current,
  variant: { id: `gid://shopify/ProductVariant/${variantId}` },
  product: { id: "gid://shopify/Product/1" },
  originalUnitPriceSet: { shopMoney: { amount: "20.0", currencyCode: "USD" } },
  discountedUnitPriceAfterAllDiscountsSet: { shopMoney: { amount: "18.0", currencyCode: "USD" } },
  __parentId: `gid://shopify/Order/${parent}`,
});

// Lines come after their parent, not always right after it.
const PRODUCTS = jsonl(product(1), product(2), variant(11, 1), variant(21, 2), variant(12, 1));
const ORDERS = jsonl(
  order(1, "2026-03-01T07:30:00Z"), // 23:30 on Feb 28 in Los Angeles
  order(2, "2026-03-01T09:00:00Z", { cancelledAt: "2026-03-02T09:00:00Z" }),
  lineItem(101, 1, 11, 2, 1),
  order(3, "2026-03-01T20:00:00Z"),
  lineItem(201, 2, 11, 5),
  lineItem(301, 3, 11, 1),
  lineItem(102, 1, 12, 1),
);

describe.each(BOTH_DATABASES)("sync writes on %s", (_name, open) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database.drop();
  });

  it("imports JSONL of the data contract's shape into exact rows, children attached by __parentId", async () => {
    const { db } = database;
    const syncedAt = new Date("2026-03-05T00:00:00Z");
    await importJsonl(db, SHOP, "products", stream(PRODUCTS), { ...PARSE, syncedAt });
    await importJsonl(db, SHOP, "orders", stream(ORDERS), { ...PARSE, syncedAt });

    expect(
      await db.product.findUnique({ where: { shop_id: { shop: SHOP, id: "gid://shopify/Product/1" } } }),
    ).toEqual({
      shop: SHOP,
      id: "gid://shopify/Product/1",
      title: "Product 1",
      handle: "product-1",
      status: "ACTIVE",
      productType: "Shirts",
      vendor: "Northwind",
      tags: "summer, linen",
      descriptionHtml: "<p>Soft</p>",
      seoTitle: null,
      seoDescription: "Linen shirt",
      mediaCount: 2,
      totalInventory: 7,
      createdAt: new Date("2026-01-01T10:00:00Z"),
      updatedAt: new Date("2026-02-01T10:00:00Z"),
      publishedAt: null,
      syncedAt,
    });
    const variants = await db.variant.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    expect(variants.map((row) => [row.id, row.productId, row.priceMinor, row.unitCostMinor])).toEqual([
      ["gid://shopify/ProductVariant/11", "gid://shopify/Product/1", 1999n, 850n],
      ["gid://shopify/ProductVariant/12", "gid://shopify/Product/1", 1999n, 850n],
      ["gid://shopify/ProductVariant/21", "gid://shopify/Product/2", 1999n, 850n],
    ]);
    const lines = await db.orderLine.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    expect(lines.map((row) => [row.id.split("/").pop(), row.orderId.split("/").pop(), row.day])).toEqual([
      ["101", "1", "2026-02-28"],
      ["102", "1", "2026-02-28"],
      ["201", "2", "2026-03-01"],
      ["301", "3", "2026-03-01"],
    ]);
    expect(lines[0]).toMatchObject({
      quantity: 2,
      currentQuantity: 1,
      originalUnitMinor: 2000n,
      discountedUnitMinor: 1800n,
    });
    expect(await db.order.findFirst({ where: { shop: SHOP, id: "gid://shopify/Order/2" } })).toMatchObject({
      cancelledAt: new Date("2026-03-02T09:00:00Z"),
      discountCodes: "SUMMER10",
      customerId: "gid://shopify/Customer/1",
    });
    // The cancelled order (#2) does not count.
    const sales = await db.variantDailySales.findMany({
      where: { shop: SHOP },
      orderBy: [{ variantId: "asc" }, { day: "asc" }],
    });
    expect(sales.map(({ shop: _shop, ...fact }) => fact)).toEqual([
      {
        variantId: "gid://shopify/ProductVariant/11",
        productId: "gid://shopify/Product/1",
        day: "2026-02-28",
        units: 2,
        grossMinor: 4000n,
        discountMinor: 400n,
        refundedUnits: 1,
        orders: 1,
        discountedUnits: 2,
        maxLineUnits: 2,
      },
      {
        variantId: "gid://shopify/ProductVariant/11",
        productId: "gid://shopify/Product/1",
        day: "2026-03-01",
        units: 1,
        grossMinor: 2000n,
        discountMinor: 200n,
        refundedUnits: 0,
        orders: 1,
        discountedUnits: 1,
        maxLineUnits: 1,
      },
      {
        variantId: "gid://shopify/ProductVariant/12",
        productId: "gid://shopify/Product/1",
        day: "2026-02-28",
        units: 1,
        grossMinor: 2000n,
        discountMinor: 200n,
        refundedUnits: 0,
        orders: 1,
        discountedUnits: 1,
        maxLineUnits: 1,
      },
    ]);
  });

  it("keeps every index of the tables it rewrites, after an import and after a refused one", async () => {
    const { db } = database;
    // SQLite drops and rebuilds them around a one-shop import (store.server.ts, deferIndexes).
    const indexes = () =>
      dialectOf(db) === "sqlite"
        ? db.$queryRawUnsafe<unknown[]>(
            `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`,
          )
        : db.$queryRawUnsafe<unknown[]>(
            `SELECT indexname::text AS name, indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`,
          );
    const before = await indexes();
    expect(before.length).toBeGreaterThan(10);
    await importJsonl(db, SHOP, "orders", stream(ORDERS), PARSE);
    expect(await indexes()).toEqual(before);
    await expect(importJsonl(db, SHOP, "orders", stream(ORDERS + "{\n"), PARSE)).rejects.toThrow(
      "not valid JSON",
    );
    expect(await indexes()).toEqual(before);
  });

  it("writes SQLite's bulk rows on the client's own connection, PostgreSQL's through Prisma", async () => {
    const { db } = database;
    await db.shop.count();
    expect(sqliteConnection(db) !== undefined).toBe(dialectOf(db) === "sqlite");
    // Not inside a transaction, a direct insert would commit on its own: it is refused.
    const connection = sqliteConnection(db);
    if (connection) {
      await expect(insertRows(db, "sqlite", "Customer", SHOP, [], new Date(), connection)).resolves.toBe(0);
      await expect(
        insertRows(
          db,
          "sqlite",
          "Customer",
          SHOP,
          [
            {
              customerId: "gid://shopify/Customer/77",
              createdAt: new Date(),
              updatedAt: new Date(),
              numberOfOrders: 1,
              amountSpentMinor: 100,
              tags: "",
            },
          ],
          new Date(),
          connection,
        ),
      ).rejects.toThrow("direct inserts need an open transaction");
    }
  });

  it("replaces a resource's rows of that shop only", async () => {
    const { db } = database;
    await importJsonl(db, OTHER_SHOP, "products", stream(PRODUCTS), PARSE);
    const neighbour = await syncedRows(db, OTHER_SHOP);
    await importJsonl(db, SHOP, "products", stream(jsonl(product(3), variant(31, 3))), PARSE);
    expect((await db.product.findMany({ where: { shop: SHOP } })).map((row) => row.id)).toEqual([
      "gid://shopify/Product/3",
    ]);
    expect((await db.variant.findMany({ where: { shop: SHOP } })).map((row) => row.id)).toEqual([
      "gid://shopify/ProductVariant/31",
    ]);
    expect(await syncedRows(db, OTHER_SHOP)).toEqual(neighbour);
  });

  // 30 good orders come first, so rows are written in batches before the bad line is reached.
  const GOOD = jsonl(...Array.from({ length: 30 }, (_, i) => order(500 + i, "2026-04-01T10:00:00Z")));
  const FIRST = order(1, "2026-03-01T07:30:00Z");
  it.each([
    [
      "a line that is not JSON",
      jsonl(FIRST) + '{"id": "gid://shopify/LineItem/1", "quan\n',
      /^orders\.jsonl: line 32: not valid JSON/,
    ],
    [
      "a missing required field",
      jsonl(FIRST, { ...lineItem(101, 1, 11, 1), quantity: undefined }),
      /^orders\.jsonl: line 32: field "quantity": required field is missing$/,
    ],
    [
      "a mistyped field",
      jsonl(FIRST, order(2, "2026-03-01T07:30:00Z", { test: "no" })),
      /^orders\.jsonl: line 32: field "test": .*expected boolean/,
    ],
    [
      "a child before its parent",
      jsonl(lineItem(101, 1, 11, 1), FIRST),
      /^orders\.jsonl: line 31: __parentId "gid:\/\/shopify\/Order\/1" names no object earlier in the file$/,
    ],
    [
      "a file cut off mid-line",
      ORDERS.slice(0, -40),
      /^orders\.jsonl: line 37: not valid JSON \(is the file cut short\?\)$/,
    ],
  ])("refuses %s with its line number and writes nothing", async (_what, text, message) => {
    const { db } = database;
    await importJsonl(db, SHOP, "orders", stream(ORDERS), PARSE);
    const before = await syncedRows(db, SHOP);
    await expect(
      importJsonl(db, SHOP, "orders", stream(GOOD + text), { ...PARSE, name: "orders.jsonl", batchSize: 10 }),
    ).rejects.toThrow(message);
    expect(await syncedRows(db, SHOP)).toEqual(before);
  });

  it("refuses an export whose object count differs from what Shopify reported", async () => {
    const { db } = database;
    const before = await syncedRows(db, SHOP);
    await expect(
      importJsonl(db, SHOP, "orders", stream(ORDERS.split("\n").slice(0, 4).join("\n")), {
        ...PARSE,
        expectedObjects: 7,
      }),
    ).rejects.toThrow("orders: the export holds 4 objects where Shopify reported 7");
    expect(await syncedRows(db, SHOP)).toEqual(before);
  });

  it("keeps a deleted product out of an export that started before the deletion", async () => {
    const { db } = database;
    const exportStartedAt = new Date("2026-03-10T00:00:00Z");
    await importJsonl(db, SHOP, "products", stream(PRODUCTS), PARSE);
    await deleteProduct(db, SHOP, "gid://shopify/Product/1", new Date("2026-03-10T00:00:05Z"));
    await importJsonl(db, SHOP, "products", stream(PRODUCTS), { ...PARSE, exportStartedAt });
    expect((await db.product.findMany({ where: { shop: SHOP } })).map((row) => row.id)).toEqual([
      "gid://shopify/Product/2",
    ]);
    expect((await db.variant.findMany({ where: { shop: SHOP } })).map((row) => row.productId)).toEqual([
      "gid://shopify/Product/2",
    ]);
    // nor does a late products/update webhook
    const [row] = await db.product.findMany({ where: { shop: SHOP } });
    const { shop: _shop, syncedAt: _syncedAt, ...fields } = row!;
    expect(await upsertProductRows(db, SHOP, { ...fields, id: "gid://shopify/Product/1" }, [])).toBe(false);
    expect(await db.product.count({ where: { shop: SHOP, id: "gid://shopify/Product/1" } })).toBe(0);
  });

  it("forgets a deleted variant's sales as a later full sync would", async () => {
    const { db } = database;
    const shop = "variants-go.myshopify.com";
    await importJsonl(db, shop, "products", stream(PRODUCTS), PARSE);
    await importJsonl(db, shop, "orders", stream(ORDERS), PARSE);
    const {
      shop: _shop,
      syncedAt: _syncedAt,
      ...product
    } = await db.product.findFirstOrThrow({
      where: { shop, id: "gid://shopify/Product/1" },
    });
    const kept = await db.variant.findFirstOrThrow({
      where: { shop, id: "gid://shopify/ProductVariant/11" },
    });
    const updatedAt = new Date("2026-04-01T00:00:00Z");
    // products/update after variant 12 was deleted in Shopify
    await upsertProductRows(db, shop, { ...product, updatedAt }, [
      {
        id: kept.id,
        productId: kept.productId,
        title: kept.title,
        sku: kept.sku,
        priceMinor: Number(kept.priceMinor),
        compareAtPriceMinor: null,
        inventoryQuantity: kept.inventoryQuantity,
        unitCostMinor: Number(kept.unitCostMinor),
        createdAt: kept.createdAt,
      },
    ]);
    const byWebhook = {
      lines: await db.orderLine.findMany({ where: { shop }, orderBy: { id: "asc" } }),
      facts: await db.variantDailySales.findMany({
        where: { shop },
        orderBy: [{ variantId: "asc" }, { day: "asc" }],
      }),
    };
    expect(byWebhook.facts.map((fact) => fact.variantId)).not.toContain("gid://shopify/ProductVariant/12");
    // what the export lists now: line 102 without its variant
    const exportedNow = ORDERS.replace(
      '"variant":{"id":"gid://shopify/ProductVariant/12"}',
      '"variant":null',
    );
    expect(exportedNow).not.toBe(ORDERS);
    await importJsonl(db, shop, "orders", stream(exportedNow), PARSE);
    expect({
      lines: await db.orderLine.findMany({ where: { shop }, orderBy: { id: "asc" } }),
      facts: await db.variantDailySales.findMany({
        where: { shop },
        orderBy: [{ variantId: "asc" }, { day: "asc" }],
      }),
    }).toEqual(byWebhook);

    // products/delete: its lines keep quantities and prices but name neither product nor variant
    await deleteProduct(db, shop, "gid://shopify/Product/1", updatedAt);
    const lines = await db.orderLine.findMany({ where: { shop } });
    expect(lines.length).toBe(4);
    expect(lines.every((line) => line.variantId === null && line.productId === null)).toBe(true);
    expect(await db.variantDailySales.count({ where: { shop } })).toBe(0);
  });

  it("keeps money beyond 32 bits, in unit prices and in a day's sales", async () => {
    const { db } = database;
    const shop = "big-money.myshopify.com";
    // 3,000,000,000 minor units, past a 32-bit column: a unit price of 30 million in a two-decimal
    // currency, or a day's sales of 2.2 billion in a zero-decimal one such as VND.
    const yacht = {
      ...lineItem(901, 9, 91, 100),
      originalUnitPriceSet: { shopMoney: { amount: "30000000.00", currencyCode: "USD" } },
      discountedUnitPriceAfterAllDiscountsSet: { shopMoney: { amount: "29000000.00", currencyCode: "USD" } },
    };
    await importJsonl(db, shop, "orders", stream(jsonl(order(9, "2026-03-01T12:00:00Z"), yacht)), PARSE);
    const [line] = await db.orderLine.findMany({ where: { shop } });
    expect(line?.originalUnitMinor).toBe(3_000_000_000n);
    const [fact] = await db.variantDailySales.findMany({ where: { shop } });
    expect([fact?.grossMinor, fact?.discountMinor]).toEqual([300_000_000_000n, 10_000_000_000n]);
  });

  it.runIf(_name === "PostgreSQL")("keeps out a product deleted while the import runs", async () => {
    const { db } = database;
    await db.tombstone.deleteMany({ where: { shop: SHOP } }); // the test above deleted product 1
    const exportStartedAt = new Date("2026-03-10T00:00:00Z");
    const otherInstance = createDb(database.url);
    // The export is read inside the import's transaction, after its first look at the tombstones;
    // meanwhile products/delete arrives and its route writes the tombstone at once.
    async function* exportDeletedMidway() {
      await otherInstance.tombstone.create({
        data: {
          shop: SHOP,
          resource: "products",
          resourceId: "gid://shopify/Product/2",
          deletedAt: new Date("2026-03-10T00:00:05Z"),
        },
      });
      yield Buffer.from(PRODUCTS);
    }
    try {
      await importJsonl(db, SHOP, "products", Readable.from(exportDeletedMidway()), {
        ...PARSE,
        exportStartedAt,
      });
    } finally {
      await otherInstance.$disconnect();
    }
    expect(await db.product.count({ where: { shop: SHOP, id: "gid://shopify/Product/2" } })).toBe(0);
    expect(await db.variant.count({ where: { shop: SHOP, productId: "gid://shopify/Product/2" } })).toBe(0);
    expect(await db.product.count({ where: { shop: SHOP, id: "gid://shopify/Product/1" } })).toBe(1);
  });

  describe("daily facts", () => {
    const STORE = generateStore({ seed: 3, products: 20, ianaTimezone: "Europe/Berlin" });
    const shop = STORE.shop.myshopifyDomain;

    beforeAll(async () => {
      const clock = simulatedTime(STORE.now);
      const { shopify, client } = localShop(STORE, clock);
      const outcomes = await runFirstSync(database.db, client, shop, {
        ...onClock(shopify, clock),
        resources: ["orders"],
      });
      expect(outcomes[0]?.status).toBe("COMPLETED");
    });

    const dailySales = async () =>
      database.db.variantDailySales.findMany({
        where: { shop },
        orderBy: [{ variantId: "asc" }, { day: "asc" }],
      });

    it("rebuilt for some variant-days equal a full rebuild", async () => {
      const { db } = database;
      const original = await dailySales();
      const lines = await db.orderLine.findMany({
        where: { shop, variantId: { not: null } },
        orderBy: { id: "asc" },
        take: 40,
      });
      const touched: VariantDay[] = [];
      const touch = (line: { variantId: string | null; day: string }) =>
        touched.push({ variantId: line.variantId!, day: line.day });
      // change quantities, move a line to another day, cancel an order, mark one as a test
      for (const line of lines.slice(0, 10)) {
        await db.orderLine.update({
          where: { shop_id: { shop, id: line.id } },
          data: { quantity: line.quantity + 3, currentQuantity: 1 },
        });
        touch(line);
      }
      const moved = lines[10]!;
      await db.orderLine.update({ where: { shop_id: { shop, id: moved.id } }, data: { day: "2030-01-01" } });
      touch(moved);
      touch({ ...moved, day: "2030-01-01" });
      for (const [index, change] of [
        [20, { cancelledAt: new Date() }],
        [30, { test: true }],
      ] as const) {
        const orderId = lines[index]!.orderId;
        await db.order.update({ where: { shop_id: { shop, id: orderId } }, data: change });
        for (const line of await db.orderLine.findMany({ where: { shop, orderId } })) touch(line);
      }

      await rebuildDailySales(db, shop, touched);
      const partial = await dailySales();
      await rebuildDailySales(db, shop, "all");
      expect(partial).toEqual(await dailySales());
      expect(partial).not.toEqual(original);
    });

    it("follow an order written by upsertOrderRows, and ignore a stale version of it", async () => {
      const { db } = database;
      const [first] = await db.order.findMany({
        where: { shop, cancelledAt: null, test: false },
        orderBy: { id: "asc" },
        take: 1,
      });
      const { shop: _shop, syncedAt: _syncedAt, ...stored } = first!;
      const oldLines = await db.orderLine.findMany({ where: { shop, orderId: stored.id } });
      const variantId = oldLines[0]!.variantId!;
      const newer: OrderRow = { ...stored, updatedAt: new Date(stored.updatedAt.getTime() + 60_000) };
      const lines: OrderLineRow[] = [
        {
          id: "gid://shopify/LineItem/900001",
          orderId: stored.id,
          variantId,
          productId: oldLines[0]!.productId,
          day: "2026-10-30",
          quantity: 4,
          currentQuantity: 4,
          originalUnitMinor: 1500,
          discountedUnitMinor: 1500,
        },
      ];
      expect(await upsertOrderRows(db, shop, newer, lines)).toBe(true);
      const incremental = await dailySales();
      await rebuildDailySales(db, shop, "all");
      expect(incremental).toEqual(await dailySales());
      expect(incremental).toContainEqual(
        expect.objectContaining({ variantId, day: "2026-10-30", units: expect.any(Number) }),
      );

      expect(await upsertOrderRows(db, shop, { ...stored, name: "stale" }, [])).toBe(false);
      expect((await db.order.findUniqueOrThrow({ where: { shop_id: { shop, id: stored.id } } })).name).toBe(
        stored.name,
      );
      expect(await db.orderLine.count({ where: { shop, orderId: stored.id } })).toBe(1);
    });
  });
});

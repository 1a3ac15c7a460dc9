import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db.server";
import { generateStore } from "../../local-shopify/generator/index";
import { localShop, simulatedTime } from "../../test-support/local-shopify";
import { applyChange, type ChangeContext } from "./changes.server";
import { reconcile } from "./reconcile.server";

const STORE = generateStore({ seed: 8, products: 20, now: "2026-11-01T00:00:00Z" });
const SHOP = STORE.shop.myshopifyDomain;

beforeEach(async () => {
  await db.product.deleteMany({ where: { shop: SHOP } });
  await db.variant.deleteMany({ where: { shop: SHOP } });
  await db.syncRun.deleteMany({ where: { shop: SHOP } });
});

describe("reconciliation", () => {
  it("applies what changed since the last good sync, which no webhook announced", async () => {
    const time = simulatedTime(Date.parse("2026-11-02T12:00:00Z"));
    const { shopify, client } = localShop(STORE, time);
    const context: ChangeContext = {
      db,
      client,
      shop: SHOP,
      options: { timeZone: STORE.shop.ianaTimezone, currencyCode: STORE.shop.currencyCode },
    };
    // The synced copy as of a sync that started on 1 November.
    for (const product of STORE.products) {
      await applyChange(context, {
        resource: "product",
        id: `gid://shopify/Product/${product.id}`,
        updatedAt: null,
        deleted: false,
      });
    }
    await db.syncRun.create({
      data: {
        shop: SHOP,
        resource: "products",
        kind: "bulk",
        status: "COMPLETED",
        startedAt: new Date("2026-11-01T00:00:00Z"),
      },
    });

    // A price change at Shopify on 2 November whose webhook never arrived.
    const product = shopify.state.data.products[4]!;
    const variant = shopify.state.variantsByProduct.get(product.id)![0]!;
    variant.price = "7.77";
    product.updatedAt = "2026-11-02T09:00:00Z";

    const outcomes = await reconcile(context, new Date("2026-11-02T12:00:00Z"));
    expect(outcomes).toEqual([{ resource: "products", checked: 1, updated: 1 }]);
    const stored = await db.variant.findUniqueOrThrow({
      where: { shop_id: { shop: SHOP, id: `gid://shopify/ProductVariant/${variant.id}` } },
    });
    expect(stored.priceMinor).toBe(777n);

    // The next reconciliation starts from this one and finds nothing new.
    expect(await reconcile(context, new Date("2026-11-02T13:00:00Z"))).toEqual([
      { resource: "products", checked: 0, updated: 0 },
    ]);
  });
});

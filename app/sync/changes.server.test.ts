import { parse, visit, type DocumentNode } from "graphql";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db.server";
import { ORDERS_BULK_QUERY, PRODUCTS_BULK_QUERY } from "../shopify/bulk-queries";
import { generateStore } from "../../local-shopify/generator/index";
import { localShop, simulatedTime } from "../../test-support/local-shopify";
import { applyChange, ORDER_FOR_SYNC, PRODUCT_FOR_SYNC, type ChangeContext } from "./changes.server";
import type { ChangeNotice } from "./webhooks";

const STORE = generateStore({ seed: 3, products: 40, now: "2026-11-01T00:00:00Z" });
const SHOP = STORE.shop.myshopifyDomain;

/** Every field path a document selects, with connection plumbing (edges/node/pageInfo) removed. */
function fieldPaths(document: DocumentNode): string[] {
  const paths: string[] = [];
  const stack: string[] = [];
  visit(document, {
    Field: {
      enter(node) {
        const name = node.name.value;
        const plumbing = ["edges", "node", "pageInfo", "hasNextPage", "endCursor"].includes(name);
        stack.push(plumbing ? "" : name);
        if (!node.selectionSet && !plumbing) paths.push(stack.filter(Boolean).join("."));
      },
      leave() {
        stack.pop();
      },
    },
  });
  return paths.map((path) => path.replace(/^(product|order|products|orders)\./, "")).sort();
}

function setup() {
  const time = simulatedTime(Date.parse("2026-11-01T12:00:00Z"));
  const { shopify, client } = localShop(STORE, time);
  const context: ChangeContext = {
    db,
    client,
    shop: SHOP,
    options: { timeZone: STORE.shop.ianaTimezone, currencyCode: STORE.shop.currencyCode },
  };
  return { shopify, context };
}

const notice = (
  resource: ChangeNotice["resource"],
  id: string,
  updatedAt: string | null = null,
): ChangeNotice => ({
  resource,
  id,
  updatedAt,
  deleted: false,
});

async function snapshot() {
  const where = { shop: SHOP };
  return {
    products: await db.product.findMany({ where, orderBy: { id: "asc" }, omit: { syncedAt: true } }),
    variants: await db.variant.findMany({ where, orderBy: { id: "asc" }, omit: { syncedAt: true } }),
    orders: await db.order.findMany({ where, orderBy: { id: "asc" }, omit: { syncedAt: true } }),
    lines: await db.orderLine.findMany({ where, orderBy: { id: "asc" } }),
    sales: await db.variantDailySales.findMany({ where, orderBy: [{ variantId: "asc" }, { day: "asc" }] }),
  };
}

beforeEach(async () => {
  for (const table of [
    db.product,
    db.variant,
    db.order,
    db.orderLine,
    db.variantDailySales,
    db.tombstone,
  ] as const) {
    await (table as unknown as { deleteMany(args: object): Promise<unknown> }).deleteMany({
      where: { shop: SHOP },
    });
  }
});

describe("change notices", () => {
  it("read exactly the fields the bulk export reads", () => {
    expect(fieldPaths(parse(PRODUCT_FOR_SYNC))).toEqual(fieldPaths(parse(PRODUCTS_BULK_QUERY)));
    expect(fieldPaths(parse(ORDER_FOR_SYNC))).toEqual(fieldPaths(parse(ORDERS_BULK_QUERY)));
  });

  it("write a changed product and an order with its lines and daily sales", async () => {
    const { context } = setup();
    const product = STORE.products[0]!;
    const order = STORE.orders.find(
      (candidate) => !candidate.test && !candidate.cancelledAt && candidate.lineItems.length > 1,
    )!;
    expect(await applyChange(context, notice("product", `gid://shopify/Product/${product.id}`))).toBe(
      "updated",
    );
    expect(await applyChange(context, notice("order", `gid://shopify/Order/${order.id}`))).toBe("updated");

    const stored = await snapshot();
    expect(stored.products.map((row) => row.title)).toEqual([product.title]);
    expect(stored.variants).toHaveLength(
      STORE.variants.filter((variant) => variant.productId === product.id).length,
    );
    expect(stored.lines.map((line) => line.quantity).sort()).toEqual(
      order.lineItems.map((line) => line.quantity).sort(),
    );
    const units = stored.sales.reduce((sum, row) => sum + row.units, 0);
    expect(units).toBe(order.lineItems.reduce((sum, line) => sum + line.quantity, 0));
  });

  it("leave the same state whether notices come once, twice or out of order", async () => {
    const { shopify, context } = setup();
    const product = STORE.products[1]!;
    const id = `gid://shopify/Product/${product.id}`;
    const older = notice("product", id, "2026-10-01T00:00:00Z");
    const newer = notice("product", id, "2026-11-01T12:00:00Z");
    // The price changed at Shopify between the two notices.
    const variant = shopify.state.variantsByProduct.get(product.id)![0]!;
    variant.price = "12.34";
    variant.updatedAt = "2026-11-01T12:00:00Z";

    await applyChange(context, newer);
    await applyChange(context, older);
    await applyChange(context, newer);
    const outOfOrder = await snapshot();

    await db.product.deleteMany({ where: { shop: SHOP } });
    await db.variant.deleteMany({ where: { shop: SHOP } });
    await applyChange(context, older);
    await applyChange(context, newer);
    expect(await snapshot()).toEqual(outOfOrder);
    expect(
      outOfOrder.variants.find((row) => row.id === `gid://shopify/ProductVariant/${variant.id}`)?.priceMinor,
    ).toBe(1234n);
  });

  it("delete a product that Shopify no longer has, and keep it deleted", async () => {
    const { shopify, context } = setup();
    const product = STORE.products[2]!;
    const id = `gid://shopify/Product/${product.id}`;
    await applyChange(context, notice("product", id));
    shopify.state.productsById.delete(product.id);
    expect(await applyChange(context, notice("product", id))).toBe("deleted");
    expect(await db.product.count({ where: { shop: SHOP, id } })).toBe(0);
    expect(await db.tombstone.count({ where: { shop: SHOP, resourceId: id } })).toBe(1);
  });

  it("refresh a variant's stock and cost when its inventory level changes", async () => {
    const { shopify, context } = setup();
    const product = STORE.products[3]!;
    await applyChange(context, notice("product", `gid://shopify/Product/${product.id}`));
    const variant = shopify.state.variantsByProduct.get(product.id)![0]!;
    variant.inventoryQuantity = 77;
    variant.unitCost = "3.21";
    const result = await applyChange(
      context,
      notice("inventoryItem", `gid://shopify/InventoryItem/${variant.inventoryItemId}`),
    );
    expect(result).toBe("updated");
    const stored = await db.variant.findUniqueOrThrow({
      where: { shop_id: { shop: SHOP, id: `gid://shopify/ProductVariant/${variant.id}` } },
    });
    expect([stored.inventoryQuantity, stored.unitCostMinor]).toEqual([77, 321n]);
  });
});

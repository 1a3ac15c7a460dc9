import type { Db } from "../db-client.server";
import type { ShopifyClient } from "../shopify/client.server";
import { createRecordParser, toMinorUnits, type ParseOptions, type SyncResource } from "./records";
import { deleteProduct, upsertOrderRows, upsertProductRows } from "./store.server";
import { isStale, type ChangeNotice } from "./webhooks";

/*
 * The job behind every sync webhook: read the record the notice names from the Admin API and
 * write it through the same record mapping as the bulk export (app/sync/records.ts), so both
 * paths produce identical rows. These documents select exactly the fields of the bulk queries;
 * a test compares them.
 */

export const PRODUCT_FOR_SYNC = `#graphql
  query ProductForSync($id: ID!, $after: String) {
    product(id: $id) {
      id
      title
      handle
      status
      productType
      vendor
      tags
      createdAt
      updatedAt
      publishedAt
      totalInventory
      descriptionHtml
      seo { title description }
      mediaCount { count }
      variants(first: 250, after: $after) {
        edges {
          node {
            id
            sku
            title
            price
            compareAtPrice
            inventoryQuantity
            createdAt
            inventoryItem { unitCost { amount currencyCode } }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const ORDER_FOR_SYNC = `#graphql
  query OrderForSync($id: ID!, $after: String) {
    order(id: $id) {
      id
      name
      createdAt
      updatedAt
      cancelledAt
      test
      currencyCode
      customer { id }
      discountCodes
      refunds { createdAt }
      lineItems(first: 100, after: $after) {
        edges {
          node {
            id
            quantity
            currentQuantity
            variant { id }
            product { id }
            originalUnitPriceSet { shopMoney { amount currencyCode } }
            discountedUnitPriceAfterAllDiscountsSet { shopMoney { amount currencyCode } }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const CUSTOMER_FOR_SYNC = `#graphql
  query CustomerForSync($id: ID!) {
    customer(id: $id) {
      id
      createdAt
      updatedAt
      numberOfOrders
      amountSpent { amount currencyCode }
      tags
    }
  }
`;

export const INVENTORY_ITEM_FOR_SYNC = `#graphql
  query InventoryItemForSync($id: ID!) {
    inventoryItem(id: $id) {
      unitCost { amount currencyCode }
      variants(first: 10) { nodes { id inventoryQuantity } }
    }
  }
`;

// Page sizes keep each request under Shopify's 1,000-point limit: a variant costs 3 points, a line
// item 7 (its two price sets and their shopMoney are objects too).
type Edge = { node: Record<string, unknown> };
type Page = { edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
type SyncReader = Pick<ShopifyClient, "query">;

/** A record with one nested connection, every page of it, as the bulk JSONL would list it. */
async function readWithChildren(
  client: SyncReader,
  document: string,
  root: "product" | "order",
  connection: "variants" | "lineItems",
  id: string,
): Promise<Array<Record<string, unknown>> | null> {
  const lines: Array<Record<string, unknown>> = [];
  let after: string | null = null;
  do {
    const data =
      (await client.query<Record<string, Record<string, unknown> | null>>(document, { id, after })) ?? {};
    const record = data[root];
    if (!record) return null;
    const { [connection]: page, ...fields } = record as Record<string, unknown> & { [key: string]: Page };
    if (lines.length === 0) lines.push(fields);
    for (const edge of (page as Page).edges) lines.push({ ...edge.node, __parentId: id });
    after = (page as Page).pageInfo.hasNextPage ? (page as Page).pageInfo.endCursor : null;
  } while (after);
  return lines;
}

function rowsOf(resource: SyncResource, lines: Array<Record<string, unknown>>, options: ParseOptions) {
  const parser = createRecordParser(resource, options);
  for (const line of lines) parser.accept(line);
  return parser.take();
}

export interface ChangeContext {
  db: Db;
  client: SyncReader;
  shop: string;
  options: ParseOptions;
}

/** Applies one change notice; returns what it did, for the job log. */
export async function applyChange(context: ChangeContext, notice: ChangeNotice): Promise<string> {
  const { db, client, shop, options } = context;
  switch (notice.resource) {
    case "product": {
      const stored = await db.product.findUnique({ where: { shop_id: { shop, id: notice.id } } });
      if (isStale(notice, stored?.updatedAt)) return "stale";
      const lines = notice.deleted
        ? null
        : await readWithChildren(client, PRODUCT_FOR_SYNC, "product", "variants", notice.id);
      if (!lines) {
        await deleteProduct(db, shop, notice.id, new Date());
        return "deleted";
      }
      const rows = rowsOf("products", lines, options);
      const [product] = rows.Product ?? [];
      if (!product) throw new Error(`${notice.id}: Shopify returned no product`);
      return (await upsertProductRows(db, shop, product, rows.Variant ?? [])) ? "updated" : "kept newer";
    }
    case "order": {
      const stored = await db.order.findUnique({ where: { shop_id: { shop, id: notice.id } } });
      if (isStale(notice, stored?.updatedAt)) return "stale";
      const lines = await readWithChildren(client, ORDER_FOR_SYNC, "order", "lineItems", notice.id);
      // Orders are not deleted through the API the app syncs; one that cannot be read is left as is.
      if (!lines) return "not found";
      const rows = rowsOf("orders", lines, options);
      const [order] = rows.Order ?? [];
      if (!order) throw new Error(`${notice.id}: Shopify returned no order`);
      return (await upsertOrderRows(db, shop, order, rows.OrderLine ?? [])) ? "updated" : "kept newer";
    }
    case "customer": {
      const stored = await db.customer.findUnique({
        where: { shop_customerId: { shop, customerId: notice.id } },
      });
      if (isStale(notice, stored?.updatedAt)) return "stale";
      const data = await client.query<{ customer: Record<string, unknown> | null }>(CUSTOMER_FOR_SYNC, {
        id: notice.id,
      });
      if (!data.customer) {
        await db.customer.deleteMany({ where: { shop, customerId: notice.id } });
        return "deleted";
      }
      const [customer] = rowsOf("customers", [data.customer], options).Customer ?? [];
      if (!customer) throw new Error(`${notice.id}: Shopify returned no customer`);
      const row = { ...customer, shop, syncedAt: new Date() };
      await db.customer.upsert({
        where: { shop_customerId: { shop, customerId: customer.customerId } },
        create: row,
        update: row,
      });
      return "updated";
    }
    case "inventoryItem": {
      const data = await client.query<{
        inventoryItem: {
          unitCost: { amount: string; currencyCode: string } | null;
          variants: { nodes: Array<{ id: string; inventoryQuantity: number | null }> };
        } | null;
      }>(INVENTORY_ITEM_FOR_SYNC, { id: notice.id });
      if (!data.inventoryItem) return "not found";
      const cost = data.inventoryItem.unitCost;
      let updated = 0;
      for (const variant of data.inventoryItem.variants.nodes) {
        const result = await db.variant.updateMany({
          where: { shop, id: variant.id },
          data: {
            inventoryQuantity: variant.inventoryQuantity ?? 0,
            unitCostMinor: cost ? toMinorUnits(cost.amount, cost.currencyCode) : null,
            syncedAt: new Date(),
          },
        });
        updated += result.count;
      }
      return updated > 0 ? "updated" : "variant not synced yet";
    }
  }
}

import { describe, expect, it } from "vitest";
import { generateStore } from "../generator/index";
import { createLocalShopify } from "./index";
import { fakeClock, graphql, TEST_APP } from "./test-fixtures";

/*
 * The server over a store from the generator, read the way the app syncs: every implemented
 * field on realistic records, cursor pages through all orders, and bulk exports.
 */

const store = generateStore({ seed: 7, products: 20, days: 90 });
const clock = fakeClock();
const server = createLocalShopify({ store, ...TEST_APP, clock: clock.now, log: () => {} });
const token = server.issueAccessToken();
const graphqlUrl = `https://${store.shop.myshopifyDomain}/admin/api/2026-10/graphql.json`;

async function ask(query: string, variables: Record<string, unknown> = {}) {
  const response = await server.fetch(graphqlUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Awaited<ReturnType<typeof graphql>>["body"];
  const cost = body.extensions?.cost;
  if (body.errors?.[0]?.extensions?.code !== "THROTTLED" || !cost) return body;
  // What a well-behaved client does: wait until the bucket holds the requested cost, then retry.
  const { currentlyAvailable, restoreRate } = cost.throttleStatus;
  clock.advance(Math.ceil(((cost.requestedQueryCost - currentlyAvailable) / restoreRate) * 1000));
  return ask(query, variables);
}

describe("a generated store", () => {
  it.each([
    [
      "shop and catalog",
      `{
        shop { name myshopifyDomain currencyCode ianaTimezone plan { publicDisplayName partnerDevelopment shopifyPlus } }
        products(first: 10, sortKey: UPDATED_AT) { nodes {
          id title handle status productType vendor tags createdAt updatedAt publishedAt descriptionHtml totalInventory
          seo { title description } mediaCount { count }
          variants(first: 5) { nodes { id title sku price compareAtPrice inventoryQuantity createdAt
            inventoryItem { id unitCost { amount currencyCode } } } }
        } }
      }`,
    ],
    [
      "orders",
      `{
        orders(first: 10, reverse: true) { nodes {
          id name createdAt updatedAt cancelledAt test currencyCode discountCodes customer { id }
          refunds(first: 2) { id createdAt refundLineItems(first: 3) { nodes { quantity lineItem { id } } } }
          lineItems(first: 5) { nodes { id quantity currentQuantity title variant { id } product { id }
            originalUnitPriceSet { shopMoney { amount currencyCode } }
            discountedUnitPriceAfterAllDiscountsSet { shopMoney { amount currencyCode } } } }
        } }
      }`,
    ],
    [
      "customers and abandoned checkouts",
      `{
        customers(first: 20) { nodes { id createdAt updatedAt numberOfOrders amountSpent { amount currencyCode } tags firstName lastName } }
        abandonedCheckouts(first: 10) { nodes { id createdAt completedAt customer { id } lineItems(first: 5) { nodes { quantity variant { id } product { id } } } } }
      }`,
    ],
  ])("answers every implemented field of %s without an error", async (_what, query) => {
    const body = await ask(query);
    expect(body.errors).toBeUndefined();
    expect(body.extensions?.cost?.actualQueryCost).toBeGreaterThan(10);
  });

  it("pages through every order once", async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      const body = await ask(
        "query Orders($after: String) { orders(first: 250, after: $after, sortKey: CREATED_AT) { nodes { id } pageInfo { hasNextPage endCursor } } }",
        { after },
      );
      const page = body.data?.orders as {
        nodes: Array<{ id: string }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
      for (const node of page.nodes) seen.add(node.id);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.size).toBe(store.orders.length);
  });

  it("exports all orders with their line items in bulk", async () => {
    const run = await ask(
      'mutation { bulkOperationRunQuery(query: "{ orders { edges { node { id lineItems { edges { node { id quantity } } } } } } }", groupObjects: false) { bulkOperation { id } userErrors { message } } }',
    );
    const id = (run.data?.bulkOperationRunQuery as { bulkOperation: { id: string } }).bulkOperation.id;
    await server.settled();
    const poll = await ask(`{ bulkOperation(id: "${id}") { status rootObjectCount objectCount url } }`);
    const operation = poll.data?.bulkOperation as {
      status: string;
      rootObjectCount: string;
      objectCount: string;
      url: string;
    };
    const lines = store.orders.reduce((sum, order) => sum + order.lineItems.length, 0);
    expect(operation).toMatchObject({
      status: "COMPLETED",
      rootObjectCount: String(store.orders.length),
      objectCount: String(store.orders.length + lines),
    });
    const children = new Map<string, number>();
    for (const line of (await (await server.fetch(operation.url)).text()).trim().split("\n")) {
      const parent = (JSON.parse(line) as { __parentId?: string }).__parentId;
      if (parent) children.set(parent, (children.get(parent) ?? 0) + 1);
    }
    for (const order of store.orders) {
      expect(children.get(`gid://shopify/Order/${order.id}`) ?? 0).toBe(order.lineItems.length);
    }
  });
});

import { beforeEach, describe, expect, it } from "vitest";
import type { LocalShopify } from "./index";
import { fixtureShopify, fixtureStore, GRAPHQL_URL, graphql, type GraphqlBody } from "./test-fixtures";

let server: LocalShopify;
let token: string;
const ask = async (query: string, variables: Record<string, unknown> = {}) =>
  (await graphql(server, token, query, variables)).body;

beforeEach(() => {
  server = fixtureShopify();
  token = server.issueAccessToken();
});

const idsOf = (body: GraphqlBody, field: string) =>
  ((body.data?.[field] as { nodes: Array<{ id: string }> }).nodes ?? []).map((node) =>
    Number(node.id.split("/").pop()),
  );

describe("requests the real schema rejects", () => {
  it("rejects an unknown field the way Shopify words it", async () => {
    const body = await ask("query Catalog { products(first: 1) { nodes { id colour } } }");
    expect(body).toEqual({
      errors: [
        {
          message: "Field 'colour' doesn't exist on type 'Product'",
          locations: [{ line: 1, column: 49 }],
          path: ["query Catalog", "products", "nodes", "colour"],
          extensions: { code: "undefinedField", typeName: "Product", fieldName: "colour" },
        },
      ],
    });
  });

  it("rejects an argument the field does not take", async () => {
    const body = await ask("{ products(first: 1, colour: RED) { nodes { id } } }");
    expect(body.errors).toEqual([
      {
        message: "Field 'products' doesn't accept argument 'colour'",
        locations: [{ line: 1, column: 22 }],
        path: ["query", "products", "colour"],
        extensions: {
          code: "argumentNotAccepted",
          name: "products",
          typeName: "Field",
          argumentName: "colour",
        },
      },
    ]);
  });

  it("rejects a missing required argument and a badly typed value", async () => {
    const body = await ask("{ product { id } products(first: 1, sortKey: COLOUR) { nodes { id } } }");
    expect(body.errors?.map((error) => [error.message, error.extensions?.code])).toEqual([
      ["Field 'product' is missing required arguments: id", "missingRequiredArguments"],
      [
        "Argument 'sortKey' on Field 'products' has an invalid value (COLOUR). Expected type 'ProductSortKeys'.",
        "argumentLiteralsIncompatible",
      ],
    ]);
  });

  it("answers a syntax error as Shopify's PARSE_ERROR", async () => {
    expect(await ask("query Broken {\n  shop {\n    id\n")).toEqual({
      errors: [
        {
          message: "syntax error, unexpected end of file at [4, 1]",
          locations: [{ line: 4, column: 1 }],
          extensions: { code: "PARSE_ERROR" },
        },
      ],
    });
  });

  it("requires first or last on a connection", async () => {
    const body = await ask("{ products { nodes { id } } }");
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      {
        message: "you must provide one of first or last",
        locations: [{ line: 1, column: 3 }],
        path: ["products"],
        extensions: { code: "BAD_REQUEST" },
      },
    ]);
    expect(body.extensions?.cost?.requestedQueryCost).toBe(2);
  });

  it("refuses first: 251", async () => {
    const body = await ask("{ products(first: 251) { nodes { id } } }");
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.message).toBe(
      "first cannot exceed 250. To query larger amounts of data with fewer limits, bulk operations should be used instead.",
    );
  });

  it("refuses a query whose requested cost exceeds 1,000 before running it", async () => {
    const before = server.throttleStatus().currentlyAvailable;
    const body = await ask("{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }");
    // 2 + 250 × (1 product + 2 + 250 variants)
    const cost = 2 + 250 * (1 + 2 + 250);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: `Query cost is ${cost}, which exceeds the single query max cost limit (1000).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`,
        extensions: {
          code: "MAX_COST_EXCEEDED",
          cost,
          maxCost: 1000,
          documentation: "https://shopify.dev/api/usage/rate-limits",
        },
      },
    ]);
    expect(server.throttleStatus().currentlyAvailable).toBe(before);
  });

  it("answers a missing or unknown access token, another API version and another shop like Shopify", async () => {
    const post = (url: string, headers: Record<string, string>) =>
      server.fetch(url, { method: "POST", headers, body: JSON.stringify({ query: "{ shop { name } }" }) });
    const anonymous = await post(GRAPHQL_URL, { "Content-Type": "application/json" });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });
    expect((await post(GRAPHQL_URL, { "X-Shopify-Access-Token": "shpat_madeup" })).status).toBe(401);
    const otherVersion = await post(GRAPHQL_URL.replace("2026-10", "2026-07"), {
      "X-Shopify-Access-Token": token,
    });
    expect(otherVersion.status).toBe(404);
    expect(await otherVersion.json()).toEqual({ errors: "Not Found" });
    const otherShop = GRAPHQL_URL.replace("fixture-store", "someone-else");
    expect((await post(otherShop, { "X-Shopify-Access-Token": token })).status).toBe(404);
  });

  it("answers a field it does not implement with null and a visible error", async () => {
    const body = await ask('{ product(id: "gid://shopify/Product/101") { title bodyHtml } }');
    expect(body.data).toEqual({ product: { title: "Linen Shirt", bodyHtml: null } });
    expect(body.errors?.[0]?.extensions?.code).toBe("NOT_IMPLEMENTED_IN_LOCAL_SHOPIFY");
    expect(body.errors?.[0]?.path).toEqual(["product", "bodyHtml"]);
  });
});

describe("the emulated read API", () => {
  it("answers the shop", async () => {
    const body = await ask(
      "{ shop { name myshopifyDomain currencyCode ianaTimezone plan { publicDisplayName partnerDevelopment shopifyPlus } features { bundles { eligibleForBundles } } } }",
    );
    expect(body.data?.shop).toEqual({
      name: "Fixture Store",
      myshopifyDomain: "fixture-store.myshopify.com",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Berlin",
      plan: { publicDisplayName: "Basic", partnerDevelopment: false, shopifyPlus: false },
      features: { bundles: { eligibleForBundles: true } },
    });
  });

  it("maps product and variant records to Shopify's fields", async () => {
    const body = await ask(`{
      product(id: "gid://shopify/Product/101") {
        id handle status productType vendor tags createdAt publishedAt descriptionHtml totalInventory
        seo { title description } mediaCount { count }
        variants(first: 1) { nodes { id title sku price compareAtPrice inventoryQuantity createdAt
          product { id } inventoryItem { id unitCost { amount currencyCode } } } }
      }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.product).toEqual({
      id: "gid://shopify/Product/101",
      handle: "linen-shirt",
      status: "ACTIVE",
      productType: "Shirts",
      vendor: "Northwind",
      tags: ["summer", "linen"],
      createdAt: "2025-11-03T12:00:00Z",
      publishedAt: "2025-11-03T13:00:00Z",
      descriptionHtml: "<p>Linen Shirt</p>",
      totalInventory: 0 + 3 + 6,
      seo: { title: "Linen Shirt | Fixture Store", description: null },
      mediaCount: { count: 0 },
      variants: {
        nodes: [
          {
            id: "gid://shopify/ProductVariant/1001",
            title: "S",
            sku: "LINEN-SHIRT-S",
            price: "20.00",
            compareAtPrice: "49.90",
            inventoryQuantity: 0,
            createdAt: "2025-11-03T12:00:00Z",
            product: { id: "gid://shopify/Product/101" },
            inventoryItem: {
              id: "gid://shopify/InventoryItem/5001",
              unitCost: { amount: "8.25", currencyCode: "EUR" },
            },
          },
        ],
      },
    });
  });

  it("derives line quantities after refunds and customer statistics from the orders", async () => {
    const body = await ask(`{
      order(id: "gid://shopify/Order/303") {
        name cancelledAt test currencyCode discountCodes customer { id }
        refunds(first: 5) { id createdAt refundLineItems(first: 5) { nodes { quantity lineItem { id } } } }
        lineItems(first: 5) { nodes { id quantity currentQuantity variant { id } product { id }
          originalUnitPriceSet { shopMoney { amount currencyCode } }
          discountedUnitPriceAfterAllDiscountsSet { shopMoney { amount } } } }
      }
      customer(id: "gid://shopify/Customer/201") { numberOfOrders amountSpent { amount currencyCode } email tags }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data?.order).toMatchObject({
      name: "#1003",
      cancelledAt: null,
      customer: { id: "gid://shopify/Customer/201" },
      refunds: [
        {
          id: "gid://shopify/Refund/7001",
          createdAt: "2026-02-20T12:00:00Z",
          refundLineItems: { nodes: [{ quantity: 1, lineItem: { id: "gid://shopify/LineItem/9004" } }] },
        },
      ],
      lineItems: {
        nodes: [
          {
            id: "gid://shopify/LineItem/9004",
            quantity: 1,
            currentQuantity: 0,
            product: { id: "gid://shopify/Product/104" },
          },
          {
            id: "gid://shopify/LineItem/9005",
            quantity: 2,
            currentQuantity: 2,
            variant: null,
            product: null,
          },
        ],
      },
    });
    // Orders 301 (2 × 20.00 + 25.00) and 303 (the jacket refunded, 2 × 15.00); 305 is a test order.
    expect(body.data?.customer).toEqual({
      numberOfOrders: "2",
      amountSpent: { amount: "95.0", currencyCode: "EUR" },
      email: "ada@example.com",
      tags: ["vip"],
    });
  });

  it("answers node and nodes for the store's types", async () => {
    const body = await ask(`{
      nodes(ids: ["gid://shopify/Product/102", "gid://shopify/Order/301", "gid://shopify/Customer/999"]) {
        __typename id
      }
      node(id: "gid://shopify/InventoryItem/5004") { ... on InventoryItem { variant { id } } }
    }`);
    expect(body.data).toEqual({
      nodes: [
        { __typename: "Product", id: "gid://shopify/Product/102" },
        { __typename: "Order", id: "gid://shopify/Order/301" },
        null,
      ],
      node: { variant: { id: "gid://shopify/ProductVariant/1004" } },
    });
  });

  it("lists abandoned checkouts with their lines", async () => {
    const body = await ask(
      "{ abandonedCheckouts(first: 5) { nodes { id createdAt completedAt customer { id } lineItems(first: 5) { nodes { quantity variant { id } product { id } } } } } }",
    );
    expect(body.data?.abandonedCheckouts).toEqual({
      nodes: [
        {
          id: "gid://shopify/AbandonedCheckout/401",
          createdAt: "2026-06-01T12:00:00Z",
          completedAt: null,
          customer: { id: "gid://shopify/Customer/204" },
          lineItems: {
            nodes: [
              {
                quantity: 1,
                variant: { id: "gid://shopify/ProductVariant/1006" },
                product: { id: "gid://shopify/Product/102" },
              },
            ],
          },
        },
        {
          id: "gid://shopify/AbandonedCheckout/402",
          createdAt: "2026-06-15T12:00:00Z",
          completedAt: "2026-06-16T12:00:00Z",
          customer: null,
          lineItems: {
            nodes: [
              {
                quantity: 2,
                variant: { id: "gid://shopify/ProductVariant/1001" },
                product: { id: "gid://shopify/Product/101" },
              },
              { quantity: 1, variant: null, product: null },
            ],
          },
        },
      ],
    });
  });
});

describe("cursor pagination", () => {
  const PAGE = `query Page($first: Int, $last: Int, $after: String, $before: String, $sortKey: ProductSortKeys, $reverse: Boolean) {
    products(first: $first, last: $last, after: $after, before: $before, sortKey: $sortKey, reverse: $reverse) {
      edges { cursor node { id } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;
  interface Page {
    edges: Array<{ cursor: string; node: { id: string } }>;
    pageInfo: {
      hasNextPage: boolean;
      hasPreviousPage: boolean;
      startCursor: string | null;
      endCursor: string | null;
    };
  }
  const page = async (variables: Record<string, unknown>) =>
    (await ask(PAGE, variables)).data?.products as Page;

  it.each([
    ["ID", false],
    ["TITLE", false],
    ["CREATED_AT", true],
  ])(
    "walks every product exactly once, forwards and backwards (sortKey %s, reverse %s)",
    async (sortKey, reverse) => {
      const all = fixtureStore().products.map((product) => `gid://shopify/Product/${product.id}`);
      const forward: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const current: Page = await page({ first: 2, after, sortKey, reverse });
        forward.push(...current.edges.map((edge) => edge.node.id));
        expect(current.pageInfo.hasPreviousPage).toBe(pages > 0);
        expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)?.cursor);
        pages += 1;
        if (!current.pageInfo.hasNextPage) break;
        after = current.pageInfo.endCursor;
      }
      expect(pages).toBe(4);
      expect([...forward].sort()).toEqual([...all].sort());

      const backward: string[] = [];
      let before: string | null = null;
      for (;;) {
        const current: Page = await page({ last: 3, before, sortKey, reverse });
        backward.unshift(...current.edges.map((edge) => edge.node.id));
        if (!current.pageInfo.hasPreviousPage) break;
        expect(current.pageInfo.hasNextPage).toBe(before !== null);
        before = current.pageInfo.startCursor;
      }
      expect(backward).toEqual(forward);
    },
  );

  it("keeps the page boundary when records change in between", async () => {
    const first: Page = await page({ first: 3 });
    server.state.data.products.unshift({ ...fixtureStore().products[0]!, id: 1, title: "Inserted" });
    const next: Page = await page({ first: 3, after: first.pageInfo.endCursor });
    expect(next.edges.map((edge) => edge.node.id)).toEqual([
      "gid://shopify/Product/104",
      "gid://shopify/Product/105",
      "gid://shopify/Product/106",
    ]);
  });
});

describe("search queries", () => {
  const products = async (query: string) => {
    const body = await ask(
      "query Find($query: String) { products(first: 50, query: $query) { nodes { id } } }",
      {
        query,
      },
    );
    expect(body.errors).toBeUndefined();
    return idsOf(body, "products");
  };

  it.each([
    ["status:active", [101, 102, 104, 106, 107]],
    ["status:draft,archived", [103, 105]],
    ["-status:active", [103, 105]],
    ["created_at:>=2026-01-01", [103, 104, 105, 106, 107]],
    // Date-only values are days in the shop's time zone (Berlin): 2026-01-01 12:00Z is on the 1st.
    ["created_at:<2026-01-01", [101, 102]],
    ["created_at:2026-01-01", [103]],
    ["created_at:>=2026-01-01 created_at:<'2026-03-01T00:00:00Z'", [103, 104, 105]],
    ["updated_at:>'2026-03-28T12:00:00Z'", [106, 107]],
    ["id:>=104", [104, 105, 106, 107]],
    ["id:>103 AND id:<=105", [104, 105]],
    ["product_type:accessories vendor:Trailhead", [106, 107]],
    ["tag:summer OR tag:winter", [101, 102, 104, 105, 106]],
    ["tag:summer NOT vendor:Northwind", [104, 106]],
    ["(vendor:Northwind OR vendor:'Harbor Goods') status:active", [101, 102, 104]],
    ["title:jacket", [104]],
  ])("products(query: %j)", async (query, expected) => {
    expect(await products(query)).toEqual(expected);
  });

  it("ignores a field Shopify does not know, with a warning, as Shopify does", async () => {
    const body = await ask('{ products(first: 50, query: "colour:red status:draft") { nodes { id } } }');
    expect(idsOf(body, "products")).toEqual([103]);
    expect(body.extensions?.search).toEqual([
      {
        path: ["products"],
        query: "colour:red status:draft",
        warnings: [
          { field: "colour", message: "Invalid search field for this query.", code: "invalid_field" },
        ],
      },
    ]);
  });

  it("refuses a field Shopify knows but the local Shopify does not implement", async () => {
    const body = await ask('{ products(first: 5, query: "collection_id:1") { nodes { id } } }');
    expect(body.errors?.[0]?.extensions?.code).toBe("NOT_IMPLEMENTED_IN_LOCAL_SHOPIFY");
  });

  it("filters orders, variants and customers", async () => {
    const body = await ask(`{
      orders(first: 50, query: "created_at:>=2026-02-01 test:false -status:cancelled", sortKey: CREATED_AT) { nodes { id } }
      recent: orders(first: 50, query: "updated_at:>='2026-06-01T00:00:00Z'") { nodes { id } }
      byCustomer: orders(first: 50, query: "customer_id:201", reverse: true) { nodes { id } }
      productVariants(first: 50, query: "product_id:101 inventory_quantity:>0") { nodes { id } }
      customers(first: 50, query: "customer_date:<2026-01-01 tag:vip") { nodes { id } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(idsOf(body, "orders")).toEqual([303, 306, 307]);
    expect(idsOf(body, "recent")).toEqual([307]);
    expect(idsOf(body, "byCustomer")).toEqual([305, 303, 301]);
    expect(idsOf(body, "productVariants")).toEqual([1002, 1003]);
    expect(idsOf(body, "customers")).toEqual([201]);
  });
});

describe("calculated query cost", () => {
  it("charges the requested cost up front and refunds what was not returned", async () => {
    const body = await ask(
      "{ shop { name } products(first: 10) { edges { node { id variants(first: 3) { nodes { id } } } } } }",
    );
    // shop 1; products 2 + 10 × (1 + variants 2 + 3 × 1)
    const requested = 1 + 2 + 10 * (1 + 2 + 3);
    // 7 products returned, with 3 + 1 + 2 + 3 + 1 + 2 + 3 variants
    const actual = 1 + 2 + 7 * (1 + 2) + 15;
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 2000 - actual, restoreRate: 100 },
    });
  });

  it("charges the maximum over the possible types of an interface and 10 per mutation", async () => {
    const node = await ask(
      '{ node(id: "gid://shopify/Product/101") { id ... on Product { variants(first: 5) { nodes { id } } } ... on Order { id } } }',
    );
    expect(node.extensions?.cost?.requestedQueryCost).toBe(1 + 2 + 5);
    const mutation = await ask(
      'mutation { bulkOperationCancel(id: "gid://shopify/BulkOperation/1") { userErrors { field message } } }',
    );
    expect(mutation.extensions?.cost?.requestedQueryCost).toBe(10);
  });
});

describe("the mutations module, merged", () => {
  it("writes through its mutations, reads back through these resolvers, and finds its records by node()", async () => {
    const update = await ask(`mutation {
      productVariantsBulkUpdate(productId: "gid://shopify/Product/101", variants: [{ id: "gid://shopify/ProductVariant/1001", price: "18.00" }]) {
        productVariants { id price product { id title } }
        userErrors { field message }
      }
    }`);
    expect(update.errors).toBeUndefined();
    expect(update.data?.productVariantsBulkUpdate).toEqual({
      productVariants: [
        {
          id: "gid://shopify/ProductVariant/1001",
          price: "18.00",
          product: { id: "gid://shopify/Product/101", title: "Linen Shirt" },
        },
      ],
      userErrors: [],
    });
    expect(update.extensions?.cost?.requestedQueryCost).toBe(10);

    const created = await ask(
      'mutation { segmentCreate(name: "Loyal", query: "number_of_orders >= 2") { segment { id } userErrors { message } } }',
    );
    const segmentId = (created.data?.segmentCreate as { segment: { id: string } }).segment.id;
    const found = await ask(`{ node(id: "${segmentId}") { __typename id ... on Segment { name } } }`);
    expect(found.data).toEqual({ node: { __typename: "Segment", id: segmentId, name: "Loyal" } });
  });
});

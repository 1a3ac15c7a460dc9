import type {
  StoreCustomer,
  StoreData,
  StoreLineItem,
  StoreOrder,
  StoreProduct,
  StoreVariant,
} from "../store/types";
import { createLocalShopify, type LocalShopify, type LocalShopifyOptions } from "./index";

/*
 * A small hand-built store for the local Shopify's tests: few enough records to reason about,
 * with the cases the tests need (statuses, dates on both sides of the filters, a deleted
 * variant, refunds, a cancelled and a test order, customers with and without orders).
 */

export const TEST_APP = {
  apiKey: "local-test-key",
  apiSecret: "local-test-secret",
  scopes: "read_products,read_orders",
};
export const TEST_SHOP = "fixture-store.myshopify.com";
export const GRAPHQL_URL = `https://${TEST_SHOP}/admin/api/2026-10/graphql.json`;

const day = (date: string, hour = 12) => `${date}T${String(hour).padStart(2, "0")}:00:00.000Z`;

function products(): StoreProduct[] {
  const specs: Array<[string, StoreProduct["status"], string, string, string[], string]> = [
    ["Linen Shirt", "ACTIVE", "Shirts", "Northwind", ["summer", "linen"], "2025-11-03"],
    ["Wool Sweater", "ACTIVE", "Knitwear", "Northwind", ["winter"], "2025-12-15"],
    ["Canvas Tote", "DRAFT", "Bags", "Harbor Goods", [], "2026-01-01"],
    ["Rain Jacket", "ACTIVE", "Outerwear", "Harbor Goods", ["rain", "summer"], "2026-01-20"],
    ["Old Scarf", "ARCHIVED", "Accessories", "Northwind", ["winter", "clearance"], "2026-02-11"],
    ["Trail Socks", "ACTIVE", "Accessories", "Trailhead", ["summer"], "2026-03-05"],
    ["Leather Belt", "ACTIVE", "Accessories", "Trailhead", [], "2026-04-18"],
  ];
  return specs.map(([title, status, productType, vendor, tags, created], index) => ({
    id: 101 + index,
    title,
    handle: title.toLowerCase().replace(/\s+/g, "-"),
    status,
    productType,
    vendor,
    tags,
    createdAt: day(created),
    updatedAt: new Date(Date.parse(day(created)) + (10 + index * 7) * 86_400_000).toISOString(),
    publishedAt: status === "ACTIVE" ? day(created, 13) : null,
    descriptionHtml: `<p>${title}</p>`,
    seoTitle: index % 2 === 0 ? `${title} | Fixture Store` : null,
    seoDescription: null,
    mediaCount: index % 3,
  }));
}

function variants(all: StoreProduct[]): StoreVariant[] {
  const result: StoreVariant[] = [];
  let id = 1001;
  all.forEach((product, index) => {
    const titles =
      index % 3 === 0 ? ["S", "M", "L"] : index % 3 === 1 ? ["Default Title"] : ["Blue", "Green"];
    titles.forEach((title, position) => {
      result.push({
        id,
        productId: product.id,
        title,
        sku: `${product.handle.toUpperCase()}-${title.toUpperCase().replace(/\s+/g, "")}`,
        price: `${20 + index * 5}.${position === 0 ? "00" : "50"}`,
        compareAtPrice: index === 0 ? "49.90" : null,
        inventoryQuantity: (index * 7 + position * 3) % 11,
        inventoryItemId: 5001 + (id - 1001),
        unitCost: position === 0 ? `${8 + index}.25` : null,
        createdAt: product.createdAt,
        updatedAt: product.updatedAt,
      });
      id += 1;
    });
  });
  return result;
}

function customers(): StoreCustomer[] {
  const names: Array<[string, string, string[], string]> = [
    ["Ada", "Lovelace", ["vip"], "2025-10-01"],
    ["Grace", "Hopper", [], "2025-11-12"],
    ["Alan", "Turing", ["newsletter"], "2026-01-05"],
    ["Edsger", "Dijkstra", [], "2026-03-30"],
  ];
  return names.map(([firstName, lastName, tags, created], index) => ({
    id: 201 + index,
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}@example.com`,
    tags,
    createdAt: day(created),
    updatedAt: day(created.replace(/-\d\d$/, "-20")),
  }));
}

function line(
  id: number,
  variant: StoreVariant | null,
  productId: number | null,
  quantity: number,
  discount = 0,
) {
  const price = variant?.price ?? "15.00";
  const discounted = (Number(price) * (1 - discount)).toFixed(2);
  return {
    id,
    variantId: variant?.id ?? null,
    productId,
    title: variant ? `Item ${variant.id}` : "Deleted item",
    quantity,
    originalUnitPrice: price,
    discountedUnitPrice: discounted,
  } satisfies StoreLineItem;
}

function orders(all: StoreVariant[]): StoreOrder[] {
  const variant = (id: number) => all.find((one) => one.id === id) ?? null;
  const order = (
    id: number,
    created: string,
    customerId: number | null,
    lineItems: StoreLineItem[],
    extra: Partial<StoreOrder> = {},
  ): StoreOrder => ({
    id,
    name: `#${1000 + id - 300}`,
    createdAt: created,
    updatedAt: created,
    cancelledAt: null,
    test: false,
    currencyCode: "EUR",
    customerId,
    discountCodes: [],
    lineItems,
    refunds: [],
    ...extra,
  });
  return [
    order(301, day("2025-12-01"), 201, [
      line(9001, variant(1001), 101, 2),
      line(9002, variant(1004), 102, 1),
    ]),
    order(302, day("2026-01-10"), 202, [line(9003, variant(1005), 103, 3, 0.1)], {
      discountCodes: ["WINTER10"],
      updatedAt: day("2026-01-12"),
    }),
    order(303, day("2026-02-14"), 201, [line(9004, variant(1007), 104, 1), line(9005, null, null, 2)], {
      refunds: [{ id: 7001, createdAt: day("2026-02-20"), lineItems: [{ lineItemId: 9004, quantity: 1 }] }],
      updatedAt: day("2026-02-20"),
    }),
    order(304, day("2026-03-03"), 203, [line(9006, variant(1010), 106, 4)], {
      cancelledAt: day("2026-03-04"),
      updatedAt: day("2026-03-04"),
    }),
    order(305, day("2026-04-01"), 201, [line(9007, variant(1002), 101, 1)], { test: true }),
    order(306, day("2026-05-09"), null, [
      line(9008, variant(1012), 107, 2),
      line(9009, variant(1003), 101, 1),
    ]),
    order(307, day("2026-06-20"), 202, [line(9010, variant(1008), 104, 5, 0.2)], {
      refunds: [{ id: 7002, createdAt: day("2026-06-25"), lineItems: [{ lineItemId: 9010, quantity: 2 }] }],
      updatedAt: day("2026-06-25"),
    }),
  ];
}

/** The fixture store; `now` is 2026-06-30. */
export function fixtureStore(): StoreData {
  const productList = products();
  const variantList = variants(productList);
  return {
    shop: {
      name: "Fixture Store",
      myshopifyDomain: TEST_SHOP,
      currencyCode: "EUR",
      ianaTimezone: "Europe/Berlin",
      planDisplayName: "Basic",
    },
    products: productList,
    variants: variantList,
    customers: customers(),
    orders: orders(variantList),
    abandonedCheckouts: [
      {
        id: 401,
        createdAt: day("2026-06-01"),
        completedAt: null,
        customerId: 204,
        lineItems: [{ id: 601, variantId: 1006, productId: 102, quantity: 1 }],
      },
      {
        id: 402,
        createdAt: day("2026-06-15"),
        completedAt: day("2026-06-16"),
        customerId: null,
        lineItems: [
          { id: 602, variantId: 1001, productId: 101, quantity: 2 },
          { id: 603, variantId: null, productId: null, quantity: 1 },
        ],
      },
    ],
    planted: [],
    now: "2026-06-30T00:00:00.000Z",
  };
}

/** A manually advanced clock (epoch ms). */
export function fakeClock(start = Date.parse("2026-06-30T12:00:00Z")) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A local Shopify over the fixture store with the test app's credentials. */
export function fixtureShopify(options: Partial<LocalShopifyOptions> = {}): LocalShopify {
  return createLocalShopify({ store: fixtureStore(), ...TEST_APP, log: () => {}, ...options });
}

/** POSTs a GraphQL document to the server in process, authenticated with `token`. */
export async function graphql(
  server: LocalShopify,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: GraphqlBody }> {
  const response = await server.fetch(GRAPHQL_URL, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphqlBody };
}

export interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{
    message: string;
    path?: Array<string | number>;
    locations?: Array<{ line: number; column: number }>;
    extensions?: Record<string, unknown>;
  }>;
  extensions?: {
    cost?: {
      requestedQueryCost: number;
      actualQueryCost: number | null;
      throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
    };
    search?: Array<{ path: Array<string | number>; query: string; warnings: Array<Record<string, unknown>> }>;
  };
}

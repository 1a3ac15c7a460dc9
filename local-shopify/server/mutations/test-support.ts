/*
 * Test fixtures for the mutation resolvers: the real 2026-10 Admin schema with these resolvers and
 * just enough Product / ProductVariant / Customer / Order fields (the main server owns the real
 * ones), a small hand-built store, and a runner that validates every document before executing it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { addResolversToSchema } from "@graphql-tools/schema";
import {
  buildClientSchema,
  execute,
  parse,
  validate,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";
import { StoreState, gid } from "../../store/state";
import type { StoreData, StoreOrder, StoreProduct, StoreVariant } from "../../store/types";
import type { ServerContext, WebhookEvent } from "../context";
import { connection, type ConnectionArgs } from "./common";
import { createMutationResolvers, orderTags } from "./index";

const NOW = new Date("2026-06-30T12:00:00Z");
const DAY = 86_400_000;

export const daysAgo = (days: number): string => new Date(NOW.getTime() - days * DAY).toISOString();

type Resolvers = Record<string, Record<string, unknown>>;

/** Field resolvers the main server provides for the shared types, reduced to what tests read. */
const sharedTypeResolvers: Resolvers = {
  QueryRoot: {
    shop: (_root: unknown, _args: unknown, context: ServerContext) => context.state.data.shop,
    order: (_root: unknown, args: { id: string }, context: ServerContext) =>
      context.state.ordersById.get(Number(/\d+$/.exec(args.id)?.[0])) ?? null,
  },
  Product: {
    id: (product: StoreProduct) => gid("Product", product.id),
    seo: (product: StoreProduct) => ({ title: product.seoTitle, description: product.seoDescription }),
    variants: (product: StoreProduct, args: ConnectionArgs, context: ServerContext) =>
      connection(context.state.variantsByProduct.get(product.id) ?? [], args, (variant) =>
        String(variant.id),
      ),
  },
  ProductVariant: {
    id: (variant: StoreVariant) => gid("ProductVariant", variant.id),
    product: (variant: StoreVariant, _args: unknown, context: ServerContext) =>
      context.state.productsById.get(variant.productId),
  },
  Customer: { id: (customer: { id: number }) => gid("Customer", customer.id) },
  Order: {
    id: (order: StoreOrder) => gid("Order", order.id),
    tags: (order: StoreOrder, _args: unknown, context: ServerContext) => orderTags(context.state, order.id),
  },
};

function mergeResolvers(...maps: Resolvers[]): Resolvers {
  const merged: Resolvers = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map)) merged[type] = { ...merged[type], ...fields };
  }
  return merged;
}

/**
 * As in the main server, a field with no resolver must be an own property of its parent, so a
 * payload missing a schema field (say `extraInfo`) fails here instead of answering null.
 */
const ownFieldOnly: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
  if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
    return (source as Record<string, unknown>)[info.fieldName];
  }
  throw new Error(`${info.parentType.name}.${info.fieldName} has no value`);
};

let schema: GraphQLSchema | undefined;

/** The Admin schema with resolvers, built once per test file (the introspection is 11 MB). */
export function testSchema(): GraphQLSchema {
  if (!schema) {
    const file = path.resolve(import.meta.dirname, "../../../app/types/admin-2026-10.schema.json");
    const introspection = JSON.parse(readFileSync(file, "utf8")) as { data: IntrospectionQuery };
    schema = addResolversToSchema({
      schema: buildClientSchema(introspection.data),
      resolvers: mergeResolvers(sharedTypeResolvers, createMutationResolvers()),
      defaultFieldResolver: ownFieldOnly,
    });
  }
  return schema;
}

export interface TestServer {
  state: StoreState;
  webhooks: WebhookEvent[];
  context: ServerContext;
  /** Validates `document` against the schema (throwing on any problem), then executes it. */
  run(document: string, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  /** Like run, but fails on top-level errors and returns `data`. */
  data(document: string, variables?: Record<string, unknown>): Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any -- response shapes vary per test
}

export function createTestServer(data: StoreData = sampleStore()): TestServer {
  const state = new StoreState(data);
  const webhooks: WebhookEvent[] = [];
  const context: ServerContext = { state, now: () => NOW, emitWebhook: (event) => webhooks.push(event) };
  const run = async (document: string, variables?: Record<string, unknown>) => {
    const parsed = parse(document);
    const problems = validate(testSchema(), parsed);
    if (problems.length > 0)
      throw new Error(`Invalid document: ${problems.map((problem) => problem.message).join("; ")}`);
    return execute({
      schema: testSchema(),
      document: parsed,
      variableValues: variables,
      contextValue: context,
    });
  };
  return {
    state,
    webhooks,
    context,
    run,
    async data(document, variables) {
      const result = await run(document, variables);
      if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join("; "));
      return result.data as Record<string, never>;
    },
  };
}

// ---- the sample store ------------------------------------------------------------------------

function product(id: number, title: string, tags: string[]): StoreProduct {
  return {
    id,
    title,
    handle: title.toLowerCase().replace(/\s+/g, "-"),
    status: "ACTIVE",
    productType: "Mugs",
    vendor: "Shelfwise Test",
    tags,
    createdAt: daysAgo(900),
    updatedAt: daysAgo(100),
    publishedAt: daysAgo(900),
    descriptionHtml: `<p>${title}</p>`,
    seoTitle: null,
    seoDescription: null,
    mediaCount: 1,
  };
}

function variant(id: number, productId: number, price: string): StoreVariant {
  return {
    id,
    productId,
    title: `Variant ${id}`,
    sku: `SKU-${id}`,
    price,
    compareAtPrice: null,
    inventoryQuantity: 10,
    inventoryItemId: 5000 + id,
    unitCost: "4.00",
    createdAt: daysAgo(900),
    updatedAt: daysAgo(100),
  };
}

let lineId = 9000;

/** An order of `units` of one variant at `unitPrice`, placed `age` days ago. */
function order(
  id: number,
  customerId: number,
  age: number,
  item: { productId: number; variantId: number },
  units: number,
  unitPrice: string,
  extra: Partial<StoreOrder> = {},
): StoreOrder {
  lineId += 1;
  return {
    id,
    name: `#${1000 + id}`,
    createdAt: daysAgo(age),
    updatedAt: daysAgo(age),
    cancelledAt: null,
    test: false,
    currencyCode: "USD",
    customerId,
    discountCodes: [],
    lineItems: [
      {
        id: lineId,
        variantId: item.variantId,
        productId: item.productId,
        title: "Item",
        quantity: units,
        originalUnitPrice: unitPrice,
        discountedUnitPrice: unitPrice,
      },
    ],
    refunds: [],
    ...extra,
  };
}

export const MUG = { productId: 1, variantId: 11 };
export const TEAPOT = { productId: 2, variantId: 21 };
export const KETTLE = { productId: 3, variantId: 31 };

/**
 * Six customers with known segment memberships (now = 2026-06-30T12:00:00Z):
 * 1 Alice   4 orders, 240.00, last 10 days ago, tag vip, bought the mug
 * 2 Bob     3 orders, 150.00, last 200 days ago, bought the teapot (a cancelled mug order does not count)
 * 3 Carol   2 orders, 500.00 (+2 cancelled, +1 test), tags VIP and wholesale, bought mug and kettle
 * 4 Dan     no orders, abandoned a checkout 3 days ago, tag newsletter
 * 5 Eve     1 order 400 days ago, half refunded (50.00), abandoned 20 days ago, completed one 2 days ago
 * 6 Frank   3 orders, 300.00, last 5 days ago, tag vip, bought teapot and kettle
 */
export function sampleStore(): StoreData {
  lineId = 9000;
  const refunded = order(51, 5, 400, TEAPOT, 2, "50.00");
  refunded.refunds = [
    { id: 1, createdAt: daysAgo(390), lineItems: [{ lineItemId: refunded.lineItems[0]!.id, quantity: 1 }] },
  ];
  const orders: StoreOrder[] = [
    order(11, 1, 300, MUG, 1, "60.00"),
    order(12, 1, 200, MUG, 1, "60.00"),
    order(13, 1, 50, MUG, 1, "60.00"),
    order(14, 1, 10, MUG, 1, "60.00"),
    order(21, 2, 400, TEAPOT, 1, "50.00"),
    order(22, 2, 300, TEAPOT, 1, "50.00"),
    order(23, 2, 200, TEAPOT, 1, "50.00"),
    order(24, 2, 100, MUG, 1, "60.00", { cancelledAt: daysAgo(99) }),
    order(31, 3, 60, MUG, 2, "125.00"),
    order(32, 3, 30, KETTLE, 1, "250.00"),
    order(33, 3, 20, KETTLE, 1, "250.00", { cancelledAt: daysAgo(19) }),
    order(34, 3, 15, KETTLE, 1, "250.00", { cancelledAt: daysAgo(14) }),
    order(35, 3, 1, KETTLE, 1, "250.00", { test: true }),
    refunded,
    order(61, 6, 80, TEAPOT, 2, "50.00"),
    order(62, 6, 40, KETTLE, 1, "100.00"),
    order(63, 6, 5, TEAPOT, 2, "50.00"),
  ].sort((left, right) => left.createdAt.localeCompare(right.createdAt));
  const customer = (id: number, firstName: string, tags: string[], age: number) => ({
    id,
    firstName,
    lastName: "Tester",
    email: `${firstName.toLowerCase()}@example.com`,
    tags,
    createdAt: daysAgo(age),
    updatedAt: daysAgo(age),
  });
  return {
    shop: {
      name: "Sample Store",
      myshopifyDomain: "sample-store.myshopify.com",
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planDisplayName: "Basic",
    },
    products: [
      product(1, "Mug", ["ceramic"]),
      product(2, "Teapot", ["ceramic", "gift"]),
      product(3, "Kettle", ["steel"]),
    ],
    variants: [
      variant(11, 1, "12.00"),
      variant(12, 1, "14.00"),
      variant(21, 2, "30.00"),
      variant(31, 3, "45.00"),
    ],
    customers: [
      customer(1, "Alice", ["vip"], 500),
      customer(2, "Bob", [], 500),
      customer(3, "Carol", ["VIP", "wholesale"], 100),
      customer(4, "Dan", ["newsletter"], 10),
      customer(5, "Eve", [], 450),
      customer(6, "Frank", ["vip"], 90),
    ],
    orders,
    abandonedCheckouts: [
      { id: 1, createdAt: daysAgo(3), completedAt: null, customerId: 4, lineItems: [] },
      { id: 2, createdAt: daysAgo(20), completedAt: null, customerId: 5, lineItems: [] },
      { id: 3, createdAt: daysAgo(2), completedAt: daysAgo(2), customerId: 5, lineItems: [] },
    ],
    planted: [],
    now: NOW.toISOString(),
  };
}

import { addResolversToSchema } from "@graphql-tools/schema";
import {
  GraphQLError,
  isAbstractType,
  isObjectType,
  responsePathAsArray,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from "graphql";
import { gid, parseGid } from "../store/state";
import type {
  StoreAbandonedCheckout,
  StoreCustomer,
  StoreLineItem,
  StoreOrder,
  StoreProduct,
  StoreRefund,
  StoreShop,
  StoreVariant,
} from "../store/types";
import type { BulkOperationRecord } from "./bulk";
import { paginate, type ConnectionArgs, type Ordering, type SortValue } from "./connections";
import { notImplemented } from "./errors";
import type { LocalContext } from "./local-context";
import {
  countsTowardStatistics,
  createMutationResolvers,
  findMutationNode,
  productOptionOf,
  orderTags,
} from "./mutations/index";
import { sideStore } from "./mutations/side-store";
import { adminSchema, searchFieldsOf } from "./schema";
import {
  booleanMatcher,
  compileSearch,
  idMatcher,
  numberMatcher,
  stringMatcher,
  timeMatcher,
  type FieldMatcher,
  type SearchWarning,
} from "./search";
import { formatDecimal, formatMoney, parseDecimal, shopifyTime } from "./values";

/*
 * Resolvers over the StoreState. A resolver that returns a Product returns the StoreProduct
 * record (a ProductVariant the StoreVariant, a Customer the StoreCustomer, an Order the
 * StoreOrder); the field resolvers of those "record types" map records to schema fields, and
 * every field of a record type they do not map is answered with NOT_IMPLEMENTED_IN_LOCAL_SHOPIFY.
 * Other objects (MoneyV2, SEO, payloads, ...) are plain objects holding exactly the fields that
 * are implemented; asking for any other field is NOT_IMPLEMENTED too. Nothing is made up.
 */

type Args = Record<string, unknown>;
type FieldResolver<TParent> = (
  parent: TParent,
  args: Args,
  context: LocalContext,
  info: GraphQLResolveInfo,
) => unknown;
type TypeResolvers<TParent> = Record<string, FieldResolver<TParent>>;
type ResolverMap = Record<string, Record<string, unknown>>;

// ---- abstract types ---------------------------------------------------------------------------

const typeTags = new WeakMap<object, string>();

/** Marks which schema type a value stands for, for interfaces and unions (e.g. `node`). */
function tagType<T extends object>(value: T, typeName: string): T {
  typeTags.set(value, typeName);
  return value;
}

function resolveTypeOf(value: unknown): string {
  if (value !== null && typeof value === "object") {
    const tagged = typeTags.get(value);
    if (tagged) return tagged;
    const typename = (value as { __typename?: unknown }).__typename;
    if (typeof typename === "string") return typename;
  }
  throw notImplemented("Resolving the concrete type of this value");
}

/** Plain objects answer the fields they hold; anything else is a gap, reported as such. */
const strictDefaultResolver: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
  if (source !== null && typeof source === "object" && Object.hasOwn(source, info.fieldName)) {
    return (source as Record<string, unknown>)[info.fieldName];
  }
  throw notImplemented(`${info.parentType.name}.${info.fieldName}`);
};

// ---- values -----------------------------------------------------------------------------------

const money = (amount: bigint, currencyCode: string) => ({ amount: formatDecimal(amount), currencyCode });

/** MoneyBag: the shop amount, and the presentment amount where the order was in shop currency. */
function moneyBag(amount: string, order: StoreOrder, shop: StoreShop) {
  const value = parseDecimal(amount);
  return {
    shopMoney: money(value, shop.currencyCode),
    ...(order.currencyCode === shop.currencyCode
      ? { presentmentMoney: money(value, order.currencyCode) }
      : {}),
  };
}

const timeValue = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

function invalidGlobalId(id: unknown): GraphQLError {
  return new GraphQLError(`Invalid global id '${String(id)}'`, {
    extensions: { code: "argumentLiteralsIncompatible" },
  });
}

/** The type and number of a GID, or an error for a value that is no GID at all. */
function splitGid(value: unknown): { type: string; id: number } {
  const match = typeof value === "string" ? /^gid:\/\/shopify\/(\w+)\/(\d+)(\?.*)?$/.exec(value) : null;
  if (!match) throw invalidGlobalId(value);
  return { type: match[1] ?? "", id: Number(match[2]) };
}

/** The record id of `args.id` if it is a GID of `type`, else null (Shopify answers null). */
function idArgument(args: Args, type: string): number | null {
  splitGid(args.id);
  return parseGid(args.id, type);
}

// ---- derived values ---------------------------------------------------------------------------

const lineOrders = new WeakMap<StoreLineItem, StoreOrder>();
const refundOrders = new WeakMap<StoreRefund, StoreOrder>();

function remember(order: StoreOrder): StoreOrder {
  for (const line of order.lineItems) lineOrders.set(line, order);
  for (const refund of order.refunds) refundOrders.set(refund, order);
  return order;
}

/** The order a line item or refund belongs to (line items are stored inside their order). */
function owningOrder<T extends object>(
  index: WeakMap<T, StoreOrder>,
  item: T,
  context: LocalContext,
): StoreOrder {
  let order = index.get(item);
  if (!order) {
    for (const each of context.state.data.orders) remember(each);
    order = index.get(item);
  }
  if (!order) throw notImplemented("A line item or refund outside any order");
  return order;
}

const refundedQuantity = (order: StoreOrder, lineId: number) =>
  order.refunds
    .flatMap((refund) => refund.lineItems)
    .filter((entry) => entry.lineItemId === lineId)
    .reduce((sum, entry) => sum + entry.quantity, 0);

const currentQuantity = (order: StoreOrder, line: StoreLineItem) =>
  Math.max(0, line.quantity - refundedQuantity(order, line.id));

const variantsOf = (product: StoreProduct, context: LocalContext) =>
  context.state.variantsByProduct.get(product.id) ?? [];

const totalInventory = (product: StoreProduct, context: LocalContext) =>
  variantsOf(product, context).reduce((sum, variant) => sum + variant.inventoryQuantity, 0);

const productOf = (variant: StoreVariant, context: LocalContext) => {
  const product = context.state.productsById.get(variant.productId);
  if (!product) throw notImplemented(`A variant whose product ${variant.productId} is missing`);
  return product;
};

/**
 * Customer statistics from the orders, counted as the mutations module counts them for segments
 * (countsTowardStatistics: no test or cancelled orders). The amount spent is what was paid for
 * the items kept (after all discounts, net of refunded quantities); the store has no shipping or
 * taxes, so they are not in it.
 */
function customerStatistics(customer: StoreCustomer, context: LocalContext) {
  const orders = (context.state.ordersByCustomer.get(customer.id) ?? []).filter(countsTowardStatistics);
  let spent = 0n;
  for (const order of orders) {
    for (const line of order.lineItems) {
      spent += parseDecimal(line.discountedUnitPrice) * BigInt(currentQuantity(order, line));
    }
  }
  const last = orders.reduce<StoreOrder | null>(
    (latest, order) => (latest === null || order.createdAt >= latest.createdAt ? order : latest),
    null,
  );
  return { numberOfOrders: orders.length, amountSpent: spent, lastOrder: last };
}

interface InventoryItemRef {
  variant: StoreVariant;
}
const inventoryItems = new WeakMap<StoreVariant, InventoryItemRef>();

/** An InventoryItem is its variant's (the store keeps one per variant); one object per variant. */
function inventoryItemOf(variant: StoreVariant): InventoryItemRef {
  let item = inventoryItems.get(variant);
  if (!item) {
    item = tagType({ variant }, "InventoryItem");
    inventoryItems.set(variant, item);
  }
  return item;
}

// ---- connections ------------------------------------------------------------------------------

type Sorts<T> = Record<string, (record: T, context: LocalContext) => SortValue>;

function ordering<T extends { id: number }>(
  sorts: Sorts<T>,
  sortKey: unknown,
  context: LocalContext,
): Ordering<T> {
  const sort = typeof sortKey === "string" ? sorts[sortKey] : sorts.ID;
  if (!sort) throw notImplemented(`Sorting by ${String(sortKey)}`);
  return { id: (record) => record.id, value: (record) => sort(record, context) };
}

/** Records in the order they are stored (connections without a sort key). */
function positional<T>(records: readonly T[]): Ordering<T> {
  const positions = new Map(records.map((record, index) => [record, index]));
  return { id: (record) => positions.get(record) ?? 0, value: () => null };
}

interface SearchableSpec<T extends { id: number }> {
  field: string;
  records(context: LocalContext): readonly T[];
  sorts: Sorts<T>;
  matchers(context: LocalContext): Record<string, FieldMatcher<T>>;
}

/** A root connection with Shopify's `query`, `sortKey` and `reverse`. */
function searchable<T extends { id: number }>(spec: SearchableSpec<T>): FieldResolver<unknown> {
  return (_root, args, context, info) => {
    if (args.savedSearchId) throw notImplemented("Saved searches");
    let records = spec.records(context);
    const query = typeof args.query === "string" ? args.query : null;
    if (query) {
      const warnings: SearchWarning[] = [];
      const test = compileSearch(
        query,
        searchFieldsOf("QueryRoot", spec.field),
        spec.matchers(context),
        warnings,
      );
      context.searchReports.push({ path: responsePathAsArray(info.path), query, warnings });
      records = records.filter(test);
    }
    return paginate(
      records,
      args as ConnectionArgs,
      ordering(spec.sorts, args.sortKey, context),
      context.bulkWindow,
      info,
    );
  };
}

const negate =
  <T>(matcher: FieldMatcher<T>): FieldMatcher<T> =>
  (term) => {
    const test = matcher(term);
    return (record) => !test(record);
  };

/** Title-like fields match when they contain the value, as Shopify's word search does. */
const containsMatcher =
  <T>(get: (record: T) => string): FieldMatcher<T> =>
  (term) => {
    const wanted = term.value.toLowerCase().replace(/\*$/, "");
    return (record) => get(record).toLowerCase().includes(wanted);
  };

const timeZoneOf = (context: LocalContext) => context.state.data.shop.ianaTimezone;
const clockOf = (context: LocalContext) => () => context.now();

// ---- products and variants --------------------------------------------------------------------

const productSorts: Sorts<StoreProduct> = {
  ID: () => null,
  RELEVANCE: () => null,
  CREATED_AT: (product) => timeValue(product.createdAt),
  UPDATED_AT: (product) => timeValue(product.updatedAt),
  PUBLISHED_AT: (product) => timeValue(product.publishedAt),
  TITLE: (product) => product.title.toLowerCase(),
  PRODUCT_TYPE: (product) => product.productType.toLowerCase(),
  VENDOR: (product) => product.vendor.toLowerCase(),
  INVENTORY_TOTAL: (product, context) => totalInventory(product, context),
};

function productMatchers(context: LocalContext): Record<string, FieldMatcher<StoreProduct>> {
  const zone = timeZoneOf(context);
  const now = clockOf(context);
  const tags = stringMatcher<StoreProduct>((product) => product.tags);
  return {
    id: idMatcher((product) => product.id),
    created_at: timeMatcher((product) => product.createdAt, zone, now),
    updated_at: timeMatcher((product) => product.updatedAt, zone, now),
    published_at: timeMatcher((product) => product.publishedAt, zone, now),
    status: stringMatcher((product) => product.status),
    product_type: stringMatcher((product) => product.productType),
    vendor: stringMatcher((product) => product.vendor),
    handle: stringMatcher((product) => product.handle),
    title: containsMatcher((product) => product.title),
    tag: tags,
    tag_not: negate(tags),
    sku: stringMatcher((product) => variantsOf(product, context).map((variant) => variant.sku)),
    inventory_total: numberMatcher((product) => totalInventory(product, context)),
  };
}

const variantPosition = (variant: StoreVariant, context: LocalContext) =>
  (context.state.variantsByProduct.get(variant.productId) ?? []).indexOf(variant);

const variantSorts: Sorts<StoreVariant> = {
  ID: () => null,
  RELEVANCE: () => null,
  POSITION: variantPosition,
  TITLE: (variant) => variant.title.toLowerCase(),
  FULL_TITLE: (variant, context) => `${productOf(variant, context).title} ${variant.title}`.toLowerCase(),
  SKU: (variant) => variant.sku.toLowerCase(),
  INVENTORY_QUANTITY: (variant) => variant.inventoryQuantity,
};

function variantMatchers(context: LocalContext): Record<string, FieldMatcher<StoreVariant>> {
  const product = (variant: StoreVariant) => productOf(variant, context);
  const tags = stringMatcher<StoreVariant>((variant) => product(variant).tags);
  return {
    id: idMatcher((variant) => variant.id),
    product_id: idMatcher((variant) => variant.productId),
    sku: stringMatcher((variant) => variant.sku),
    title: containsMatcher((variant) => variant.title),
    updated_at: timeMatcher((variant) => variant.updatedAt, timeZoneOf(context), clockOf(context)),
    inventory_quantity: numberMatcher((variant) => variant.inventoryQuantity),
    product_status: stringMatcher((variant) => product(variant).status),
    product_type: stringMatcher((variant) => product(variant).productType),
    vendor: stringMatcher((variant) => product(variant).vendor),
    tag: tags,
    tag_not: negate(tags),
  };
}

const Product: TypeResolvers<StoreProduct> = {
  id: (product) => gid("Product", product.id),
  legacyResourceId: (product) => String(product.id),
  title: (product) => product.title,
  handle: (product) => product.handle,
  status: (product) => product.status,
  productType: (product) => product.productType,
  vendor: (product) => product.vendor,
  tags: (product) => product.tags,
  createdAt: (product) => shopifyTime(product.createdAt),
  updatedAt: (product) => shopifyTime(product.updatedAt),
  publishedAt: (product) => shopifyTime(product.publishedAt),
  descriptionHtml: (product) => product.descriptionHtml,
  seo: (product) => ({ title: product.seoTitle, description: product.seoDescription }),
  options: (product, _args, context) => [productOptionOf(context.state, product)],
  mediaCount: (product) => ({ count: product.mediaCount, precision: "EXACT" }),
  totalInventory: (product, _args, context) => totalInventory(product, context),
  variantsCount: (product, _args, context) => ({
    count: variantsOf(product, context).length,
    precision: "EXACT",
  }),
  variants: (product, args, context, info) =>
    paginate(
      variantsOf(product, context),
      args as ConnectionArgs,
      ordering(variantSorts, args.sortKey, context),
      context.bulkWindow,
      info,
    ),
};

const ProductVariant: TypeResolvers<StoreVariant> = {
  id: (variant) => gid("ProductVariant", variant.id),
  legacyResourceId: (variant) => String(variant.id),
  title: (variant) => variant.title,
  displayName: (variant, _args, context) => `${productOf(variant, context).title} - ${variant.title}`,
  sku: (variant) => variant.sku,
  price: (variant) => formatMoney(parseDecimal(variant.price)),
  compareAtPrice: (variant) =>
    variant.compareAtPrice === null ? null : formatMoney(parseDecimal(variant.compareAtPrice)),
  inventoryQuantity: (variant) => variant.inventoryQuantity,
  position: (variant, _args, context) => variantPosition(variant, context) + 1,
  createdAt: (variant) => shopifyTime(variant.createdAt),
  updatedAt: (variant) => shopifyTime(variant.updatedAt),
  product: (variant, _args, context) => productOf(variant, context),
  inventoryItem: (variant) => inventoryItemOf(variant),
};

const InventoryItem: TypeResolvers<InventoryItemRef> = {
  id: ({ variant }) => gid("InventoryItem", variant.inventoryItemId),
  legacyResourceId: ({ variant }) => String(variant.inventoryItemId),
  sku: ({ variant }) => variant.sku,
  variant: ({ variant }) => variant,
  // The store keeps one variant per inventory item.
  variants: ({ variant }, args, context, info) =>
    paginate(
      [variant],
      args as ConnectionArgs,
      ordering(variantSorts, undefined, context),
      context.bulkWindow,
      info,
    ),
  unitCost: ({ variant }, _args, context) =>
    variant.unitCost === null
      ? null
      : money(parseDecimal(variant.unitCost), context.state.data.shop.currencyCode),
};

// ---- orders -----------------------------------------------------------------------------------

const orderSorts: Sorts<StoreOrder> = {
  ID: () => null,
  RELEVANCE: () => null,
  CREATED_AT: (order) => timeValue(order.createdAt),
  // The store keeps no separate processing time: orders are processed when they are created.
  PROCESSED_AT: (order) => timeValue(order.createdAt),
  UPDATED_AT: (order) => timeValue(order.updatedAt),
  ORDER_NUMBER: (order) => Number(order.name.replace(/\D/g, "")),
};

function orderMatchers(context: LocalContext): Record<string, FieldMatcher<StoreOrder>> {
  const zone = timeZoneOf(context);
  const now = clockOf(context);
  const tags = stringMatcher<StoreOrder>((order) => orderTags(context.state, order.id));
  const skus = (order: StoreOrder) =>
    order.lineItems.flatMap((line) => {
      const variant = line.variantId === null ? undefined : context.state.variantsById.get(line.variantId);
      return variant ? [variant.sku] : [];
    });
  return {
    id: idMatcher((order) => order.id),
    created_at: timeMatcher((order) => order.createdAt, zone, now),
    processed_at: timeMatcher((order) => order.createdAt, zone, now),
    updated_at: timeMatcher((order) => order.updatedAt, zone, now),
    test: booleanMatcher((order) => order.test),
    customer_id: idMatcher((order) => order.customerId),
    name: (term) => {
      const wanted = term.value.replace(/^#/, "");
      return (order) => order.name.replace(/^#/, "") === wanted;
    },
    discount_code: stringMatcher((order) => order.discountCodes),
    tag: tags,
    tag_not: negate(tags),
    sku: stringMatcher(skus),
    // Only cancellation is recorded in the store; open/closed need closing times it lacks.
    status: (term) => {
      if (term.value.toLowerCase() !== "cancelled")
        throw notImplemented(`The order status filter '${term.value}'`);
      return (order) => order.cancelledAt !== null;
    },
  };
}

const Order: TypeResolvers<StoreOrder> = {
  id: (order) => gid("Order", order.id),
  legacyResourceId: (order) => String(order.id),
  name: (order) => order.name,
  createdAt: (order) => shopifyTime(order.createdAt),
  processedAt: (order) => shopifyTime(order.createdAt),
  updatedAt: (order) => shopifyTime(order.updatedAt),
  cancelledAt: (order) => shopifyTime(order.cancelledAt),
  test: (order) => order.test,
  currencyCode: (order) => order.currencyCode,
  discountCodes: (order) => order.discountCodes,
  tags: (order, _args, context) => orderTags(context.state, order.id),
  customer: (order, _args, context) =>
    order.customerId === null ? null : (context.state.customersById.get(order.customerId) ?? null),
  subtotalLineItemsQuantity: (order) => order.lineItems.reduce((sum, line) => sum + line.quantity, 0),
  currentSubtotalLineItemsQuantity: (order) =>
    order.lineItems.reduce((sum, line) => sum + currentQuantity(order, line), 0),
  lineItems: (order, args, context, info) =>
    paginate(
      remember(order).lineItems,
      args as ConnectionArgs,
      positional(order.lineItems),
      context.bulkWindow,
      info,
    ),
  refunds: (order, args) => {
    const refunds = remember(order).refunds;
    return typeof args.first === "number" ? refunds.slice(0, Math.max(0, args.first)) : refunds;
  },
};

const LineItem: TypeResolvers<StoreLineItem> = {
  id: (line) => gid("LineItem", line.id),
  title: (line) => line.title,
  quantity: (line) => line.quantity,
  currentQuantity: (line, _args, context) => currentQuantity(owningOrder(lineOrders, line, context), line),
  variant: (line, _args, context) =>
    line.variantId === null ? null : (context.state.variantsById.get(line.variantId) ?? null),
  product: (line, _args, context) =>
    line.productId === null ? null : (context.state.productsById.get(line.productId) ?? null),
  originalUnitPriceSet: (line, _args, context) =>
    moneyBag(line.originalUnitPrice, owningOrder(lineOrders, line, context), context.state.data.shop),
  discountedUnitPriceAfterAllDiscountsSet: (line, _args, context) =>
    moneyBag(line.discountedUnitPrice, owningOrder(lineOrders, line, context), context.state.data.shop),
};

interface RefundLineItemView {
  quantity: number;
  lineItem: StoreLineItem;
}

const Refund: TypeResolvers<StoreRefund> = {
  id: (refund) => gid("Refund", refund.id),
  legacyResourceId: (refund) => String(refund.id),
  createdAt: (refund) => shopifyTime(refund.createdAt),
  refundLineItems: (refund, args, context, info) => {
    const order = owningOrder(refundOrders, refund, context);
    const views: RefundLineItemView[] = refund.lineItems.map((entry) => {
      const lineItem = order.lineItems.find((line) => line.id === entry.lineItemId);
      if (!lineItem) throw notImplemented(`A refund of line item ${entry.lineItemId}, which its order lacks`);
      return { quantity: entry.quantity, lineItem };
    });
    return paginate(views, args as ConnectionArgs, positional(views), context.bulkWindow, info);
  },
};

// ---- customers and abandoned checkouts --------------------------------------------------------

const customerSorts: Sorts<StoreCustomer> = {
  ID: () => null,
  RELEVANCE: () => null,
  CREATED_AT: (customer) => timeValue(customer.createdAt),
  UPDATED_AT: (customer) => timeValue(customer.updatedAt),
  NAME: (customer) => `${customer.firstName} ${customer.lastName}`.toLowerCase(),
};

function customerMatchers(context: LocalContext): Record<string, FieldMatcher<StoreCustomer>> {
  const zone = timeZoneOf(context);
  const now = clockOf(context);
  const tags = stringMatcher<StoreCustomer>((customer) => customer.tags);
  const statistics = (customer: StoreCustomer) => customerStatistics(customer, context);
  return {
    id: idMatcher((customer) => customer.id),
    customer_date: timeMatcher((customer) => customer.createdAt, zone, now),
    updated_at: timeMatcher((customer) => customer.updatedAt, zone, now),
    email: stringMatcher((customer) => customer.email),
    first_name: stringMatcher((customer) => customer.firstName),
    last_name: stringMatcher((customer) => customer.lastName),
    tag: tags,
    tag_not: negate(tags),
    orders_count: numberMatcher((customer) => statistics(customer).numberOfOrders),
    total_spent: numberMatcher((customer) => Number(formatDecimal(statistics(customer).amountSpent))),
  };
}

const Customer: TypeResolvers<StoreCustomer> = {
  id: (customer) => gid("Customer", customer.id),
  legacyResourceId: (customer) => String(customer.id),
  firstName: (customer) => customer.firstName,
  lastName: (customer) => customer.lastName,
  displayName: (customer) => `${customer.firstName} ${customer.lastName}`.trim() || customer.email,
  email: (customer) => customer.email,
  defaultEmailAddress: (customer) => ({ emailAddress: customer.email }),
  tags: (customer) => customer.tags,
  createdAt: (customer) => shopifyTime(customer.createdAt),
  updatedAt: (customer) => shopifyTime(customer.updatedAt),
  numberOfOrders: (customer, _args, context) => String(customerStatistics(customer, context).numberOfOrders),
  amountSpent: (customer, _args, context) =>
    money(customerStatistics(customer, context).amountSpent, context.state.data.shop.currencyCode),
  lastOrder: (customer, _args, context) => customerStatistics(customer, context).lastOrder,
};

type CheckoutLine = StoreAbandonedCheckout["lineItems"][number];

const AbandonedCheckout: TypeResolvers<StoreAbandonedCheckout> = {
  id: (checkout) => gid("AbandonedCheckout", checkout.id),
  createdAt: (checkout) => shopifyTime(checkout.createdAt),
  completedAt: (checkout) => shopifyTime(checkout.completedAt),
  customer: (checkout, _args, context) =>
    checkout.customerId === null ? null : (context.state.customersById.get(checkout.customerId) ?? null),
  lineItems: (checkout, args, context, info) =>
    paginate(
      checkout.lineItems,
      args as ConnectionArgs,
      positional(checkout.lineItems),
      context.bulkWindow,
      info,
    ),
};

const AbandonedCheckoutLineItem: TypeResolvers<CheckoutLine> = {
  id: (line) => gid("AbandonedCheckoutLineItem", line.id),
  quantity: (line) => line.quantity,
  variant: (line, _args, context) =>
    line.variantId === null ? null : (context.state.variantsById.get(line.variantId) ?? null),
  product: (line, _args, context) =>
    line.productId === null ? null : (context.state.productsById.get(line.productId) ?? null),
};

// ---- shop -------------------------------------------------------------------------------------

/** A stable number for the shop's GID (the store data has no shop id). */
function shopNumber(domain: string): number {
  let hash = 0;
  for (const char of domain) hash = (hash * 31 + char.charCodeAt(0)) % 2_147_483_647;
  return hash;
}

const Shop: TypeResolvers<StoreShop> = {
  id: (shop) => gid("Shop", shopNumber(shop.myshopifyDomain)),
  name: (shop) => shop.name,
  myshopifyDomain: (shop) => shop.myshopifyDomain,
  currencyCode: (shop) => shop.currencyCode,
  ianaTimezone: (shop) => shop.ianaTimezone,
  plan: (shop) => ({
    publicDisplayName: shop.planDisplayName,
    partnerDevelopment: /development/i.test(shop.planDisplayName),
    shopifyPlus: /plus/i.test(shop.planDisplayName),
  }),
  features: (_shop, _args, context) => ({
    bundles: {
      eligibleForBundles: context.bundles.eligible,
      ineligibilityReason: context.bundles.eligible ? null : context.bundles.ineligibilityReason,
      sellsBundles: sideStore(context.state).bundleComponents.size > 0,
    },
  }),
};

// ---- bulk operations --------------------------------------------------------------------------

const BulkOperation: TypeResolvers<BulkOperationRecord> = {
  id: (operation) => gid("BulkOperation", operation.id),
  type: (operation) => operation.type,
  status: (operation) => operation.status,
  errorCode: (operation) => operation.errorCode,
  createdAt: (operation) => shopifyTime(operation.createdAt),
  completedAt: (operation) => shopifyTime(operation.completedAt),
  objectCount: (operation) => String(operation.objectCount),
  rootObjectCount: (operation) => String(operation.rootObjectCount),
  fileSize: (operation) => (operation.fileSize === null ? null : String(operation.fileSize)),
  url: (operation) => operation.url,
  partialDataUrl: (operation) => operation.partialDataUrl,
  query: (operation) => operation.query,
};

const bulkSorts: Sorts<BulkOperationRecord> = {
  // Shopify lists bulk operations newest first unless `reverse` is given.
  CREATED_AT: (operation) => -Date.parse(operation.createdAt),
  COMPLETED_AT: (operation) => (operation.completedAt === null ? null : -Date.parse(operation.completedAt)),
};

function bulkMatchers(context: LocalContext): Record<string, FieldMatcher<BulkOperationRecord>> {
  return {
    id: idMatcher((operation) => operation.id),
    created_at: timeMatcher((operation) => operation.createdAt, timeZoneOf(context), clockOf(context)),
    status: stringMatcher((operation) => operation.status),
    operation_type: stringMatcher((operation) => operation.type),
  };
}

// ---- node -------------------------------------------------------------------------------------

const nodeLoaders: Record<string, (id: number, context: LocalContext) => object | null | undefined> = {
  Product: (id, context) => context.state.productsById.get(id),
  ProductVariant: (id, context) => context.state.variantsById.get(id),
  InventoryItem: (id, context) => {
    for (const variant of context.state.variantsById.values()) {
      if (variant.inventoryItemId === id) return inventoryItemOf(variant);
    }
    return null;
  },
  Customer: (id, context) => context.state.customersById.get(id),
  Order: (id, context) => context.state.ordersById.get(id),
  LineItem: (id, context) => {
    for (const order of context.state.data.orders) {
      const line = remember(order).lineItems.find((one) => one.id === id);
      if (line) return line;
    }
    return null;
  },
  Refund: (id, context) => {
    for (const order of context.state.data.orders) {
      const refund = remember(order).refunds.find((one) => one.id === id);
      if (refund) return refund;
    }
    return null;
  },
  AbandonedCheckout: (id, context) =>
    context.state.data.abandonedCheckouts.find((checkout) => checkout.id === id),
  BulkOperation: (id, context) => context.bulkOperations.get(id),
};

/** `node(id)`: the types above from the store, the mutations module's types from its records. */
function resolveNode(id: unknown, context: LocalContext): unknown {
  const { type, id: number } = splitGid(id);
  const loader = nodeLoaders[type];
  const record = loader ? loader(number, context) : findMutationNode(context.state, String(id), context);
  if (!loader && record === null && !mutationNodeTypes.has(type)) throw notImplemented(`node() for ${type}`);
  return record ? tagType(record, type) : null;
}

// ---- entry points -----------------------------------------------------------------------------

const QueryRoot: TypeResolvers<unknown> = {
  shop: (_root, _args, context) => context.state.data.shop,
  products: searchable({
    field: "products",
    records: (context) => context.state.data.products,
    sorts: productSorts,
    matchers: productMatchers,
  }),
  product: (_root, args, context) =>
    context.state.productsById.get(idArgument(args, "Product") ?? -1) ?? null,
  productVariants: searchable({
    field: "productVariants",
    records: (context) => context.state.data.variants,
    sorts: variantSorts,
    matchers: variantMatchers,
  }),
  productVariant: (_root, args, context) =>
    context.state.variantsById.get(idArgument(args, "ProductVariant") ?? -1) ?? null,
  inventoryItem: (_root, args, context) =>
    nodeLoaders.InventoryItem!(idArgument(args, "InventoryItem") ?? -1, context) ?? null,
  orders: searchable({
    field: "orders",
    records: (context) => context.state.data.orders,
    sorts: orderSorts,
    matchers: orderMatchers,
  }),
  order: (_root, args, context) => context.state.ordersById.get(idArgument(args, "Order") ?? -1) ?? null,
  customers: searchable({
    field: "customers",
    records: (context) => context.state.data.customers,
    sorts: customerSorts,
    matchers: customerMatchers,
  }),
  customer: (_root, args, context) =>
    context.state.customersById.get(idArgument(args, "Customer") ?? -1) ?? null,
  abandonedCheckouts: searchable({
    field: "abandonedCheckouts",
    records: (context) => context.state.data.abandonedCheckouts,
    sorts: { ID: () => null, RELEVANCE: () => null, CREATED_AT: (checkout) => timeValue(checkout.createdAt) },
    matchers: (context) => ({
      id: idMatcher((checkout) => checkout.id),
      created_at: timeMatcher((checkout) => checkout.createdAt, timeZoneOf(context), clockOf(context)),
    }),
  }),
  node: (_root, args, context) => resolveNode(args.id, context),
  nodes: (_root, args, context) => (args.ids as unknown[]).map((id) => resolveNode(id, context)),
  bulkOperation: (_root, args, context) => {
    const id = idArgument(args, "BulkOperation");
    if (id === null) throw new GraphQLError(`Invalid id: ${String(args.id)}`);
    return context.bulkOperations.get(id);
  },
  bulkOperations: searchable({
    field: "bulkOperations",
    records: (context) => context.bulkOperations.list(),
    sorts: bulkSorts,
    matchers: bulkMatchers,
  }),
  currentBulkOperation: (_root, args, context) =>
    args.type === "MUTATION" ? null : (context.bulkOperations.list().at(-1) ?? null),
};

const Mutation: TypeResolvers<unknown> = {
  bulkOperationRunQuery: (_root, args, context, info) =>
    context.bulkOperations.runQuery(String(args.query), context, info.schema),
  bulkOperationCancel: (_root, args, context) =>
    context.bulkOperations.cancel(idArgument(args, "BulkOperation")),
};

/** The types whose records the mutations module keeps (node() answers null for unknown ids). */
const mutationNodeTypes = new Set([
  "Segment",
  "AnalyticsAnnotation",
  "DiscountAutomaticNode",
  "DiscountCodeNode",
  "DiscountNode",
  "ProductBundleOperation",
]);

/** Types whose values are store records: their unmapped fields are NOT_IMPLEMENTED. */
const recordTypes: ResolverMap = {
  Shop,
  Product,
  ProductVariant,
  InventoryItem,
  Order,
  LineItem,
  Refund,
  Customer,
  AbandonedCheckout,
  AbandonedCheckoutLineItem,
  BulkOperation,
};

// ---- the executable schema --------------------------------------------------------------------

/**
 * Shopify's schema with these resolvers and the mutations module's (`createMutationResolvers`),
 * which may add to any type and override anything here except the bulk operation mutations.
 */
function buildExecutableSchema(schema: GraphQLSchema, extra: ResolverMap): GraphQLSchema {
  const resolvers: ResolverMap = { ...recordTypes, QueryRoot, Mutation };
  for (const [typeName, fields] of Object.entries(extra)) {
    resolvers[typeName] = { ...resolvers[typeName], ...fields };
  }
  resolvers.Mutation = { ...resolvers.Mutation, ...Mutation };

  for (const typeName of Object.keys(recordTypes)) {
    const type = schema.getType(typeName);
    const mapped = resolvers[typeName] ?? {};
    if (!isObjectType(type)) continue;
    for (const fieldName of Object.keys(type.getFields())) {
      if (!(fieldName in mapped)) {
        mapped[fieldName] = () => {
          throw notImplemented(`${typeName}.${fieldName}`);
        };
      }
    }
    resolvers[typeName] = mapped;
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type) && !type.name.startsWith("__")) {
      resolvers[type.name] = { __resolveType: resolveTypeOf, ...resolvers[type.name] };
    }
  }
  return addResolversToSchema({
    schema,
    resolvers: resolvers as Parameters<typeof addResolversToSchema>[0]["resolvers"],
    defaultFieldResolver: strictDefaultResolver,
    // The process builds its client schema once and owns it; cloning it costs most of a second.
    updateResolversInPlace: true,
  });
}

let executable: GraphQLSchema | undefined;

/** Shopify's schema with the local resolvers, built once per process. */
export function executableSchema(): GraphQLSchema {
  executable ??= buildExecutableSchema(adminSchema(), createMutationResolvers());
  return executable;
}

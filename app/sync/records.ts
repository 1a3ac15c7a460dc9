import { z } from "zod";

/*
 * Pure parsing of bulk-export records: one JSON value per JSONL line, validated, turned into the
 * rows of the synced tables (docs/data-contract.md). Money becomes integer minor units, order
 * lines get their order's day in the shop's time zone. No I/O: jsonl.server.ts feeds the lines.
 */

export const SYNC_RESOURCES = ["products", "orders", "customers", "abandonedCheckouts"] as const;
export type SyncResource = (typeof SYNC_RESOURCES)[number];

export interface ProductRow {
  id: string;
  title: string;
  handle: string;
  status: string;
  productType: string;
  vendor: string;
  tags: string;
  descriptionHtml: string;
  seoTitle: string | null;
  seoDescription: string | null;
  mediaCount: number;
  totalInventory: number;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

export interface VariantRow {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  priceMinor: number;
  compareAtPriceMinor: number | null;
  inventoryQuantity: number;
  unitCostMinor: number | null;
  createdAt: Date;
}

export interface OrderRow {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
  cancelledAt: Date | null;
  test: boolean;
  currencyCode: string;
  customerId: string | null;
  discountCodes: string;
}

export interface OrderLineRow {
  id: string;
  orderId: string;
  variantId: string | null;
  productId: string | null;
  day: string;
  quantity: number;
  currentQuantity: number;
  originalUnitMinor: number;
  discountedUnitMinor: number;
}

export interface CustomerRow {
  customerId: string;
  createdAt: Date;
  updatedAt: Date;
  numberOfOrders: number;
  amountSpentMinor: number;
  tags: string;
}

export interface CheckoutRow {
  id: string;
  createdAt: Date;
  completedAt: Date | null;
  customerId: string | null;
}

export interface CheckoutLineRow {
  checkoutId: string;
  lineIndex: number;
  variantId: string | null;
  productId: string | null;
  quantity: number;
}

/** Rows by table (Prisma model name). */
export interface TableRows {
  Product: ProductRow;
  Variant: VariantRow;
  Order: OrderRow;
  OrderLine: OrderLineRow;
  Customer: CustomerRow;
  AbandonedCheckout: CheckoutRow;
  AbandonedCheckoutLine: CheckoutLineRow;
}
export type SyncTable = keyof TableRows;
export type RowBatch = { [T in SyncTable]?: Array<TableRows[T]> };

/** The tables a resource's export fills: its root objects first, then their children. */
export const RESOURCE_TABLES = {
  products: ["Product", "Variant"],
  orders: ["Order", "OrderLine"],
  customers: ["Customer"],
  abandonedCheckouts: ["AbandonedCheckout", "AbandonedCheckoutLine"],
} as const satisfies Record<SyncResource, readonly SyncTable[]>;

/** A record that does not match the data contract; the reader adds where it was. */
export class RecordError extends Error {
  override readonly name = "RecordError";
}

// ---- money and days ------------------------------------------------------------------------------

/** Money columns are 64-bit; amounts stay within what a JS number holds exactly. */
const LARGEST_MINOR = Number.MAX_SAFE_INTEGER;
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;
const exponents = new Map<string, number>();

/** Digits after the decimal point in the currency's minor unit (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currencyCode: string): number {
  let exponent = exponents.get(currencyCode);
  if (exponent === undefined) {
    try {
      exponent = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).resolvedOptions()
        .maximumFractionDigits;
    } catch {
      throw new RecordError(`unknown currency code "${currencyCode}"`);
    }
    if (exponent === undefined) throw new RecordError(`no minor unit known for "${currencyCode}"`);
    exponents.set(currencyCode, exponent);
  }
  return exponent;
}

/**
 * A decimal amount ("19.99", "1000.0") as an integer count of the currency's minor units, read
 * from its digits so no float rounding creeps in. Digits beyond the minor unit (a unit cost of
 * "2.125" USD) round half away from zero. The columns are 32-bit, so larger amounts are refused.
 */
export function toMinorUnits(amount: string, currencyCode: string): number {
  const match = DECIMAL.exec(amount);
  if (!match) throw new RecordError(`"${amount}" is not a decimal amount`);
  const exponent = currencyExponent(currencyCode);
  const fraction = match[3] ?? "";
  const digits = `${match[2]}${fraction.slice(0, exponent).padEnd(exponent, "0")}`.replace(/^0+(?=\d)/, "");
  if (digits.length > 16) throw new RecordError(`${amount} ${currencyCode} is too large to store`);
  let minor = Number(digits);
  if ((fraction[exponent] ?? "0") >= "5") minor += 1;
  if (minor > LARGEST_MINOR) throw new RecordError(`${amount} ${currencyCode} is too large to store`);
  return match[1] && minor !== 0 ? -minor : minor;
}

const HOUR_MS = 3_600_000;

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** An IANA zone's offset from UTC at an instant (to the second), in milliseconds. */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    zoneFormats.set(timeZone, format);
  }
  const second = Math.floor(instant / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(second)) parts[part.type] = Number(part.value);
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - second;
}

/**
 * The instant (ISO) a calendar day starts in an IANA time zone, e.g. so a discount runs whole days
 * on the shop's clock. The offset is read again at the first guess, in case it changes between.
 */
export function startOfDayInZone(day: string, timeZone: string): string {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  const guess = midnightUtc - zoneOffsetMs(midnightUtc, timeZone);
  return new Date(midnightUtc - zoneOffsetMs(guess, timeZone)).toISOString();
}

/**
 * A function giving the calendar day (YYYY-MM-DD) of an instant in an IANA time zone. Asking Intl
 * for every order is slow, so the zone's UTC offset is cached per hour of UTC time; an hour whose
 * offset differs between its first and last second holds a transition, and its instants are
 * asked one by one.
 */
export function dayInZone(timeZone: string): (instant: Date) => string {
  const offsetAt = (ms: number) => zoneOffsetMs(ms, timeZone);
  offsetAt(0); // an unknown zone throws here, not at the first order
  const hourOffsets = new Map<number, number | null>();
  return (instant) => {
    const ms = instant.getTime();
    if (Number.isNaN(ms)) throw new RecordError("not a valid date and time");
    const hour = Math.floor(ms / HOUR_MS);
    let offset = hourOffsets.get(hour);
    if (offset === undefined) {
      const first = offsetAt(hour * HOUR_MS);
      offset = first === offsetAt(hour * HOUR_MS + HOUR_MS - 1000) ? first : null;
      hourOffsets.set(hour, offset);
    }
    return new Date(ms + (offset ?? offsetAt(ms))).toISOString().slice(0, 10);
  };
}

/** Shopify's tag and code lists, comma-separated as its REST API writes them. */
export const joinList = (values: readonly string[]) => values.join(", ");

// ---- line shapes ---------------------------------------------------------------------------------

const id = z.string().min(1);
const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const ref = z.object({ id }).nullish();
const decimal = z.string().regex(DECIMAL, "expected a decimal amount");
const money = z.object({ amount: decimal, currencyCode: z.string() });
const int = z.number().int();
/** Units on a line: Shopify never sends a negative count, and one would subtract sales. */
const count = int.nonnegative();
const parentId = z.string().min(1);

const productLine = z.object({
  id,
  title: z.string(),
  handle: z.string(),
  status: z.string(),
  productType: z.string(),
  vendor: z.string(),
  tags: z.array(z.string()),
  createdAt: dateTime,
  updatedAt: dateTime,
  publishedAt: dateTime.nullish(),
  totalInventory: int,
  descriptionHtml: z.string(),
  seo: z.object({ title: z.string().nullish(), description: z.string().nullish() }),
  mediaCount: z.object({ count: int }).nullish(),
});

const variantLine = z.object({
  id,
  sku: z.string().nullish(),
  title: z.string(),
  price: decimal,
  compareAtPrice: decimal.nullish(),
  inventoryQuantity: int.nullish(),
  createdAt: dateTime,
  inventoryItem: z.object({ unitCost: money.nullish() }).nullish(),
  __parentId: parentId,
});

// Exported for the fast paths' agreement test.
export const orderLine = z.object({
  id,
  name: z.string(),
  createdAt: dateTime,
  updatedAt: dateTime,
  cancelledAt: dateTime.nullish(),
  test: z.boolean(),
  currencyCode: z.string(),
  customer: ref,
  discountCodes: z.array(z.string()),
});

export const lineItemLine = z.object({
  id,
  quantity: count,
  currentQuantity: count,
  variant: ref,
  product: ref,
  originalUnitPriceSet: z.object({ shopMoney: money }),
  discountedUnitPriceAfterAllDiscountsSet: z.object({ shopMoney: money }),
  __parentId: parentId,
});

const customerLine = z.object({
  id,
  createdAt: dateTime,
  updatedAt: dateTime,
  // UnsignedInt64 arrives as a string
  numberOfOrders: z.union([z.string().regex(/^\d+$/, "expected a whole number"), int.nonnegative()]),
  amountSpent: money,
  tags: z.array(z.string()),
});

const checkoutLine = z.object({
  id,
  createdAt: dateTime,
  completedAt: dateTime.nullish(),
  customer: ref,
});

const checkoutLineItemLine = z.object({
  quantity: count,
  variant: ref,
  product: ref,
  __parentId: parentId,
});

// ---- fast paths ----------------------------------------------------------------------------------
// A million-line orders export spends most of its parse time in zod. Orders and their line items
// first go through these hand-written checks, which accept only what the zod shapes above accept
// (the same regexes; records.test.ts checks agreement on generated values) and build the same
// output; anything they do not accept goes through zod, which gives the error message.

type OrderValue = z.infer<typeof orderLine>;
type LineItemValue = z.infer<typeof lineItemLine>;

const DATE_TIME = z.regexes.datetime({ offset: true });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isId = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const isDateTime = (value: unknown): value is string => typeof value === "string" && DATE_TIME.test(value);
const isDecimal = (value: unknown): value is string => typeof value === "string" && DECIMAL.test(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isRef = (value: unknown): value is { id: string } | null | undefined =>
  value == null || (isObject(value) && isId(value.id));
const refOf = (value: { id: string } | null | undefined) => (value == null ? value : { id: value.id });
const isMoneySet = (value: unknown): value is { shopMoney: { amount: string; currencyCode: string } } =>
  isObject(value) &&
  isObject(value.shopMoney) &&
  isDecimal(value.shopMoney.amount) &&
  typeof value.shopMoney.currencyCode === "string";
const moneySetOf = (value: { shopMoney: { amount: string; currencyCode: string } }) => ({
  shopMoney: { amount: value.shopMoney.amount, currencyCode: value.shopMoney.currencyCode },
});

/** The order as zod would return it, or null when zod must judge it. */
export function fastOrder(value: unknown): OrderValue | null {
  if (
    !isObject(value) ||
    !isId(value.id) ||
    typeof value.name !== "string" ||
    !isDateTime(value.createdAt) ||
    !isDateTime(value.updatedAt) ||
    !(value.cancelledAt == null || isDateTime(value.cancelledAt)) ||
    typeof value.test !== "boolean" ||
    typeof value.currencyCode !== "string" ||
    !isRef(value.customer) ||
    !Array.isArray(value.discountCodes) ||
    !value.discountCodes.every((code) => typeof code === "string")
  ) {
    return null;
  }
  return {
    id: value.id,
    name: value.name,
    createdAt: new Date(value.createdAt),
    updatedAt: new Date(value.updatedAt),
    cancelledAt: value.cancelledAt == null ? value.cancelledAt : new Date(value.cancelledAt),
    test: value.test,
    currencyCode: value.currencyCode,
    customer: refOf(value.customer),
    discountCodes: value.discountCodes as string[],
  };
}

/** The line item as zod would return it, or null when zod must judge it. */
export function fastLineItem(value: unknown): LineItemValue | null {
  if (
    !isObject(value) ||
    !isId(value.id) ||
    !isCount(value.quantity) ||
    !isCount(value.currentQuantity) ||
    !isRef(value.variant) ||
    !isRef(value.product) ||
    !isMoneySet(value.originalUnitPriceSet) ||
    !isMoneySet(value.discountedUnitPriceAfterAllDiscountsSet) ||
    !isId(value.__parentId)
  ) {
    return null;
  }
  return {
    id: value.id,
    quantity: value.quantity as number,
    currentQuantity: value.currentQuantity as number,
    variant: refOf(value.variant),
    product: refOf(value.product),
    originalUnitPriceSet: moneySetOf(value.originalUnitPriceSet),
    discountedUnitPriceAfterAllDiscountsSet: moneySetOf(value.discountedUnitPriceAfterAllDiscountsSet),
    __parentId: value.__parentId,
  };
}

/** Zod's first complaint, in words a merchant or developer can act on. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "does not match the data contract";
  const where = issue.path.length > 0 ? `field "${issue.path.join(".")}": ` : "";
  return `${where}${issue.message}`;
}

const missingField = (issue: { input?: unknown }) =>
  issue.input === undefined ? "required field is missing" : undefined;

function check<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value, { error: missingField });
  if (!result.success) throw new RecordError(describeIssue(result.error));
  return result.data;
}

const hasParent = (value: unknown) => typeof value === "object" && value !== null && "__parentId" in value;

const unitCostOf = (variant: z.infer<typeof variantLine>) => {
  const cost = variant.inventoryItem?.unitCost;
  return cost ? toMinorUnits(cost.amount, cost.currencyCode) : null;
};

// ---- parsers -------------------------------------------------------------------------------------

export interface ParseOptions {
  /** the shop's IANA time zone, in which order days are counted */
  timeZone: string;
  /** the shop's currency: the Money scalars (variant prices) carry none of their own */
  currencyCode: string;
}

/**
 * Turns one resource's JSON values, in file order, into rows. Children are matched to their parent
 * by `__parentId`, which must name a parent seen earlier in the file (anywhere earlier: Shopify
 * does not always write children right after their parent). Rows collect until `take()`.
 */
export interface RecordParser {
  accept(value: unknown): void;
  /** rows collected since the last take */
  take(): RowBatch;
  /** rows collected since the last take */
  readonly pending: number;
}

class Collector {
  batch: RowBatch = {};
  pending = 0;

  push<T extends SyncTable>(table: T, row: TableRows[T]): void {
    const rows = (this.batch[table] ??= []) as Array<TableRows[T]>;
    rows.push(row);
    this.pending += 1;
  }

  take(): RowBatch {
    const batch = this.batch;
    this.batch = {};
    this.pending = 0;
    return batch;
  }
}

/**
 * Parents' ids, kept compactly: a large export has hundreds of thousands of parents, and their
 * children may come anywhere after them. Ids of the form `<prefix><number>`, with the prefix of
 * the first id seen ("gid://shopify/Order/"), are kept as numbers; any other id as itself.
 */
class ParentKeys {
  private prefix: string | null = null;

  key(id: string): string | number {
    this.prefix ??= id.slice(0, id.lastIndexOf("/") + 1);
    if (!id.startsWith(this.prefix)) return id;
    const tail = id.slice(this.prefix.length);
    return /^[1-9]\d{0,14}$/.test(tail) ? Number(tail) : id;
  }
}

function unknownParent(parent: string): RecordError {
  return new RecordError(`__parentId "${parent}" names no object earlier in the file`);
}

function duplicate(objectId: string): RecordError {
  return new RecordError(`"${objectId}" appears twice`);
}

function productsParser(options: ParseOptions, out: Collector): (value: unknown) => void {
  const keys = new ParentKeys();
  const products = new Set<string | number>();
  return (value) => {
    if (hasParent(value)) {
      const variant = check(variantLine, value);
      if (!products.has(keys.key(variant.__parentId))) throw unknownParent(variant.__parentId);
      out.push("Variant", {
        id: variant.id,
        productId: variant.__parentId,
        title: variant.title,
        sku: variant.sku ?? null,
        priceMinor: toMinorUnits(variant.price, options.currencyCode),
        compareAtPriceMinor:
          variant.compareAtPrice == null ? null : toMinorUnits(variant.compareAtPrice, options.currencyCode),
        inventoryQuantity: variant.inventoryQuantity ?? 0,
        unitCostMinor: unitCostOf(variant),
        createdAt: variant.createdAt,
      });
      return;
    }
    const product = check(productLine, value);
    const key = keys.key(product.id);
    if (products.has(key)) throw duplicate(product.id);
    products.add(key);
    out.push("Product", {
      id: product.id,
      title: product.title,
      handle: product.handle,
      status: product.status,
      productType: product.productType,
      vendor: product.vendor,
      tags: joinList(product.tags),
      descriptionHtml: product.descriptionHtml,
      seoTitle: product.seo.title ?? null,
      seoDescription: product.seo.description ?? null,
      mediaCount: product.mediaCount?.count ?? 0,
      totalInventory: product.totalInventory,
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
      publishedAt: product.publishedAt ?? null,
    });
  };
}

function ordersParser(options: ParseOptions, out: Collector): (value: unknown) => void {
  // The order's day, which its lines carry; kept for the whole file since a line may come late.
  const keys = new ParentKeys();
  const orderDays = new Map<string | number, string>();
  // one string per day, shared by all its orders
  const days = new Map<string, string>();
  const dayOf = dayInZone(options.timeZone);
  return (value) => {
    if (hasParent(value)) {
      const line = fastLineItem(value) ?? check(lineItemLine, value);
      const day = orderDays.get(keys.key(line.__parentId));
      if (day === undefined) throw unknownParent(line.__parentId);
      const original = line.originalUnitPriceSet.shopMoney;
      const discounted = line.discountedUnitPriceAfterAllDiscountsSet.shopMoney;
      out.push("OrderLine", {
        id: line.id,
        orderId: line.__parentId,
        variantId: line.variant?.id ?? null,
        productId: line.product?.id ?? null,
        day,
        quantity: line.quantity,
        currentQuantity: line.currentQuantity,
        originalUnitMinor: toMinorUnits(original.amount, original.currencyCode),
        discountedUnitMinor: toMinorUnits(discounted.amount, discounted.currencyCode),
      });
      return;
    }
    const order = fastOrder(value) ?? check(orderLine, value);
    const key = keys.key(order.id);
    if (orderDays.has(key)) throw duplicate(order.id);
    const day = dayOf(order.createdAt);
    if (!days.has(day)) days.set(day, day);
    orderDays.set(key, days.get(day) ?? day);
    out.push("Order", {
      id: order.id,
      name: order.name,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
      cancelledAt: order.cancelledAt ?? null,
      test: order.test,
      currencyCode: order.currencyCode,
      customerId: order.customer?.id ?? null,
      discountCodes: joinList(order.discountCodes),
    });
  };
}

function customersParser(_options: ParseOptions, out: Collector): (value: unknown) => void {
  return (value) => {
    const customer = check(customerLine, value);
    out.push("Customer", {
      customerId: customer.id,
      createdAt: customer.createdAt,
      updatedAt: customer.updatedAt,
      numberOfOrders: Number(customer.numberOfOrders),
      amountSpentMinor: toMinorUnits(customer.amountSpent.amount, customer.amountSpent.currencyCode),
      tags: joinList(customer.tags),
    });
  };
}

function checkoutsParser(_options: ParseOptions, out: Collector): (value: unknown) => void {
  // Lines have no id in the export: a line is known by its position among its checkout's lines.
  const keys = new ParentKeys();
  const nextLineIndex = new Map<string | number, number>();
  return (value) => {
    if (hasParent(value)) {
      const line = check(checkoutLineItemLine, value);
      const key = keys.key(line.__parentId);
      const index = nextLineIndex.get(key);
      if (index === undefined) throw unknownParent(line.__parentId);
      nextLineIndex.set(key, index + 1);
      out.push("AbandonedCheckoutLine", {
        checkoutId: line.__parentId,
        lineIndex: index,
        variantId: line.variant?.id ?? null,
        productId: line.product?.id ?? null,
        quantity: line.quantity,
      });
      return;
    }
    const checkout = check(checkoutLine, value);
    const key = keys.key(checkout.id);
    if (nextLineIndex.has(key)) throw duplicate(checkout.id);
    nextLineIndex.set(key, 0);
    out.push("AbandonedCheckout", {
      id: checkout.id,
      createdAt: checkout.createdAt,
      completedAt: checkout.completedAt ?? null,
      customerId: checkout.customer?.id ?? null,
    });
  };
}

const PARSERS = {
  products: productsParser,
  orders: ordersParser,
  customers: customersParser,
  abandonedCheckouts: checkoutsParser,
} satisfies Record<SyncResource, (options: ParseOptions, out: Collector) => (value: unknown) => void>;

export function createRecordParser(resource: SyncResource, options: ParseOptions): RecordParser {
  const out = new Collector();
  const accept = PARSERS[resource](options, out);
  return {
    accept,
    take: () => out.take(),
    get pending() {
      return out.pending;
    },
  };
}

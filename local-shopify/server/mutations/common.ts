import { GraphQLError } from "graphql";
import type { StoreState } from "../../store/state";
import { gid } from "../../store/state";
import type { StoreCustomer, StoreOrder, StoreProduct, StoreVariant } from "../../store/types";
import type { ServerContext } from "../context";

/** The shape every `userErrors` entry shares (UserError, DiscountUserError, ...). */
export interface UserErrorResult {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export const userError = (field: string[] | null, message: string, code?: string | null): UserErrorResult =>
  code === undefined ? { field, message } : { field, message, code };

/**
 * A request the real Shopify would serve but this local copy cannot model. It is reported loudly
 * (a top-level error) rather than ignored, so a test never passes on a silently dropped input.
 */
export function localUnsupported(what: string): GraphQLError {
  return new GraphQLError(`The local Shopify does not support ${what}.`, {
    extensions: { code: "LOCAL_SHOPIFY_UNSUPPORTED" },
  });
}

/** Shopify rejects any input list longer than 250 items before running the mutation. */
export function assertInputArraySize(list: readonly unknown[] | null | undefined): void {
  if (list && list.length > 250) {
    throw new GraphQLError(
      `The input array size of ${list.length} is greater than the maximum allowed of 250.`,
      { extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" } },
    );
  }
}

/** Keys of an input object that are present (explicit nulls included), minus the supported ones. */
export function unsupportedKeys(input: object, supported: readonly string[]): string[] {
  return Object.entries(input)
    .filter(([key, value]) => value !== undefined && !supported.includes(key))
    .map(([key]) => key);
}

// ---- time ----------------------------------------------------------------------------------

/** Shopify prints DateTime values to the second, in UTC. */
export const isoSeconds = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export const nowIso = (context: ServerContext): string => isoSeconds(context.now());

/** A DateTime input as a Date, or null when it is not a date the API would accept. */
export function parseDateTime(value: unknown): Date | null {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) {
    return null;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** REST webhook bodies print times in the shop's zone with an offset, e.g. 2026-03-01T09:00:00-05:00. */
export function restTime(iso: string | null, timeZone: string): string | null {
  if (iso === null) return null;
  const date = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
  const offsetMinutes = Math.round(
    (Date.parse(`${local}Z`) - Math.floor(date.getTime() / 1000) * 1000) / 60000,
  );
  const sign = offsetMinutes < 0 ? "-" : "+";
  const hours = String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, "0");
  const minutes = String(Math.abs(offsetMinutes) % 60).padStart(2, "0");
  return `${local}${sign}${hours}:${minutes}`;
}

// ---- decimals --------------------------------------------------------------------------------

/** Fixed-point amounts with four decimals: enough for prices, totals and segment thresholds. */
export const SCALE = 4;
const SCALE_FACTOR = 10n ** BigInt(SCALE);

/** "19.99" (or 19.99) as a scaled integer; null when it is not a plain decimal number. */
export function toScaled(value: unknown): bigint | null {
  const text = typeof value === "number" && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== "string") return null;
  const match = /^\s*([+-]?)(\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) return null;
  const [, sign, whole = "0", fraction = ""] = match;
  // Rounds half up past the fourth decimal so "0.00005" cannot slip through as zero.
  const kept = fraction.slice(0, SCALE).padEnd(SCALE, "0");
  let scaled = BigInt(whole) * SCALE_FACTOR + BigInt(kept);
  if ((fraction[SCALE] ?? "0") >= "5") scaled += 1n;
  return sign === "-" ? -scaled : scaled;
}

/** A scaled amount printed with exactly `decimals` places, rounding half away from zero. */
export function formatFixed(scaled: bigint, decimals: number): string {
  const drop = 10n ** BigInt(SCALE - decimals);
  const negative = scaled < 0n;
  let magnitude = negative ? -scaled : scaled;
  magnitude = (magnitude + drop / 2n) / drop;
  const unit = 10n ** BigInt(decimals);
  const whole = magnitude / unit;
  const fraction = decimals > 0 ? `.${String(magnitude % unit).padStart(decimals, "0")}` : "";
  return `${negative && magnitude !== 0n ? "-" : ""}${whole}${fraction}`;
}

/** The Decimal scalar as Shopify prints it: trailing zeros dropped, at least one decimal ("20.0"). */
export function formatDecimal(scaled: bigint): string {
  const text = formatFixed(scaled, SCALE).replace(/0+$/, "");
  return text.endsWith(".") ? `${text}0` : text;
}

export const moneyV2 = (state: StoreState, scaled: bigint) => ({
  amount: formatDecimal(scaled),
  currencyCode: state.data.shop.currencyCode,
});

// ---- ids and tags ----------------------------------------------------------------------------

/** The numeric tail of any GID ("gid://shopify/Product/12" → 12), whatever its type. */
export function gidTail(value: string): number | null {
  const match = /\/(\d+)$/.exec(value);
  return match ? Number(match[1]) : null;
}

/** Tags as Shopify reads them: each string may hold several comma-separated tags. */
export function splitTags(tags: readonly string[]): string[] {
  const result: string[] = [];
  for (const tag of tags.flatMap((entry) => entry.split(","))) {
    const trimmed = tag.trim();
    if (trimmed && !result.some((kept) => kept.toLowerCase() === trimmed.toLowerCase())) result.push(trimmed);
  }
  return result;
}

// ---- connections -----------------------------------------------------------------------------

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

const encodeCursor = (key: string): string => Buffer.from(JSON.stringify({ key }), "utf8").toString("base64");

function decodeCursor(cursor: string): string {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
    if (parsed && typeof parsed === "object" && "key" in parsed && typeof parsed.key === "string") {
      return parsed.key;
    }
  } catch {
    // falls through to the error below
  }
  throw new GraphQLError(`Invalid cursor: ${cursor}`, { extensions: { code: "BAD_REQUEST" } });
}

/**
 * A Relay page over `items` (already in their natural order). Cursors name an item's key, so a
 * cursor stays valid when items are added elsewhere in the list.
 */
export function connection<T>(
  items: readonly T[],
  args: ConnectionArgs,
  keyOf: (item: T) => string,
  maxPageSize = 250,
): { edges: Array<{ cursor: string; node: T }>; nodes: T[]; pageInfo: Record<string, unknown> } {
  const { first, last } = args;
  if ((first === null || first === undefined) && (last === null || last === undefined)) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value !== null && value !== undefined && (value < 0 || value > maxPageSize)) {
      throw new GraphQLError(`The '${name}' argument must be between 0 and ${maxPageSize}.`, {
        extensions: { code: "BAD_REQUEST" },
      });
    }
  }
  const ordered = args.reverse ? [...items].reverse() : [...items];
  let start = 0;
  let end = ordered.length;
  if (args.after) {
    const key = decodeCursor(args.after);
    const index = ordered.findIndex((item) => keyOf(item) === key);
    start = index === -1 ? ordered.length : index + 1;
  }
  if (args.before) {
    const key = decodeCursor(args.before);
    const index = ordered.findIndex((item) => keyOf(item) === key);
    end = index === -1 ? end : index;
  }
  let window = ordered.slice(start, Math.max(start, end));
  const beforeWindow = start;
  const afterWindow = ordered.length - Math.max(start, end);
  let hasNextPage = afterWindow > 0;
  let hasPreviousPage = beforeWindow > 0;
  if (first !== null && first !== undefined && window.length > first) {
    window = window.slice(0, first);
    hasNextPage = true;
  }
  if (last !== null && last !== undefined && window.length > last) {
    window = window.slice(window.length - last);
    hasPreviousPage = true;
  }
  const edges = window.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    nodes: window,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export const emptyConnection = () => ({
  edges: [],
  nodes: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
});

// ---- REST webhook bodies ---------------------------------------------------------------------

const restTags = (tags: readonly string[]): string => tags.join(", ");

function restVariant(state: StoreState, variant: StoreVariant, position: number) {
  const zone = state.data.shop.ianaTimezone;
  return {
    admin_graphql_api_id: gid("ProductVariant", variant.id),
    id: variant.id,
    product_id: variant.productId,
    title: variant.title,
    price: variant.price,
    compare_at_price: variant.compareAtPrice,
    sku: variant.sku,
    position,
    inventory_policy: "deny",
    inventory_item_id: variant.inventoryItemId,
    inventory_quantity: variant.inventoryQuantity,
    old_inventory_quantity: variant.inventoryQuantity,
    option1: variant.title,
    option2: null,
    option3: null,
    taxable: true,
    barcode: null,
    image_id: null,
    created_at: restTime(variant.createdAt, zone),
    updated_at: restTime(variant.updatedAt, zone),
  };
}

/** The products/update (and products/create) webhook body. */
export function restProduct(state: StoreState, product: StoreProduct): Record<string, unknown> {
  const zone = state.data.shop.ianaTimezone;
  const variants = state.variantsByProduct.get(product.id) ?? [];
  return {
    admin_graphql_api_id: gid("Product", product.id),
    id: product.id,
    title: product.title,
    body_html: product.descriptionHtml,
    vendor: product.vendor,
    product_type: product.productType,
    handle: product.handle,
    status: product.status.toLowerCase(),
    tags: restTags(product.tags),
    published_scope: "global",
    template_suffix: null,
    created_at: restTime(product.createdAt, zone),
    updated_at: restTime(product.updatedAt, zone),
    published_at: restTime(product.publishedAt, zone),
    variants: variants.map((variant, index) => restVariant(state, variant, index + 1)),
    variant_gids: variants.map((variant) => ({
      admin_graphql_api_id: gid("ProductVariant", variant.id),
      updated_at: variant.updatedAt,
    })),
    options: [],
    images: [],
    image: null,
    media: [],
  };
}

/** The customers/update webhook body. */
export function restCustomer(state: StoreState, customer: StoreCustomer): Record<string, unknown> {
  const zone = state.data.shop.ianaTimezone;
  return {
    admin_graphql_api_id: gid("Customer", customer.id),
    id: customer.id,
    email: customer.email,
    first_name: customer.firstName,
    last_name: customer.lastName,
    state: "disabled",
    verified_email: true,
    note: null,
    tags: restTags(customer.tags),
    currency: state.data.shop.currencyCode,
    created_at: restTime(customer.createdAt, zone),
    updated_at: restTime(customer.updatedAt, zone),
  };
}

/** The orders/updated webhook body (the parts the store models). */
export function restOrder(
  state: StoreState,
  order: StoreOrder,
  tags: readonly string[],
): Record<string, unknown> {
  const zone = state.data.shop.ianaTimezone;
  return {
    admin_graphql_api_id: gid("Order", order.id),
    id: order.id,
    name: order.name,
    test: order.test,
    currency: order.currencyCode,
    tags: restTags(tags),
    discount_codes: order.discountCodes.map((code) => ({ code })),
    customer: order.customerId === null ? null : { id: order.customerId },
    cancelled_at: restTime(order.cancelledAt, zone),
    created_at: restTime(order.createdAt, zone),
    updated_at: restTime(order.updatedAt, zone),
    line_items: order.lineItems.map((line) => ({
      admin_graphql_api_id: gid("LineItem", line.id),
      id: line.id,
      product_id: line.productId,
      variant_id: line.variantId,
      title: line.title,
      quantity: line.quantity,
      price: line.originalUnitPrice,
    })),
  };
}

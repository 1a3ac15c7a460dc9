import { GraphQLError } from "graphql";
import type { StoreState } from "../../store/state";
import { gid, parseGid } from "../../store/state";
import type { StoreCustomer } from "../../store/types";
import type { ServerContext } from "../context";
import {
  connection,
  emptyConnection,
  formatDecimal,
  localUnsupported,
  moneyV2,
  nowIso,
  SCALE,
  userError,
  type ConnectionArgs,
  type UserErrorResult,
} from "./common";
import { allCustomerStatistics, type CustomerStatistics } from "./customer-stats";
import {
  dayOf,
  formatSegmentError,
  matchesSegment,
  parseSegmentQuery,
  unsupportedFilters,
  type CustomerFacts,
  type Day,
  type SegmentExpression,
} from "./segment-query";
import { sideStore, type SegmentRecord } from "./side-store";

const MAX_SEGMENTS = 6000;

// ---- segment mutations -----------------------------------------------------------------------

function checkName(name: string, errors: UserErrorResult[]): void {
  if (name.trim() === "") errors.push(userError(["name"], "Name can't be blank"));
  else if (name.length > 255)
    errors.push(userError(["name"], "Name is too long (maximum is 255 characters)"));
}

function checkQueryText(query: string, errors: UserErrorResult[]): void {
  if (query.trim() === "") errors.push(userError(["query"], "Query can't be blank"));
  else if (query.length > 5000)
    errors.push(userError(["query"], "Query is too long (maximum is 5000 characters)"));
}

const grammarErrors = (query: string): UserErrorResult[] => {
  const parsed = parseSegmentQuery(query);
  return parsed.ok
    ? []
    : parsed.errors.map((error) => userError(["query"], `Query ${formatSegmentError(error)}`));
};

/**
 * Shopify does not reject a taken name: it numbers the new segment instead, treating a trailing
 * "(n)" as a counter ("VIP (1)" becomes "VIP (2)").
 */
function availableName(state: StoreState, wanted: string, self?: SegmentRecord): string {
  const taken = new Set(
    [...sideStore(state).segments.values()]
      .filter((segment) => segment !== self)
      .map((segment) => segment.name),
  );
  if (!taken.has(wanted)) return wanted;
  const counted = /^(.*) \((\d+)\)$/.exec(wanted);
  const base = counted?.[1] ?? wanted;
  let counter = counted ? Number(counted[2]) + 1 : 1;
  while (taken.has(`${base} (${counter})`)) counter += 1;
  return `${base} (${counter})`;
}

function findSegment(state: StoreState, id: string): SegmentRecord | undefined {
  const numeric = parseGid(id, "Segment");
  return numeric === null ? undefined : sideStore(state).segments.get(numeric);
}

const missingSegment = () => [userError(["id"], "Segment does not exist")];

export const segmentMutations = {
  segmentCreate(_parent: unknown, args: { name: string; query: string }, context: ServerContext) {
    const errors: UserErrorResult[] = [];
    checkName(args.name, errors);
    checkQueryText(args.query, errors);
    // Shopify checks presence and length first and reads the grammar only when those pass.
    if (errors.length === 0) errors.push(...grammarErrors(args.query));
    if (errors.length > 0) return { segment: null, userErrors: errors };
    const { state } = context;
    const segments = sideStore(state).segments;
    if (segments.size >= MAX_SEGMENTS) {
      return {
        segment: null,
        userErrors: [userError(null, "Segment limit reached. Delete an existing segment to create more.")],
      };
    }
    const now = nowIso(context);
    const segment: SegmentRecord = {
      __typename: "Segment",
      id: state.nextId("Segment"),
      name: availableName(state, args.name),
      query: args.query,
      creationDate: now,
      lastEditDate: now,
    };
    segments.set(segment.id, segment);
    return { segment, userErrors: [] };
  },

  segmentUpdate(
    _parent: unknown,
    args: { id: string; name?: string | null; query?: string | null },
    context: ServerContext,
  ) {
    const segment = findSegment(context.state, args.id);
    if (!segment) return { segment: null, userErrors: missingSegment() };
    const errors: UserErrorResult[] = [];
    if (typeof args.name === "string") checkName(args.name, errors);
    if (typeof args.query === "string") checkQueryText(args.query, errors);
    // As on create: a bad name hides grammar problems; blank or overlong queries still show.
    if (errors.length === 0 && typeof args.query === "string") errors.push(...grammarErrors(args.query));
    if (errors.length > 0) return { segment: null, userErrors: errors };
    if (typeof args.name === "string") segment.name = availableName(context.state, args.name, segment);
    if (typeof args.query === "string") segment.query = args.query;
    segment.lastEditDate = nowIso(context);
    return { segment, userErrors: [] };
  },

  segmentDelete(_parent: unknown, args: { id: string }, context: ServerContext) {
    const segment = findSegment(context.state, args.id);
    if (!segment) return { deletedSegmentId: null, userErrors: missingSegment() };
    sideStore(context.state).segments.delete(segment.id);
    return { deletedSegmentId: gid("Segment", segment.id), userErrors: [] };
  },
};

// ---- members ---------------------------------------------------------------------------------

interface Member {
  customer: StoreCustomer;
  stats: CustomerStatistics;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day an instant falls on in `timeZone`. */
export function localDay(iso: string | Date, timeZone: string): Day {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    dayFormatters.set(timeZone, formatter);
  }
  const [year, month, day] = formatter.format(new Date(iso)).split("-").map(Number) as [
    number,
    number,
    number,
  ];
  return dayOf(year, month, day);
}

function factsFor(state: StoreState, member: Member, timeZone: string): CustomerFacts {
  const { customer, stats } = member;
  const productTags = new Set<string>();
  for (const id of stats.purchasedProductIds) {
    for (const tag of state.productsById.get(id)?.tags ?? []) productTags.add(tag.trim().toLowerCase());
  }
  const day = (iso: string | null) => (iso === null ? null : localDay(iso, timeZone));
  return {
    numberOfOrders: stats.numberOfOrders,
    amountSpent: stats.amountSpent,
    firstOrderDay: day(stats.firstOrderAt),
    lastOrderDay: day(stats.lastOrderAt),
    abandonedCheckoutDay: day(stats.lastAbandonedCheckoutAt),
    addedDay: localDay(customer.createdAt, timeZone),
    tags: customer.tags,
    purchasedProductIds: stats.purchasedProductIds,
    purchasedProductTags: productTags,
    emailDomain: customer.email.split("@")[1] ?? "",
    // The store records no marketing consent or customer accounts.
    emailSubscriptionStatus: "NOT_SUBSCRIBED",
    accountStatus: "DISABLED",
  };
}

function checkedTimeZone(timeZone: string | null | undefined): string {
  const zone = timeZone ?? "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new GraphQLError(`Invalid timezone: ${zone}`, { extensions: { code: "BAD_REQUEST" } });
  }
  return zone;
}

/** Parses a query for evaluation; problems become top-level errors, as the members query has no userErrors. */
function expressionFor(query: string): SegmentExpression {
  const parsed = parseSegmentQuery(query);
  if (!parsed.ok) {
    throw new GraphQLError(parsed.errors.map(formatSegmentError).join(" "), {
      extensions: { code: "INVALID" },
    });
  }
  const unsupported = unsupportedFilters(parsed.expression);
  if (unsupported.length > 0) {
    throw localUnsupported(`the segment filters ${[...new Set(unsupported)].join(", ")}`);
  }
  return parsed.expression;
}

/** The customers a segment query selects, in customer id order. */
export function segmentMembers(context: ServerContext, query: string, timeZone = "UTC"): Member[] {
  const { state } = context;
  const expression = expressionFor(query);
  const today = localDay(context.now(), timeZone);
  const statistics = allCustomerStatistics(state);
  const members: Member[] = [];
  for (const customer of [...state.data.customers].sort((left, right) => left.id - right.id)) {
    const stats = statistics.get(customer.id);
    if (!stats) continue;
    const member = { customer, stats };
    if (matchesSegment(expression, factsFor(state, member, timeZone), today)) members.push(member);
  }
  return members;
}

type SortValue = string | bigint | number | null;

const SORT_KEYS: Record<string, (member: Member) => SortValue> = {
  created_at: (member) => member.customer.createdAt,
  first_order_date: (member) => member.stats.firstOrderAt,
  last_order_date: (member) => member.stats.lastOrderAt,
  last_abandoned_order_date: (member) => member.stats.lastAbandonedCheckoutAt,
  number_of_orders: (member) => member.stats.numberOfOrders,
  amount_spent: (member) => member.stats.amountSpent,
};

function sortMembers(members: Member[], sortKey: string | null | undefined): Member[] {
  if (!sortKey) return members;
  const valueOf = SORT_KEYS[sortKey];
  if (!valueOf) {
    throw new GraphQLError(`Invalid sort key: ${sortKey}`, { extensions: { code: "BAD_REQUEST" } });
  }
  // Customers without a value (no orders yet) come last; ties keep customer id order.
  return [...members].sort((left, right) => {
    const a = valueOf(left);
    const b = valueOf(right);
    if (a === b) return left.customer.id - right.customer.id;
    if (a === null) return 1;
    if (b === null) return -1;
    return a < b ? -1 : 1;
  });
}

interface MembersArgs extends ConnectionArgs {
  query?: string | null;
  segmentId?: string | null;
  queryId?: string | null;
  sortKey?: string | null;
  timezone?: string | null;
}

function customerSegmentMembers(_parent: unknown, args: MembersArgs, context: ServerContext) {
  if (args.queryId) throw localUnsupported("customerSegmentMembers(queryId:)");
  const sources = [args.query, args.segmentId].filter((source) => source !== null && source !== undefined);
  if (sources.length !== 1) {
    throw new GraphQLError("Provide exactly one of query, segmentId or queryId.", {
      extensions: { code: "BAD_REQUEST" },
    });
  }
  let query = args.query;
  if (args.segmentId) {
    const segment = findSegment(context.state, args.segmentId);
    if (!segment) throw new GraphQLError("Invalid segment ID.", { extensions: { code: "INVALID" } });
    query = segment.query;
  }
  const members = sortMembers(
    segmentMembers(context, query ?? "", checkedTimeZone(args.timezone)),
    args.sortKey,
  );
  return {
    ...connection(members, args, (member) => String(member.customer.id), 1000),
    totalCount: members.length,
    statistics: { members },
  };
}

// ---- queries and types -----------------------------------------------------------------------

const SEGMENT_ORDER: Record<string, (segment: SegmentRecord) => string | number> = {
  CREATION_DATE: (segment) => segment.creationDate,
  RELEVANCE: (segment) => segment.creationDate,
  LAST_EDIT_DATE: (segment) => segment.lastEditDate,
  ID: (segment) => segment.id,
};

export const segmentQueries = {
  segment(_parent: unknown, args: { id: string }, context: ServerContext) {
    return findSegment(context.state, args.id) ?? null;
  },
  segments(
    _parent: unknown,
    args: ConnectionArgs & { query?: string | null; sortKey?: string | null },
    context: ServerContext,
  ) {
    if (args.query) throw localUnsupported("segments(query:)");
    const order = SEGMENT_ORDER[args.sortKey ?? "CREATION_DATE"] ?? ((segment: SegmentRecord) => segment.id);
    const segments = [...sideStore(context.state).segments.values()].sort((left, right) => {
      const a = order(left);
      const b = order(right);
      return a === b ? left.id - right.id : a < b ? -1 : 1;
    });
    return connection(segments, args, (segment) => String(segment.id));
  },
  segmentsCount(_parent: unknown, args: { limit?: number | null }, context: ServerContext) {
    const count = sideStore(context.state).segments.size;
    const limit = args.limit ?? 10000;
    return { count: Math.min(count, limit), precision: count > limit ? "AT_LEAST" : "EXACT" };
  },
  customerSegmentMembers,
};

const scaledNumber = (value: bigint) => Number(formatDecimal(value));

export const segmentTypeResolvers = {
  Segment: { id: (segment: SegmentRecord) => gid("Segment", segment.id) },
  SegmentStatistics: {
    attributeStatistics(parent: { members: Member[] }, args: { attributeName: string }) {
      const read: Record<string, (member: Member) => bigint> = {
        amount_spent: (member) => member.stats.amountSpent,
        number_of_orders: (member) => BigInt(member.stats.numberOfOrders) * 10n ** BigInt(SCALE),
      };
      const valueOf = read[args.attributeName];
      if (!valueOf) throw localUnsupported(`statistics for the attribute ${args.attributeName}`);
      const sum = parent.members.reduce((total, member) => total + valueOf(member), 0n);
      const count = parent.members.length;
      return { sum: scaledNumber(sum), average: count === 0 ? 0 : scaledNumber(sum) / count };
    },
  },
  CustomerSegmentMember: {
    id: (member: Member) => gid("CustomerSegmentMember", member.customer.id),
    firstName: (member: Member) => member.customer.firstName,
    lastName: (member: Member) => member.customer.lastName,
    displayName: (member: Member) =>
      `${member.customer.firstName} ${member.customer.lastName}`.trim() || member.customer.email,
    defaultEmailAddress: (member: Member, _args: unknown, context: ServerContext) => {
      const email = member.customer.email;
      if (!email) return null;
      const base = `https://${context.state.data.shop.myshopifyDomain}`;
      return {
        emailAddress: email,
        marketingState: "NOT_SUBSCRIBED",
        marketingOptInLevel: null,
        marketingUpdatedAt: null,
        marketingUnsubscribeUrl: `${base}/unsubscribe?customer=${member.customer.id}`,
        openTrackingLevel: "UNKNOWN",
        openTrackingUrl: `${base}/email_tracking?customer=${member.customer.id}`,
        validFormat: /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email),
        sourceLocation: null,
      };
    },
    defaultAddress: () => null,
    defaultPhoneNumber: () => null,
    note: () => null,
    lastOrderId: (member: Member) =>
      member.stats.lastOrderId === null ? null : gid("Order", member.stats.lastOrderId),
    numberOfOrders: (member: Member) => String(member.stats.numberOfOrders),
    amountSpent: (member: Member, _args: unknown, context: ServerContext) =>
      moneyV2(context.state, member.stats.amountSpent),
    mergeable: () => ({ errorFields: [], isMergeable: true, mergeInProgress: null, reason: null }),
    metafield: () => null,
    metafields: () => emptyConnection(),
  },
};

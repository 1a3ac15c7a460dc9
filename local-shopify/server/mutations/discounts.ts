import type { StoreState } from "../../store/state";
import { gid, parseGid } from "../../store/state";
import type { ServerContext } from "../context";
import {
  assertInputArraySize,
  connection,
  emptyConnection,
  formatFixed,
  gidTail,
  isoSeconds,
  localUnsupported,
  moneyV2,
  nowIso,
  parseDateTime,
  restTime,
  splitTags,
  toScaled,
  userError,
  type ConnectionArgs,
  type UserErrorResult,
} from "./common";
import { sideStore, type DiscountBuyers, type DiscountRecord } from "./side-store";

// ---- inputs ----------------------------------------------------------------------------------

interface IdListInput {
  add?: string[] | null;
  remove?: string[] | null;
}

interface DiscountItemsInput {
  all?: boolean | null;
  products?: {
    productsToAdd?: string[] | null;
    productVariantsToAdd?: string[] | null;
    productsToRemove?: string[] | null;
    productVariantsToRemove?: string[] | null;
  } | null;
  collections?: IdListInput | null;
}

interface CustomerGetsInput {
  value?: {
    percentage?: number | null;
    discountAmount?: { amount?: unknown; appliesOnEachItem?: boolean | null } | null;
    discountOnQuantity?: unknown;
  } | null;
  items?: DiscountItemsInput | null;
  appliesOnOneTimePurchase?: boolean | null;
  appliesOnSubscription?: boolean | null;
}

interface BuyersInput {
  all?: string | boolean | null;
  customerSegments?: IdListInput | null;
  customers?: IdListInput | null;
  markets?: IdListInput | null;
}

interface BasicDiscountInput {
  title?: string | null;
  startsAt?: string | null;
  endsAt?: string | null;
  customerGets?: CustomerGetsInput | null;
  context?: BuyersInput | null;
  minimumRequirement?: {
    quantity?: { greaterThanOrEqualToQuantity?: string | null } | null;
    subtotal?: { greaterThanOrEqualToSubtotal?: unknown } | null;
  } | null;
  combinesWith?: {
    orderDiscounts?: boolean | null;
    productDiscounts?: boolean | null;
    shippingDiscounts?: boolean | null;
    productDiscountsWithTagsOnSameCartLine?: unknown;
  } | null;
  tags?: string[] | null;
  recurringCycleLimit?: number | null;
  // code discounts only
  code?: string | null;
  appliesOncePerCustomer?: boolean | null;
  usageLimit?: number | null;
  customerSelection?: BuyersInput | null;
}

type DiscountKind = "automatic" | "code";

// ---- lookups and views -----------------------------------------------------------------------

export const discountNodeGid = (record: DiscountRecord): string =>
  gid(
    record.__typename === "DiscountAutomaticBasic" ? "DiscountAutomaticNode" : "DiscountCodeNode",
    record.id,
  );

/**
 * The discount a GID names: a DiscountAutomaticNode or DiscountCodeNode GID, or a DiscountNode GID,
 * which has no id space of its own here and so matches either kind.
 */
export function findDiscount(state: StoreState, id: string): DiscountRecord | undefined {
  const { discounts } = sideStore(state);
  const numeric = parseGid(id, "DiscountNode");
  if (numeric === null) return discounts.get(id);
  return (
    discounts.get(gid("DiscountAutomaticNode", numeric)) ?? discounts.get(gid("DiscountCodeNode", numeric))
  );
}

/** What a node field returns: the record wrapped with the node type it is shown as. */
export interface DiscountNodeView {
  __typename: "DiscountAutomaticNode" | "DiscountCodeNode" | "DiscountNode";
  record: DiscountRecord;
}

export const discountNodeFor = (record: DiscountRecord, asType?: "DiscountNode"): DiscountNodeView => ({
  __typename:
    asType ?? (record.__typename === "DiscountAutomaticBasic" ? "DiscountAutomaticNode" : "DiscountCodeNode"),
  record,
});

export function discountStatus(record: DiscountRecord, now: Date): "ACTIVE" | "EXPIRED" | "SCHEDULED" {
  if (record.endsAt !== null && Date.parse(record.endsAt) <= now.getTime()) return "EXPIRED";
  if (Date.parse(record.startsAt) > now.getTime()) return "SCHEDULED";
  return "ACTIVE";
}

/** The discounts/create and discounts/update webhook body. */
export function restDiscount(context: ServerContext, record: DiscountRecord): Record<string, unknown> {
  const zone = context.state.data.shop.ianaTimezone;
  return {
    admin_graphql_api_id: discountNodeGid(record),
    title: record.title,
    status: discountStatus(record, context.now()),
    created_at: restTime(record.createdAt, zone),
    updated_at: restTime(record.updatedAt, zone),
  };
}

// ---- validation ------------------------------------------------------------------------------

/** Resolves GIDs of one type to existing numeric ids, reporting each unknown one. */
function knownIds(
  ids: readonly string[] | null | undefined,
  type: string,
  exists: (id: number) => boolean,
  field: string[],
  label: string,
  errors: UserErrorResult[],
): number[] {
  assertInputArraySize(ids);
  const found: number[] = [];
  for (const id of ids ?? []) {
    const numeric = parseGid(id, type);
    if (numeric !== null && exists(numeric)) found.push(numeric);
    else errors.push(userError(field, `${label} with id: ${gidTail(id) ?? id} is invalid`, "INVALID"));
  }
  return found;
}

function checkBuyers(
  state: StoreState,
  buyers: BuyersInput,
  field: string[],
  errors: UserErrorResult[],
): DiscountBuyers {
  const chosen = (["all", "customerSegments", "customers", "markets"] as const).filter(
    (key) => buyers[key] !== null && buyers[key] !== undefined && buyers[key] !== false,
  );
  if (chosen.length !== 1) {
    errors.push(
      userError(field, "Specify exactly one of all, customerSegments, customers or markets.", "INVALID"),
    );
    return { type: "all" };
  }
  if (buyers.markets) throw localUnsupported("market-based discount eligibility");
  if (buyers.customerSegments) {
    const segments = sideStore(state).segments;
    const segmentIds = knownIds(
      buyers.customerSegments.add,
      "Segment",
      (id) => segments.has(id),
      [...field, "customerSegments", "add"],
      "Customer segment",
      errors,
    );
    return { type: "segments", segmentIds };
  }
  if (buyers.customers) {
    const customerIds = knownIds(
      buyers.customers.add,
      "Customer",
      (id) => state.customersById.has(id),
      [...field, "customers", "add"],
      "Customer",
      errors,
    );
    return { type: "customers", customerIds };
  }
  return { type: "all" };
}

function checkCustomerGets(
  state: StoreState,
  gets: CustomerGetsInput | null | undefined,
  arg: string,
  errors: UserErrorResult[],
): Pick<DiscountRecord, "value" | "items" | "appliesOnOneTimePurchase" | "appliesOnSubscription"> | null {
  const field = (...rest: string[]) => [arg, "customerGets", ...rest];
  if (!gets) {
    errors.push(userError(field(), "Customer gets can't be blank", "BLANK"));
    return null;
  }
  if (gets.appliesOnSubscription) throw localUnsupported("subscription discounts");
  const value = gets.value ?? {};
  const valueKinds = (["percentage", "discountAmount", "discountOnQuantity"] as const).filter(
    (key) => value[key] !== null && value[key] !== undefined,
  );
  let result: DiscountRecord["value"] | null = null;
  if (valueKinds.length !== 1) {
    errors.push(userError(field("value"), "Specify exactly one of percentage or discountAmount.", "INVALID"));
  } else if (value.discountOnQuantity) {
    errors.push(
      userError(
        field("value", "discountOnQuantity"),
        "Discount on quantity is only available for Buy X Get Y discounts.",
        "INVALID",
      ),
    );
  } else if (typeof value.percentage === "number") {
    if (value.percentage < 0 || value.percentage > 1) {
      errors.push(
        userError(field("value", "percentage"), "Value must be between 0.0 and 1.0", "VALUE_OUTSIDE_RANGE"),
      );
    } else result = { type: "percentage", percentage: value.percentage };
  } else if (value.discountAmount) {
    const amount = toScaled(value.discountAmount.amount);
    const amountField = field("value", "discountAmount", "amount");
    if (amount === null) {
      errors.push(userError(amountField, "Amount is not a number", "INVALID"));
    } else if (amount <= 0n) {
      errors.push(userError(amountField, "Amount must be greater than 0", "GREATER_THAN"));
    } else {
      result = { type: "amount", amount, appliesOnEachItem: value.discountAmount.appliesOnEachItem ?? false };
    }
  }

  const itemsInput = gets.items ?? {};
  const products = itemsInput.products;
  const productIds = knownIds(
    products?.productsToAdd,
    "Product",
    (id) => state.productsById.has(id),
    field("items", "products", "productsToAdd"),
    "Product",
    errors,
  );
  const variantIds = knownIds(
    products?.productVariantsToAdd,
    "ProductVariant",
    (id) => state.variantsById.has(id),
    field("items", "products", "productVariantsToAdd"),
    "Product variant",
    errors,
  );
  // The store has no collections, so every collection id is unknown.
  knownIds(
    itemsInput.collections?.add,
    "Collection",
    () => false,
    field("items", "collections", "add"),
    "Collection",
    errors,
  );
  const namesProducts =
    (products?.productsToAdd?.length ?? 0) + (products?.productVariantsToAdd?.length ?? 0) > 0;
  const namesCollections = (itemsInput.collections?.add?.length ?? 0) > 0;
  let items: DiscountRecord["items"] | null = null;
  if (namesProducts && namesCollections) {
    errors.push(
      userError(
        field("items", "collections", "add"),
        "Cannot entitle collections in combination with product variants or products",
        "CONFLICT",
      ),
    );
  } else if (itemsInput.all && (namesProducts || namesCollections)) {
    errors.push(
      userError(field("items"), "Cannot entitle all items in combination with specific items.", "CONFLICT"),
    );
  } else if (itemsInput.all) {
    items = { type: "all" };
  } else if (namesProducts) {
    items = { type: "products", productIds, variantIds };
  } else if (!namesCollections) {
    errors.push(
      userError(
        field("items"),
        "Items must include all items, products, variants or collections.",
        "APPLIES_ON_NOTHING",
      ),
    );
  }
  if (!result || !items) return null;
  return {
    value: result,
    items,
    appliesOnOneTimePurchase: gets.appliesOnOneTimePurchase ?? true,
    appliesOnSubscription: false,
  };
}

function checkMinimum(
  input: BasicDiscountInput["minimumRequirement"],
  arg: string,
  errors: UserErrorResult[],
): DiscountRecord["minimum"] {
  if (!input) return null;
  const subtotal = input.subtotal?.greaterThanOrEqualToSubtotal;
  const quantity = input.quantity?.greaterThanOrEqualToQuantity;
  const subtotalField = [arg, "minimumRequirement", "subtotal", "greaterThanOrEqualToSubtotal"];
  const quantityField = [arg, "minimumRequirement", "quantity", "greaterThanOrEqualToQuantity"];
  if (subtotal != null && quantity != null) {
    errors.push(
      userError(subtotalField, "Minimum subtotal cannot be defined when minimum quantity is.", "CONFLICT"),
      userError(quantityField, "Minimum quantity cannot be defined when minimum subtotal is.", "CONFLICT"),
    );
    return null;
  }
  if (subtotal != null) {
    const amount = toScaled(subtotal);
    if (amount === null || amount <= 0n) {
      errors.push(userError(subtotalField, "Minimum subtotal must be greater than 0", "GREATER_THAN"));
      return null;
    }
    return { type: "subtotal", amount };
  }
  if (quantity != null) {
    if (!/^\d+$/.test(quantity) || BigInt(quantity) === 0n) {
      errors.push(userError(quantityField, "Minimum quantity must be greater than 0", "GREATER_THAN"));
      return null;
    }
    return { type: "quantity", quantity: String(BigInt(quantity)) };
  }
  return null;
}

/** Checks a create input; returns the new record's fields, or null with the reasons in `errors`. */
function checkDiscountInput(
  context: ServerContext,
  input: BasicDiscountInput,
  kind: DiscountKind,
  arg: string,
  errors: UserErrorResult[],
): Omit<DiscountRecord, "__typename" | "id" | "createdAt" | "updatedAt"> | null {
  const { state } = context;
  const title = input.title?.trim() ?? "";
  if (title === "") errors.push(userError([arg, "title"], "Title can't be blank", "BLANK"));
  else if (title.length > 255) {
    errors.push(userError([arg, "title"], "Title is too long (maximum is 255 characters)", "TOO_LONG"));
  }

  const startsAt = input.startsAt == null ? null : parseDateTime(input.startsAt);
  if (input.startsAt == null) errors.push(userError([arg, "startsAt"], "Starts at can't be blank", "BLANK"));
  else if (!startsAt) errors.push(userError([arg, "startsAt"], "Starts at is invalid", "INVALID"));
  const endsAt = input.endsAt == null ? null : parseDateTime(input.endsAt);
  if (input.endsAt != null && !endsAt) {
    errors.push(userError([arg, "endsAt"], "Ends at is invalid", "INVALID"));
  } else if (startsAt && endsAt && endsAt.getTime() <= startsAt.getTime()) {
    errors.push(userError([arg, "endsAt"], "Ends at needs to be after starts_at", "INVALID"));
  }

  let code: string | null = null;
  if (kind === "code") {
    code = input.code?.trim() ?? "";
    const wanted = code.toLowerCase();
    if (code === "") errors.push(userError([arg, "code"], "Code can't be blank", "BLANK"));
    else if (code.length > 255) {
      errors.push(userError([arg, "code"], "Code is too long (maximum is 255 characters)", "TOO_LONG"));
    } else if (
      [...sideStore(state).discounts.values()].some((other) => other.code?.toLowerCase() === wanted)
    ) {
      // Codes are unique per shop regardless of case, and expired discounts still hold theirs.
      errors.push(userError([arg, "code"], "Code must be unique. Please try a different code.", "TAKEN"));
    }
  }

  const gets = checkCustomerGets(state, input.customerGets, arg, errors);
  if (input.context && input.customerSelection) {
    errors.push(
      userError([arg], "Only one of context or customerSelection can be used.", "TOO_MANY_ARGUMENTS"),
    );
  }
  const buyers = input.context
    ? checkBuyers(state, input.context, [arg, "context"], errors)
    : input.customerSelection
      ? checkBuyers(state, input.customerSelection, [arg, "customerSelection"], errors)
      : ({ type: "all" } as const);
  const minimum = checkMinimum(input.minimumRequirement, arg, errors);
  if (input.combinesWith?.productDiscountsWithTagsOnSameCartLine) {
    throw localUnsupported("combinesWith.productDiscountsWithTagsOnSameCartLine");
  }
  assertInputArraySize(input.tags);
  if (input.usageLimit != null && input.usageLimit <= 0) {
    errors.push(userError([arg, "usageLimit"], "Usage limit must be greater than 0", "GREATER_THAN"));
  }

  if (errors.length > 0 || !gets || !startsAt) return null;
  return {
    title,
    code,
    startsAt: isoSeconds(startsAt),
    endsAt: endsAt ? isoSeconds(endsAt) : null,
    ...gets,
    buyers,
    minimum,
    combinesWith: {
      orderDiscounts: input.combinesWith?.orderDiscounts ?? false,
      productDiscounts: input.combinesWith?.productDiscounts ?? false,
      shippingDiscounts: input.combinesWith?.shippingDiscounts ?? false,
    },
    tags: splitTags(input.tags ?? []),
    appliesOncePerCustomer: input.appliesOncePerCustomer ?? false,
    usageLimit: input.usageLimit ?? null,
    recurringCycleLimit: input.recurringCycleLimit ?? 0,
  };
}

// ---- mutations -------------------------------------------------------------------------------

function createDiscount(context: ServerContext, input: BasicDiscountInput, kind: DiscountKind, arg: string) {
  const errors: UserErrorResult[] = [];
  const fields = checkDiscountInput(context, input, kind, arg, errors);
  if (!fields) return { record: null, errors };
  const now = nowIso(context);
  const record: DiscountRecord = {
    __typename: kind === "automatic" ? "DiscountAutomaticBasic" : "DiscountCodeBasic",
    id: context.state.nextId(kind === "automatic" ? "DiscountAutomaticNode" : "DiscountCodeNode"),
    createdAt: now,
    updatedAt: now,
    ...fields,
  };
  sideStore(context.state).discounts.set(discountNodeGid(record), record);
  context.emitWebhook({ topic: "discounts/create", payload: restDiscount(context, record) });
  return { record, errors };
}

function findOwn(context: ServerContext, id: string, kind: DiscountKind): DiscountRecord | undefined {
  const record = sideStore(context.state).discounts.get(id);
  const wanted = kind === "automatic" ? "DiscountAutomaticBasic" : "DiscountCodeBasic";
  return record?.__typename === wanted ? record : undefined;
}

/** DiscountUserError has an extraInfo field, which these errors never fill. */
const discountErrors = (errors: UserErrorResult[]) => errors.map((error) => ({ ...error, extraInfo: null }));

const missingDiscount = () => discountErrors([userError(["id"], "Discount does not exist", null)]);

/** Deactivating ends the discount now; an already ended one keeps its end date. */
function deactivate(context: ServerContext, id: string, kind: DiscountKind): DiscountRecord | undefined {
  const record = findOwn(context, id, kind);
  if (!record) return undefined;
  if (discountStatus(record, context.now()) !== "EXPIRED") {
    const now = nowIso(context);
    record.endsAt = now;
    record.updatedAt = now;
    context.emitWebhook({ topic: "discounts/update", payload: restDiscount(context, record) });
  }
  return record;
}

function remove(context: ServerContext, id: string, kind: DiscountKind): string | null {
  const record = findOwn(context, id, kind);
  if (!record) return null;
  const nodeId = discountNodeGid(record);
  sideStore(context.state).discounts.delete(nodeId);
  context.emitWebhook({
    topic: "discounts/delete",
    payload: {
      admin_graphql_api_id: nodeId,
      deleted_at: restTime(nowIso(context), context.state.data.shop.ianaTimezone),
    },
  });
  return nodeId;
}

export const discountMutations = {
  discountAutomaticBasicCreate(
    _parent: unknown,
    args: { automaticBasicDiscount: BasicDiscountInput },
    context: ServerContext,
  ) {
    const { record, errors } = createDiscount(
      context,
      args.automaticBasicDiscount,
      "automatic",
      "automaticBasicDiscount",
    );
    return { automaticDiscountNode: record && discountNodeFor(record), userErrors: discountErrors(errors) };
  },
  discountCodeBasicCreate(
    _parent: unknown,
    args: { basicCodeDiscount: BasicDiscountInput },
    context: ServerContext,
  ) {
    const { record, errors } = createDiscount(context, args.basicCodeDiscount, "code", "basicCodeDiscount");
    return { codeDiscountNode: record && discountNodeFor(record), userErrors: discountErrors(errors) };
  },
  discountAutomaticDeactivate(_parent: unknown, args: { id: string }, context: ServerContext) {
    const record = deactivate(context, args.id, "automatic");
    return record
      ? { automaticDiscountNode: discountNodeFor(record), userErrors: [] }
      : { automaticDiscountNode: null, userErrors: missingDiscount() };
  },
  discountCodeDeactivate(_parent: unknown, args: { id: string }, context: ServerContext) {
    const record = deactivate(context, args.id, "code");
    return record
      ? { codeDiscountNode: discountNodeFor(record), userErrors: [] }
      : { codeDiscountNode: null, userErrors: missingDiscount() };
  },
  discountAutomaticDelete(_parent: unknown, args: { id: string }, context: ServerContext) {
    const deleted = remove(context, args.id, "automatic");
    return { deletedAutomaticDiscountId: deleted, userErrors: deleted ? [] : missingDiscount() };
  },
  discountCodeDelete(_parent: unknown, args: { id: string }, context: ServerContext) {
    const deleted = remove(context, args.id, "code");
    return { deletedCodeDiscountId: deleted, userErrors: deleted ? [] : missingDiscount() };
  },
};

// ---- queries ---------------------------------------------------------------------------------

export const discountQueries = {
  discountNode(_parent: unknown, args: { id: string }, context: ServerContext) {
    const record = findDiscount(context.state, args.id);
    return record ? discountNodeFor(record, "DiscountNode") : null;
  },
  automaticDiscountNode(_parent: unknown, args: { id: string }, context: ServerContext) {
    const record = findOwn(context, args.id, "automatic");
    return record ? discountNodeFor(record) : null;
  },
  codeDiscountNode(_parent: unknown, args: { id: string }, context: ServerContext) {
    const record = findOwn(context, args.id, "code");
    return record ? discountNodeFor(record) : null;
  },
  codeDiscountNodeByCode(_parent: unknown, args: { code: string }, context: ServerContext) {
    const wanted = args.code.trim().toLowerCase();
    const record = [...sideStore(context.state).discounts.values()].find(
      (other) => other.code?.toLowerCase() === wanted,
    );
    return record ? discountNodeFor(record) : null;
  },
};

// ---- type resolvers --------------------------------------------------------------------------

const nodeFields = {
  id: (view: DiscountNodeView) => discountNodeGid(view.record),
  events: () => emptyConnection(),
  metafield: () => null,
  metafields: () => emptyConnection(),
  metafieldDefinitions: () => emptyConnection(),
};

const percentText = (percentage: number) => `${Number((percentage * 100).toFixed(2))}%`;

function summaryParts(record: DiscountRecord, state: StoreState): { short: string; full: string } {
  const currency = state.data.shop.currencyCode;
  const amount =
    record.value.type === "percentage"
      ? percentText(record.value.percentage)
      : `${formatFixed(record.value.amount, 2)} ${currency}`;
  const count =
    record.items.type === "products" ? record.items.productIds.length + record.items.variantIds.length : 0;
  const target =
    record.items.type === "all" ? "entire order" : `${count} ${count === 1 ? "product" : "products"}`;
  const short = `${amount} off ${target}`;
  const minimum =
    record.minimum?.type === "subtotal"
      ? ` • Minimum purchase of ${formatFixed(record.minimum.amount, 2)} ${currency}`
      : record.minimum?.type === "quantity"
        ? ` • Minimum quantity of ${record.minimum.quantity}`
        : "";
  return { short, full: `${short}${minimum}` };
}

function buyersView(record: DiscountRecord, state: StoreState, legacy: boolean) {
  const { buyers } = record;
  if (buyers.type === "segments") {
    const segments = sideStore(state).segments;
    return {
      __typename: "DiscountCustomerSegments",
      segments: buyers.segmentIds.flatMap((id) => segments.get(id) ?? []),
    };
  }
  if (buyers.type === "customers") {
    return {
      __typename: "DiscountCustomers",
      customers: buyers.customerIds.flatMap((id) => state.customersById.get(id) ?? []),
    };
  }
  return legacy
    ? { __typename: "DiscountCustomerAll", allCustomers: true }
    : { __typename: "DiscountBuyerSelectionAll", all: "ALL" };
}

const discountClass = (record: DiscountRecord) => (record.items.type === "all" ? "ORDER" : "PRODUCT");

const basicFields = {
  status: (record: DiscountRecord, _args: unknown, context: ServerContext) =>
    discountStatus(record, context.now()),
  summary: (record: DiscountRecord, _args: unknown, context: ServerContext) =>
    summaryParts(record, context.state).full,
  shortSummary: (record: DiscountRecord, _args: unknown, context: ServerContext) =>
    summaryParts(record, context.state).short,
  customerGets: (record: DiscountRecord, _args: unknown, context: ServerContext) => ({
    appliesOnOneTimePurchase: record.appliesOnOneTimePurchase,
    appliesOnSubscription: record.appliesOnSubscription,
    value:
      record.value.type === "percentage"
        ? { __typename: "DiscountPercentage", percentage: record.value.percentage }
        : {
            __typename: "DiscountAmount",
            amount: moneyV2(context.state, record.value.amount),
            appliesOnEachItem: record.value.appliesOnEachItem,
          },
    items:
      record.items.type === "all"
        ? { __typename: "AllDiscountItems", allItems: true }
        : { __typename: "DiscountProducts", ...record.items },
  }),
  context: (record: DiscountRecord, _args: unknown, context: ServerContext) =>
    buyersView(record, context.state, false),
  minimumRequirement: (record: DiscountRecord, _args: unknown, context: ServerContext) => {
    if (record.minimum?.type === "subtotal") {
      return {
        __typename: "DiscountMinimumSubtotal",
        greaterThanOrEqualToSubtotal: moneyV2(context.state, record.minimum.amount),
      };
    }
    if (record.minimum?.type === "quantity") {
      return { __typename: "DiscountMinimumQuantity", greaterThanOrEqualToQuantity: record.minimum.quantity };
    }
    return null;
  },
  combinesWith: (record: DiscountRecord) => ({
    ...record.combinesWith,
    productDiscountsWithTagsOnSameCartLine: null,
  }),
  discountClass,
  discountClasses: (record: DiscountRecord) => [discountClass(record)],
  asyncUsageCount: () => 0,
};

export const discountTypeResolvers = {
  DiscountAutomaticNode: { ...nodeFields, automaticDiscount: (view: DiscountNodeView) => view.record },
  DiscountCodeNode: { ...nodeFields, codeDiscount: (view: DiscountNodeView) => view.record },
  DiscountNode: { ...nodeFields, discount: (view: DiscountNodeView) => view.record },
  DiscountAutomaticBasic: { ...basicFields, usageCount: () => 0 },
  DiscountCodeBasic: {
    ...basicFields,
    customerSelection: (record: DiscountRecord, _args: unknown, context: ServerContext) =>
      buyersView(record, context.state, true),
    codes: (record: DiscountRecord, args: ConnectionArgs) =>
      connection(
        [
          {
            id: gid("DiscountRedeemCode", record.id),
            code: record.code,
            asyncUsageCount: 0,
            createdBy: null,
          },
        ],
        args,
        (code) => code.id,
      ),
    codesCount: () => ({ count: 1, precision: "EXACT" }),
    hasTimelineComment: () => false,
    shareableUrls: () => [],
    totalSales: () => null,
  },
  DiscountProducts: {
    products: (items: { productIds: number[] }, args: ConnectionArgs, context: ServerContext) =>
      connection(
        items.productIds.flatMap((id) => context.state.productsById.get(id) ?? []),
        args,
        (product) => String(product.id),
      ),
    productVariants: (items: { variantIds: number[] }, args: ConnectionArgs, context: ServerContext) =>
      connection(
        items.variantIds.flatMap((id) => context.state.variantsById.get(id) ?? []),
        args,
        (variant) => String(variant.id),
      ),
  },
};

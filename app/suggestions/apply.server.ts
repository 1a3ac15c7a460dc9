import type { Suggestion } from "@prisma/client";
import { dayNumber, dayString } from "../analysis/format";
import type { Db } from "../db-client.server";
import type { ShopifyClient } from "../shopify/client.server";
import { ShopifyApiError, ShopifyUncertainWriteError } from "../shopify/errors";
import {
  SHOP_BUNDLES_ELIGIBILITY_QUERY,
  SUGGESTION_ANNOTATION_MUTATION,
  SUGGESTION_AUTOMATIC_DEACTIVATE_MUTATION,
  SUGGESTION_BUNDLE_CREATE_MUTATION,
  SUGGESTION_BUNDLE_OPERATION_QUERY,
  SUGGESTION_BUNDLE_OPTIONS_QUERY,
  SUGGESTION_AUTOMATIC_DISCOUNT_MUTATION,
  SUGGESTION_CODE_DEACTIVATE_MUTATION,
  SUGGESTION_CODE_DISCOUNT_MUTATION,
  SUGGESTION_CODE_LOOKUP_QUERY,
  SUGGESTION_DISCOUNT_STATUS_QUERY,
  SUGGESTION_PRICES_MUTATION,
  SUGGESTION_PRODUCT_MUTATION,
  SUGGESTION_TAGS_ADD_MUTATION,
  SUGGESTION_TAGS_REMOVE_MUTATION,
  SUGGESTION_TARGETS_QUERY,
} from "../shopify/suggestion-documents";
import type { ProductStatus } from "../types/admin.types";
import { currencyExponent, dayInZone, startOfDayInZone, toMinorUnits } from "../sync/records";
import { freezeBaseline, type BaselineContext } from "./outcome.server";
import type { AssumedState, Proposal } from "./types";
import {
  assertMayApprove,
  findSuggestionRow,
  SuggestionConflict,
  transition,
  type Staff,
} from "./workflow.server";

/*
 * Applying and reverting suggestions in Shopify. Shopify has no idempotency key for these writes,
 * so exactly-once rests on the database: a compare-and-set moves the suggestion approved ->
 * applying before anything is sent, and only its winner writes. The winner re-reads the store
 * first (stale if it moved since the proposal), keeps that read as the before-state, writes, and
 * on an unconfirmed write re-reads instead of repeating. Decision record: 0008.
 */

/** The store's values of the items a suggestion touches, in AssumedState's shape. */
export type StoreValues = AssumedState;

export interface AppliedState {
  /** the values apply wrote: what revert expects to find */
  written: StoreValues;
  discount?: { id: string; type: "automatic" | "code" };
  /** the bundle product productBundleCreate made (revert archives it) */
  bundle?: { productId: string };
  annotationId?: string;
  annotationError?: string;
}

export interface Difference {
  item: string;
  field: string;
  expected: string | null;
  current: string | null;
}

/** Ids per nodes() query: Shopify's input array limit. */
const IDS_PER_READ = 250;

type TargetNode =
  | {
      __typename: "ProductVariant";
      id: string;
      price: string;
      compareAtPrice: string | null;
      product: { id: string };
    }
  | {
      __typename: "Product";
      id: string;
      status: string;
      tags: string[];
      seo: { title: string | null; description: string | null };
    }
  | { __typename: string }
  | null;

/** One query per 250 ids (a suggestion rarely has more): the variants' prices and the products' SEO, status, tags. */
export async function readStoreValues(
  client: ShopifyClient,
  ids: { variantIds: string[]; productIds: string[] },
  currencyCode: string,
): Promise<StoreValues> {
  const all = [...new Set([...ids.variantIds, ...ids.productIds])];
  const values: StoreValues = { variants: [], products: [] };
  for (let start = 0; start < all.length; start += IDS_PER_READ) {
    const { nodes } = (await client.query(SUGGESTION_TARGETS_QUERY, {
      ids: all.slice(start, start + IDS_PER_READ),
    })) as { nodes: TargetNode[] };
    for (const node of nodes) {
      if (node?.__typename === "ProductVariant" && "price" in node) {
        values.variants.push({
          variantId: node.id,
          productId: node.product.id,
          priceMinor: toMinorUnits(node.price, currencyCode),
          compareAtPriceMinor:
            node.compareAtPrice === null ? null : toMinorUnits(node.compareAtPrice, currencyCode),
        });
      } else if (node?.__typename === "Product" && "status" in node) {
        values.products.push({
          productId: node.id,
          seoTitle: node.seo.title,
          seoDescription: node.seo.description,
          status: node.status,
          tags: node.tags,
        });
      }
    }
  }
  return values;
}

const blank = (text: string | null | undefined) => (text ?? "").trim() || null;
const tagList = (tags: string[]) =>
  [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort().join(", ");

/**
 * Where `current` differs from `expected`, item by item. Items absent from the store are left to
 * the write, whose userErrors say so in Shopify's words.
 */
export function differences(expected: StoreValues, current: StoreValues, currencyCode: string): Difference[] {
  const money = (minor: number | null) =>
    minor === null
      ? null
      : (minor / 10 ** currencyExponent(currencyCode)).toFixed(currencyExponent(currencyCode));
  const found: Difference[] = [];
  const push = (item: string, field: string, a: string | null, b: string | null) => {
    if (a !== b) found.push({ item, field, expected: a, current: b });
  };
  for (const want of expected.variants) {
    const have = current.variants.find((variant) => variant.variantId === want.variantId);
    if (!have) continue;
    push(want.variantId, "price", money(want.priceMinor), money(have.priceMinor));
    push(want.variantId, "compareAtPrice", money(want.compareAtPriceMinor), money(have.compareAtPriceMinor));
  }
  for (const want of expected.products) {
    const have = current.products.find((product) => product.productId === want.productId);
    if (!have) continue;
    push(want.productId, "seoTitle", blank(want.seoTitle), blank(have.seoTitle));
    push(want.productId, "seoDescription", blank(want.seoDescription), blank(have.seoDescription));
    push(want.productId, "status", want.status, have.status);
    push(want.productId, "tags", tagList(want.tags), tagList(have.tags));
  }
  return found;
}

export const describeDifferences = (found: Difference[]) =>
  found
    .map(
      (difference) =>
        `${difference.field} of ${difference.item} is ${difference.current ?? "empty"}, expected ${difference.expected ?? "empty"}`,
    )
    .join("; ");

/** The store values a proposal's changes lead to (assumed values with the changes laid over). */
export function targetValues(proposal: Proposal): StoreValues {
  const target = structuredClone(proposal.assumed);
  if (proposal.kind === "markdown") {
    for (const change of proposal.changes.variants) {
      const variant = target.variants.find((candidate) => candidate.variantId === change.variantId);
      if (variant) {
        variant.priceMinor = change.priceMinor;
        variant.compareAtPriceMinor = change.compareAtPriceMinor;
      }
    }
  } else if (proposal.kind === "content") {
    for (const product of target.products) {
      product.seoTitle = proposal.changes.seoTitle;
      product.seoDescription = proposal.changes.seoDescription;
    }
  } else if (proposal.kind === "archive") {
    for (const product of target.products) product.status = proposal.changes.status;
  }
  return target;
}

const decimal = (minor: number, currencyCode: string) => {
  const exponent = currencyExponent(currencyCode);
  return (minor / 10 ** exponent).toFixed(exponent);
};

/** Writes `values` (prices, SEO, status, tags) where they differ from `current`. */
async function writeValues(
  client: ShopifyClient,
  values: StoreValues,
  current: StoreValues,
  currencyCode: string,
): Promise<void> {
  const changedVariants = values.variants.filter((want) => {
    const have = current.variants.find((variant) => variant.variantId === want.variantId);
    return (
      !have || have.priceMinor !== want.priceMinor || have.compareAtPriceMinor !== want.compareAtPriceMinor
    );
  });
  const byProduct = new Map<string, StoreValues["variants"]>();
  for (const variant of changedVariants) {
    byProduct.set(variant.productId, [...(byProduct.get(variant.productId) ?? []), variant]);
  }
  for (const [productId, variants] of byProduct) {
    await client.mutate(
      SUGGESTION_PRICES_MUTATION,
      {
        productId,
        variants: variants.map((variant) => ({
          id: variant.variantId,
          price: decimal(variant.priceMinor, currencyCode),
          compareAtPrice:
            variant.compareAtPriceMinor === null ? null : decimal(variant.compareAtPriceMinor, currencyCode),
        })),
      },
      { userErrorsPath: "productVariantsBulkUpdate.userErrors" },
    );
  }
  for (const want of values.products) {
    const have = current.products.find((product) => product.productId === want.productId);
    const seoChanged =
      !have ||
      blank(have.seoTitle) !== blank(want.seoTitle) ||
      blank(have.seoDescription) !== blank(want.seoDescription);
    const statusChanged = !have || have.status !== want.status;
    if (seoChanged || statusChanged) {
      await client.mutate(
        SUGGESTION_PRODUCT_MUTATION,
        {
          product: {
            id: want.productId,
            ...(seoChanged ? { seo: { title: want.seoTitle, description: want.seoDescription } } : {}),
            ...(statusChanged ? { status: want.status as ProductStatus } : {}),
          },
        },
        { userErrorsPath: "productUpdate.userErrors" },
      );
    }
    if (have && tagList(have.tags) !== tagList(want.tags)) {
      const lower = (tags: string[]) => new Set(tags.map((tag) => tag.trim().toLowerCase()));
      const wanted = lower(want.tags);
      const present = lower(have.tags);
      const add = want.tags.filter((tag) => !present.has(tag.trim().toLowerCase()));
      const remove = have.tags.filter((tag) => !wanted.has(tag.trim().toLowerCase()));
      if (add.length > 0) {
        await client.mutate(
          SUGGESTION_TAGS_ADD_MUTATION,
          { id: want.productId, tags: add },
          { userErrorsPath: "tagsAdd.userErrors" },
        );
      }
      if (remove.length > 0) {
        await client.mutate(
          SUGGESTION_TAGS_REMOVE_MUTATION,
          { id: want.productId, tags: remove },
          { userErrorsPath: "tagsRemove.userErrors" },
        );
      }
    }
  }
}

/**
 * Discount and bundle proposals as a Shopify discount input. A discount runs from the start of its
 * first day to the end of its last (`endsAt` is the last day it runs), in the shop's time zone.
 */
function discountInput(
  proposal: Extract<Proposal, { kind: "discount" | "bundle" }>,
  today: string,
  timeZone: string,
) {
  if (proposal.kind === "discount") {
    const { changes } = proposal;
    // A window proposed for a day already past starts today instead, keeping its length.
    const shift = Math.max(0, dayNumber(today) - dayNumber(changes.startsAt));
    return {
      type: changes.type,
      code: changes.code,
      input: {
        title: changes.title,
        startsAt: startOfDayInZone(dayString(dayNumber(changes.startsAt) + shift), timeZone),
        endsAt: startOfDayInZone(dayString(dayNumber(changes.endsAt) + shift + 1), timeZone),
        customerGets: {
          value: { percentage: changes.percentage / 100 },
          items: { products: { productsToAdd: changes.productIds } },
        },
        ...(changes.customerSegment
          ? { context: { customerSegments: { add: [changes.customerSegment.id] } } }
          : {}),
        ...(changes.code ? { code: changes.code } : {}),
      },
    };
  }
  // Buy-together: the percentage off both products once the cart holds two items of the pair.
  const { changes } = proposal;
  return {
    type: "automatic" as const,
    code: undefined,
    input: {
      title: changes.title,
      startsAt: startOfDayInZone(today, timeZone),
      customerGets: {
        value: { percentage: changes.percentage / 100 },
        items: { products: { productsToAdd: [changes.anchorProductId, changes.slowProductId] } },
      },
      minimumRequirement: { quantity: { greaterThanOrEqualToQuantity: "2" } },
    },
  };
}

async function createDiscount(
  client: ShopifyClient,
  proposal: Extract<Proposal, { kind: "discount" | "bundle" }>,
  today: string,
  timeZone: string,
): Promise<NonNullable<AppliedState["discount"]>> {
  const { type, code, input } = discountInput(proposal, today, timeZone);
  try {
    if (type === "code") {
      const data = (await client.mutate(
        SUGGESTION_CODE_DISCOUNT_MUTATION,
        { discount: input },
        {
          userErrorsPath: "discountCodeBasicCreate.userErrors",
        },
      )) as { discountCodeBasicCreate: { codeDiscountNode: { id: string } | null } };
      return { id: data.discountCodeBasicCreate.codeDiscountNode!.id, type };
    }
    const data = (await client.mutate(
      SUGGESTION_AUTOMATIC_DISCOUNT_MUTATION,
      { discount: input },
      {
        userErrorsPath: "discountAutomaticBasicCreate.userErrors",
      },
    )) as { discountAutomaticBasicCreate: { automaticDiscountNode: { id: string } | null } };
    return { id: data.discountAutomaticBasicCreate.automaticDiscountNode!.id, type };
  } catch (error) {
    if (error instanceof ShopifyUncertainWriteError && code) {
      // A code is unique in the shop: if it exists now, this create made it.
      const { codeDiscountNodeByCode } = (await client.query(SUGGESTION_CODE_LOOKUP_QUERY, { code })) as {
        codeDiscountNodeByCode: { id: string } | null;
      };
      if (codeDiscountNodeByCode) return { id: codeDiscountNodeByCode.id, type };
      throw new ApplyFailure(
        "Shopify did not confirm the discount, and no discount with its code exists: nothing changed.",
      );
    }
    if (error instanceof ShopifyUncertainWriteError) {
      throw new ApplyFailure(
        "Shopify did not confirm whether the automatic discount was created. Check Discounts in Shopify admin before trying again.",
      );
    }
    throw error;
  }
}

/** A failure whose message is written for staff. */
class ApplyFailure extends Error {}

/** shop.features.bundles.eligibleForBundles: whether bundle proposals may use productBundleCreate. */
export async function readBundlesEligibility(client: ShopifyClient): Promise<boolean> {
  const { shop } = await client.query(SHOP_BUNDLES_ELIGIBILITY_QUERY);
  return shop.features.bundles.eligibleForBundles;
}

/** How often and how long apply waits for Shopify's bundle job before giving up on it. */
const BUNDLE_POLL_MS = 1_000;
const BUNDLE_POLLS = 30;

/**
 * A bundle product of the pair (one of each, every variant selectable), priced at the proposal's
 * percentage off the components' summed price. The write is productBundleCreate; the job it starts
 * is polled to COMPLETE, then the new product's variants get the discounted prices.
 */
async function createBundle(
  client: ShopifyClient,
  proposal: Extract<Proposal, { kind: "bundle" }>,
  sleep: (ms: number) => Promise<void>,
): Promise<NonNullable<AppliedState["bundle"]>> {
  const { changes } = proposal;
  const ids = [changes.anchorProductId, changes.slowProductId];
  const { nodes } = (await client.query(SUGGESTION_BUNDLE_OPTIONS_QUERY, { ids })) as {
    nodes: Array<{
      __typename: string;
      id?: string;
      options?: Array<{ id: string; name: string; values: string[] }>;
    } | null>;
  };
  const components = ids.map((productId) => {
    const product = nodes.find((node) => node?.id === productId);
    if (!product?.options)
      throw new ApplyFailure(`Product ${productId} no longer exists in Shopify; nothing was created.`);
    return {
      productId,
      quantity: 1,
      optionSelections: product.options.map((option) => ({
        componentOptionId: option.id,
        name: option.name,
        values: option.values,
      })),
    };
  });
  let operationId: string;
  try {
    const data = (await client.mutate(
      SUGGESTION_BUNDLE_CREATE_MUTATION,
      { input: { title: changes.title, components } },
      { userErrorsPath: "productBundleCreate.userErrors" },
    )) as { productBundleCreate: { productBundleOperation: { id: string } | null } };
    operationId = data.productBundleCreate.productBundleOperation!.id;
  } catch (error) {
    if (error instanceof ShopifyUncertainWriteError) {
      // Bundle titles are not unique and the operation id never arrived: nothing to re-read by.
      throw new ApplyFailure(
        "Shopify did not confirm whether the bundle was created. Check Products in Shopify admin for it before trying again.",
      );
    }
    throw error;
  }
  type Operation = {
    status: string;
    product: { id: string; variants: { nodes: Array<{ id: string; price: string }> } } | null;
    userErrors?: Array<{ message: string }>;
  };
  let operation: Operation | null = null;
  for (let poll = 0; poll < BUNDLE_POLLS; poll += 1) {
    await sleep(BUNDLE_POLL_MS);
    ({ productOperation: operation } = (await client.query(SUGGESTION_BUNDLE_OPERATION_QUERY, {
      id: operationId,
    })) as { productOperation: Operation | null });
    if (operation?.status === "COMPLETE") break;
  }
  if (operation?.status !== "COMPLETE") {
    throw new ApplyFailure(
      `Shopify accepted the bundle but had not finished creating it after ${(BUNDLE_POLLS * BUNDLE_POLL_MS) / 1000} seconds (operation ${operationId}). Check Products in Shopify admin.`,
    );
  }
  if (!operation.product) {
    const reason = operation.userErrors?.map((problem) => problem.message).join("; ");
    throw new ApplyFailure(`Shopify could not create the bundle${reason ? `: ${reason}` : "."}`);
  }
  const { product } = operation;
  const currency = proposal.currencyCode;
  // The bundle starts at the components' summed price; the proposal's offer is its percentage off.
  await client
    .mutate(
      SUGGESTION_PRICES_MUTATION,
      {
        productId: product.id,
        variants: product.variants.nodes.map((variant) => ({
          id: variant.id,
          price: decimal(
            Math.round((toMinorUnits(variant.price, currency) * (100 - changes.percentage)) / 100),
            currency,
          ),
        })),
      },
      { userErrorsPath: "productVariantsBulkUpdate.userErrors" },
    )
    .catch((error: unknown) => {
      if (error instanceof ShopifyApiError) {
        throw new ApplyFailure(
          `The bundle ${product.id} was created but its discounted price was not set: ${error.message}. Set the price or archive it in Shopify admin.`,
        );
      }
      throw error;
    });
  return { productId: product.id };
}

const ANNOTATION_TYPES: Record<Proposal["kind"], string> = {
  markdown: "product_events.price_change",
  discount: "marketing_events.discount",
  bundle: "marketing_events.discount",
  content: "product_events.product_update",
  archive: "product_events.product_discontinued",
  restock: "product_events.product_update",
};

/** Marks applied changes on Shopify's analytics charts; a failure here never undoes the change. */
export async function annotate(
  client: ShopifyClient,
  kind: Proposal["kind"],
  title: string,
  at: Date,
  description?: string,
): Promise<{ id?: string; error?: string }> {
  try {
    const data = (await client.mutate(
      SUGGESTION_ANNOTATION_MUTATION,
      {
        input: {
          title: title.length > 75 ? `${title.slice(0, 74)}…` : title,
          type: ANNOTATION_TYPES[kind],
          startedAt: at.toISOString(),
          ...(description ? { description: description.slice(0, 150) } : {}),
        },
      },
      { userErrorsPath: "analyticsAnnotationCreate.userErrors" },
    )) as { analyticsAnnotationCreate: { analyticsAnnotation: { id: string } | null } };
    return { id: data.analyticsAnnotationCreate.analyticsAnnotation?.id };
  } catch (error) {
    if (error instanceof ShopifyApiError) return { error: error.message };
    throw error;
  }
}

export interface ApplyOptions {
  now?: () => Date;
  /** false in bulk runs, which mark one annotation for the whole batch */
  annotate?: boolean;
  /** the store values already read for this suggestion (bulk runs read a batch in one query) */
  current?: StoreValues;
  baselineContext?: BaselineContext;
  /** the suggestion was left applying by an attempt that stopped: decide from the store, never write twice */
  resumed?: boolean;
  /** waits between polls of Shopify's bundle job (tests pass their simulated clock's) */
  sleep?: (ms: number) => Promise<void>;
}

export type ApplyResult = {
  status: "applied" | "failed" | "stale";
  suggestion: Suggestion;
  message?: string;
};

const proposalOf = (row: Suggestion) => JSON.parse(row.proposal) as Proposal;

/** Whether the suggestion writes product fields (a discount or bundle creates something instead). */
const writesValues = (proposal: Proposal) => proposal.kind !== "discount" && proposal.kind !== "bundle";

export const targetIds = (proposal: Proposal) => ({
  variantIds: proposal.assumed.variants.map((variant) => variant.variantId),
  productIds: proposal.assumed.products.map((product) => product.productId),
});

/**
 * Moves an approved suggestion to applying; the loser of a race gets SuggestionConflict and sends
 * nothing. Only an approver may apply (NotAllowedToApprove), as for a bulk job's staff at run time.
 * A bulk run names itself in the claim's event, so its retry settles only what it claimed.
 */
export async function claimForApply(
  db: Db,
  shop: string,
  id: string,
  staff: Staff,
  bulkRun?: string,
): Promise<Suggestion> {
  const row = await findSuggestionRow(db, shop, id);
  await assertMayApprove(db, shop, staff);
  if (row.kind === "restock") {
    throw new SuggestionConflict(
      "A restock alert is information for the buyer; there is nothing to apply.",
      row.status,
    );
  }
  if (row.status !== "approved") {
    throw new SuggestionConflict(
      `It is already ${row.status}; only approved suggestions can be applied.`,
      row.status,
    );
  }
  const claimed = await transition(db, shop, row, "applying", {
    action: "applying",
    staff,
    detail: bulkRun ? { bulkRun } : null,
  });
  if (!claimed) {
    const now = await findSuggestionRow(db, shop, id);
    throw new SuggestionConflict(
      `It is already ${now.status}: someone applied it at the same moment.`,
      now.status,
    );
  }
  return claimed;
}

/** An apply or revert that has not moved for this long has stopped: one takes seconds, a bundle's poll 30 s at most. */
export const STOPPED_AFTER_MS = 15 * 60_000;

/** Whether a suggestion is applying or reverting and has not moved for long enough to be taken as stopped. */
export const stoppedPartWay = (row: Pick<Suggestion, "status" | "updatedAt">, now: Date) =>
  (row.status === "applying" || row.status === "reverting") &&
  now.getTime() - row.updatedAt.getTime() >= STOPPED_AFTER_MS;

/**
 * Takes over an apply or revert that stopped part-way. Refused (SuggestionConflict) while it may
 * still be running, and to a second request: the claim is a new version, which also moves updatedAt.
 */
async function claimStopped(
  db: Db,
  shop: string,
  id: string,
  staff: Staff,
  status: "applying" | "reverting",
  now: Date,
): Promise<Suggestion> {
  const row = await findSuggestionRow(db, shop, id);
  await assertMayApprove(db, shop, staff);
  const [step, noun] = status === "applying" ? ["applied", "an apply"] : ["reverted", "a revert"];
  if (row.status !== status || !stoppedPartWay(row, now)) {
    throw new SuggestionConflict(
      row.status === status
        ? `It is being ${step} at this moment; wait for it to finish.`
        : `It is ${row.status}; only ${noun} that stopped part-way can be finished.`,
      row.status,
    );
  }
  const claimed = await db.suggestion.updateMany({
    where: { id, shop, status, version: row.version, updatedAt: row.updatedAt },
    data: { version: row.version + 1 },
  });
  if (claimed.count !== 1) {
    throw new SuggestionConflict("Someone else is finishing it at this moment.", row.status);
  }
  return { ...row, version: row.version + 1 };
}

/**
 * Finishes an apply that stopped part-way (its request or process died, leaving it applying): the
 * store decides, as for a retried bulk run, so nothing is written twice.
 */
export async function finishStoppedApply(
  db: Db,
  client: ShopifyClient,
  shop: string,
  id: string,
  staff: Staff,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const now = (options.now ?? (() => new Date()))();
  const mine = await claimStopped(db, shop, id, staff, "applying", now);
  return applyClaimed(db, client, shop, mine, staff, { ...options, resumed: true });
}

/**
 * Applies one approved suggestion: claim, re-read, write, mark. Returns how it ended (applied,
 * failed with the reason in plain words, or stale with the differences); throws SuggestionNotFound
 * or SuggestionConflict (not approved, or another request won the claim).
 */
export async function applySuggestion(
  db: Db,
  client: ShopifyClient,
  shop: string,
  id: string,
  staff: Staff,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const claimed = await claimForApply(db, shop, id, staff);
  return applyClaimed(db, client, shop, claimed, staff, options);
}

/** The rest of apply, for a suggestion this caller moved to applying. */
export async function applyClaimed(
  db: Db,
  client: ShopifyClient,
  shop: string,
  row: Suggestion,
  staff: Staff,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  const now = options.now ?? (() => new Date());
  const proposal = proposalOf(row);
  const settle = async (
    status: ApplyResult["status"],
    detail: string | Record<string, unknown>,
    data: Parameters<typeof transition>[5] = {},
  ): Promise<ApplyResult> => {
    const settled = await transition(db, shop, row, status, { action: status, staff, detail }, data);
    if (!settled) throw new Error(`suggestion ${row.id} changed while this request was applying it`);
    return { status, suggestion: settled, ...(typeof detail === "string" ? { message: detail } : {}) };
  };

  let current: StoreValues;
  try {
    current = options.current ?? (await readStoreValues(client, targetIds(proposal), proposal.currencyCode));
  } catch (error) {
    if (!(error instanceof ShopifyApiError)) throw error;
    return settle(
      "failed",
      `Could not read the product from Shopify, so nothing was changed. ${error.message}`,
      {
        error: error.message,
      },
    );
  }
  const target = targetValues(proposal);
  // A bulk run that died mid-write left this one applying: the store tells whether its write landed.
  const landed =
    options.resumed === true &&
    writesValues(proposal) &&
    differences(target, current, proposal.currencyCode).length === 0;
  if (options.resumed && !writesValues(proposal)) {
    const message =
      proposal.kind === "bundle" && proposal.changes.method === "productBundleCreate"
        ? "An earlier attempt stopped while creating this bundle. Check Products in Shopify admin; nothing more was sent."
        : "An earlier attempt stopped while creating this discount. Check Discounts in Shopify admin; nothing more was sent.";
    return settle("failed", message, { error: message });
  }
  const changed = landed ? [] : differences(proposal.assumed, current, proposal.currencyCode);
  if (changed.length > 0) {
    const message = `The product changed in Shopify since this was suggested, so nothing was written: ${describeDifferences(changed)}.`;
    return settle("stale", { message, differences: changed }, { error: message });
  }
  // Kept before writing: if this process dies mid-write, revert still knows what to restore. A write
  // found landed was made on what the proposal assumed (apply writes only when the store matches it).
  const before = landed ? proposal.assumed : current;
  await db.suggestion.updateMany({
    where: { id: row.id, shop, status: "applying", version: row.version },
    data: { beforeState: JSON.stringify(before) },
  });
  const timeZone = (await shopZone(db, shop)) ?? "UTC";
  const today = dayInZone(timeZone)(now());
  const applied: AppliedState = { written: target };
  try {
    if (proposal.kind === "bundle" && proposal.changes.method === "productBundleCreate") {
      applied.bundle = await createBundle(
        client,
        proposal,
        options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
      );
    } else if (proposal.kind === "discount" || proposal.kind === "bundle") {
      applied.discount = await createDiscount(client, proposal, today, timeZone);
    } else if (!landed) {
      await writeValues(client, target, current, proposal.currencyCode);
    }
  } catch (error) {
    if (error instanceof ApplyFailure) return settle("failed", error.message, { error: error.message });
    if (error instanceof ShopifyUncertainWriteError) {
      // Never repeat blindly: read what the store holds now and decide from that.
      const after = await readStoreValues(client, targetIds(proposal), proposal.currencyCode).catch(
        () => null,
      );
      if (!after || differences(target, after, proposal.currencyCode).length > 0) {
        const message =
          after && differences(proposal.assumed, after, proposal.currencyCode).length === 0
            ? "Shopify did not confirm the change; nothing changed."
            : "Shopify did not confirm the change and the product now holds other values; check it in Shopify admin.";
        return settle("failed", message, { error: message });
      }
    } else if (error instanceof ShopifyApiError) {
      return settle("failed", error.message, { error: error.message });
    } else throw error;
  }

  const at = now();
  if (options.annotate !== false) {
    const marker = await annotate(
      client,
      proposal.kind,
      `Shelfwise: ${proposal.title}`,
      at,
      proposal.rationale,
    );
    if (marker.id) applied.annotationId = marker.id;
    if (marker.error) applied.annotationError = marker.error;
  }
  const frozen = await freezeBaseline(db, shop, proposal, today, options.baselineContext);
  return settle(
    "applied",
    {
      changes: summaryOf(proposal, before, target),
      ...(applied.discount ? { discountId: applied.discount.id } : {}),
      ...(applied.bundle ? { bundleProductId: applied.bundle.productId } : {}),
    },
    {
      appliedState: JSON.stringify(applied),
      appliedAt: at,
      baseline: JSON.stringify(frozen.baseline),
      outcomeDueOn: frozen.outcomeDueOn,
      error: null,
    },
  );
}

async function shopZone(db: Db, shop: string): Promise<string | null> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { ianaTimezone: true } });
  return row?.ianaTimezone ?? null;
}

/** before -> after for the audit log, field by field. */
function summaryOf(proposal: Proposal, before: StoreValues, after: StoreValues) {
  if (proposal.kind === "discount" || proposal.kind === "bundle") return [];
  return differences(before, after, proposal.currencyCode).map((difference) => ({
    item: difference.item,
    field: difference.field,
    from: difference.expected,
    to: difference.current,
  }));
}

// ---- revert ----------------------------------------------------------------------------------------

export type RevertResult =
  | { status: "reverted"; suggestion: Suggestion }
  | { status: "failed"; message: string }
  | { needsConfirmation: true; differences: Difference[] };

/**
 * Undoes an applied suggestion: the fields it changed (prices, compare-at prices, SEO, status) get
 * their before-state values back, a created discount is deactivated, a created bundle product
 * archived. When those fields changed since apply (the store no longer holds what apply wrote) it
 * returns the differences and writes nothing, unless `force`.
 */
export async function revertSuggestion(
  db: Db,
  client: ShopifyClient,
  shop: string,
  id: string,
  staff: Staff,
  options: { force?: boolean } = {},
): Promise<RevertResult> {
  const row = await findSuggestionRow(db, shop, id);
  await assertMayApprove(db, shop, staff);
  if (row.status === "reverting") {
    throw new SuggestionConflict("Someone else is reverting it at this moment.", row.status);
  }
  if (row.status !== "applied") {
    throw new SuggestionConflict(
      `It is ${row.status}; only applied suggestions can be reverted.`,
      row.status,
    );
  }
  if (!row.appliedState || !row.beforeState) {
    // Applied before the before-state was kept in every case: nothing to restore from.
    throw new SuggestionConflict(
      "Shelfwise has no record of the values before this change, so it cannot undo it; change them back in Shopify admin.",
      row.status,
    );
  }
  // Claimed by moving to reverting, so a second request, whenever it read the row, cannot claim too.
  const claimed = await db.suggestion.updateMany({
    where: { id, shop, status: "applied", version: row.version },
    data: { status: "reverting", version: row.version + 1 },
  });
  if (claimed.count !== 1) {
    throw new SuggestionConflict("Someone else is reverting it at this moment.", row.status);
  }
  const mine = { ...row, status: "reverting", version: row.version + 1 };
  try {
    return await revertClaimed(db, client, shop, mine, staff, options.force === true);
  } catch (error) {
    // Not left reverting for good: it stays applied, as a refused revert does.
    await releaseRevert(db, shop, mine);
    throw error;
  }
}

/** Back from reverting to applied, when the revert wrote nothing or ended in a way not foreseen. */
async function releaseRevert(db: Db, shop: string, row: Pick<Suggestion, "id" | "version">) {
  await db.suggestion.updateMany({
    where: { id: row.id, shop, status: "reverting", version: row.version },
    data: { status: "applied", version: row.version + 1 },
  });
}

/** The rest of revert, for a suggestion this caller moved to reverting. */
async function revertClaimed(
  db: Db,
  client: ShopifyClient,
  shop: string,
  row: Suggestion,
  staff: Staff,
  force: boolean,
): Promise<RevertResult> {
  const proposal = proposalOf(row);
  const applied = JSON.parse(row.appliedState!) as AppliedState;
  const before = JSON.parse(row.beforeState!) as StoreValues;
  const fail = (message: string) => revertFailed(db, shop, row, staff, message);

  let current: StoreValues;
  try {
    current = await readStoreValues(client, targetIds(proposal), proposal.currencyCode);
  } catch (error) {
    if (error instanceof ShopifyApiError)
      return fail(`Could not read the product from Shopify: ${error.message}`);
    throw error;
  }
  const touched = touchedFields(proposal, before, applied);
  const drift = differences(applied.written, current, proposal.currencyCode).filter(isIn(touched));
  if (drift.length > 0 && !force) {
    await releaseRevert(db, shop, row);
    return { needsConfirmation: true, differences: drift };
  }
  const restore = restoredValues(current, before, touched);

  try {
    if (applied.discount) await deactivateDiscount(client, applied.discount);
    // Archived, not deleted: the bundle's orders and components stay, and staff can reactivate it.
    if (applied.bundle) {
      await client.mutate(
        SUGGESTION_PRODUCT_MUTATION,
        { product: { id: applied.bundle.productId, status: "ARCHIVED" as ProductStatus } },
        { userErrorsPath: "productUpdate.userErrors" },
      );
    }
    await writeValues(client, restore, current, proposal.currencyCode);
  } catch (error) {
    if (error instanceof ShopifyUncertainWriteError) {
      const after = await readStoreValues(client, targetIds(proposal), proposal.currencyCode).catch(
        () => null,
      );
      const discountDone = applied.discount ? await discountEnded(client, applied.discount.id) : true;
      const bundleDone = applied.bundle ? await bundleArchived(client, applied.bundle.productId) : true;
      if (
        !after ||
        !discountDone ||
        !bundleDone ||
        differences(restore, after, proposal.currencyCode).length > 0
      ) {
        return fail(
          "Shopify did not confirm the revert; check the product in Shopify admin before trying again.",
        );
      }
    } else if (error instanceof ShopifyApiError) {
      return fail(error.message);
    } else throw error;
  }
  return markReverted(db, shop, row, staff, applied, {
    restored: summaryOf(proposal, current, restore),
    ...(drift.length ? { overwrote: drift } : {}),
  });
}

/**
 * Finishes a revert that stopped part-way (its request or process died, leaving it reverting) from
 * what the store holds, writing nothing: reverted when Shopify holds what the revert restores;
 * otherwise back to applied, to be reverted again (which compares before it writes), with what
 * differs when the store holds neither what apply wrote nor what revert restores. Refused
 * (SuggestionConflict) while the revert may still be running.
 */
export async function finishStoppedRevert(
  db: Db,
  client: ShopifyClient,
  shop: string,
  id: string,
  staff: Staff,
  options: { now?: () => Date } = {},
): Promise<RevertResult> {
  const mine = await claimStopped(db, shop, id, staff, "reverting", (options.now ?? (() => new Date()))());
  try {
    return await finishClaimedRevert(db, client, shop, mine, staff);
  } catch (error) {
    // Not stuck again: applied, a revert compares with the store before it writes.
    await releaseRevert(db, shop, mine);
    throw error;
  }
}

async function finishClaimedRevert(
  db: Db,
  client: ShopifyClient,
  shop: string,
  row: Suggestion,
  staff: Staff,
): Promise<RevertResult> {
  const proposal = proposalOf(row);
  // A revert claims only suggestions that have both (revertSuggestion).
  const applied = JSON.parse(row.appliedState!) as AppliedState;
  const before = JSON.parse(row.beforeState!) as StoreValues;
  let current: StoreValues;
  let createdEnded: boolean;
  try {
    current = await readStoreValues(client, targetIds(proposal), proposal.currencyCode);
    createdEnded =
      (!applied.discount || (await discountEnded(client, applied.discount.id))) &&
      (!applied.bundle || (await bundleArchived(client, applied.bundle.productId)));
  } catch (error) {
    if (error instanceof ShopifyApiError) {
      return revertFailed(
        db,
        shop,
        row,
        staff,
        `Could not read the store from Shopify to finish the revert; revert it again. ${error.message}`,
      );
    }
    throw error;
  }
  const touched = touchedFields(proposal, before, applied);
  const restore = restoredValues(current, before, touched);
  const notRestored = differences(restore, current, proposal.currencyCode);
  if (createdEnded && notRestored.length === 0) {
    return markReverted(db, shop, row, staff, applied, {
      restored: summaryOf(proposal, applied.written, restoredValues(applied.written, before, touched)),
    });
  }
  const drift = differences(applied.written, current, proposal.currencyCode).filter(isIn(touched));
  if (drift.length === 0) {
    return revertFailed(
      db,
      shop,
      row,
      staff,
      "The revert stopped before it changed anything in Shopify; it is applied again, so revert it again.",
    );
  }
  return revertFailed(
    db,
    shop,
    row,
    staff,
    `The revert stopped part-way and nothing more was written: the store holds neither what Shelfwise set nor what it had before (${describeDifferences(notRestored)}). Check the product in Shopify admin, then revert it again.`,
    notRestored,
  );
}

/**
 * The fields a revert compares and restores: those apply changed. A discount or bundle changed none,
 * and a later edit of any other field is the merchant's to keep.
 */
function touchedFields(proposal: Proposal, before: StoreValues, applied: AppliedState): Difference[] {
  return writesValues(proposal) ? differences(before, applied.written, proposal.currencyCode) : [];
}

const isIn = (fields: Difference[]) => (found: Difference) =>
  fields.some((field) => field.item === found.item && field.field === found.field);

/** Back from reverting to applied with a revert_failed event: it can be reverted again. */
async function revertFailed(
  db: Db,
  shop: string,
  row: Suggestion,
  staff: Staff,
  message: string,
  found: Difference[] = [],
): Promise<RevertResult> {
  const back = await transition(db, shop, row, "applied", {
    action: "revert_failed",
    staff,
    detail: found.length > 0 ? { message, differences: found } : message,
  });
  if (!back) throw new Error(`suggestion ${row.id} changed while it was being reverted`);
  return { status: "failed", message };
}

async function markReverted(
  db: Db,
  shop: string,
  row: Suggestion,
  staff: Staff,
  applied: AppliedState,
  detail: Record<string, unknown>,
): Promise<RevertResult> {
  const reverted = await transition(db, shop, row, "reverted", {
    action: "reverted",
    staff,
    detail: {
      ...detail,
      ...(applied.bundle
        ? {
            archivedBundle: applied.bundle.productId,
            note: "The bundle product was archived, not deleted: it can be made active again in Shopify admin.",
          }
        : {}),
    },
  });
  if (!reverted) throw new Error(`suggestion ${row.id} changed while it was being reverted`);
  return { status: "reverted", suggestion: reverted };
}

/** The store as it is now, with the `changed` fields (item and field) set back to `before`. */
function restoredValues(current: StoreValues, before: StoreValues, changed: Difference[]): StoreValues {
  const restore = structuredClone(current);
  for (const { item, field } of changed) {
    const variant = restore.variants.find((candidate) => candidate.variantId === item);
    const old = before.variants.find((candidate) => candidate.variantId === item);
    if (variant && old) {
      if (field === "price") variant.priceMinor = old.priceMinor;
      if (field === "compareAtPrice") variant.compareAtPriceMinor = old.compareAtPriceMinor;
    }
    const product = restore.products.find((candidate) => candidate.productId === item);
    const was = before.products.find((candidate) => candidate.productId === item);
    if (product && was) {
      if (field === "seoTitle") product.seoTitle = was.seoTitle;
      if (field === "seoDescription") product.seoDescription = was.seoDescription;
      if (field === "status") product.status = was.status;
    }
  }
  return restore;
}

async function deactivateDiscount(client: ShopifyClient, discount: NonNullable<AppliedState["discount"]>) {
  if (discount.type === "code") {
    await client.mutate(
      SUGGESTION_CODE_DEACTIVATE_MUTATION,
      { id: discount.id },
      {
        userErrorsPath: "discountCodeDeactivate.userErrors",
      },
    );
  } else {
    await client.mutate(
      SUGGESTION_AUTOMATIC_DEACTIVATE_MUTATION,
      { id: discount.id },
      {
        userErrorsPath: "discountAutomaticDeactivate.userErrors",
      },
    );
  }
}

async function bundleArchived(client: ShopifyClient, productId: string): Promise<boolean> {
  const values = await readStoreValues(client, { variantIds: [], productIds: [productId] }, "USD");
  return values.products.every((product) => product.status === "ARCHIVED");
}

async function discountEnded(client: ShopifyClient, id: string): Promise<boolean> {
  const { discountNode } = (await client.query(SUGGESTION_DISCOUNT_STATUS_QUERY, { id })) as {
    discountNode: { discount: { status?: string } } | null;
  };
  return !discountNode || discountNode.discount.status === "EXPIRED";
}

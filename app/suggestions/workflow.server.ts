import { randomUUID } from "node:crypto";
import type { Prisma, Suggestion, SuggestionEvent } from "@prisma/client";
import { z } from "zod";
import { addDays } from "../analysis/format";
import type { AnalysisInput, AnalysisResult, Day } from "../analysis/types";
import type { Db } from "../db-client.server";
import type { SuggestionStatus } from "../lib/suggestion-params";
import { generateProposals } from "./index";
import { DEFAULT_SUGGESTION_SETTINGS, type Basket, type Proposal, type SuggestionSettings } from "./types";

/*
 * The suggestions workflow as stored: proposals from each analysis become `Suggestion` rows that
 * staff approve or reject; apply and revert live in apply.server.ts. Every change of status is a
 * compare-and-set on (status, version), so two staff acting at once cannot both win, and writes one
 * `SuggestionEvent` (the audit log) in the same transaction.
 *
 *   proposed -> approved | rejected | expired
 *   approved -> applying | rejected | expired
 *   applying -> applied | failed | stale
 *   failed   -> approved (approved again: a failure may be passing, e.g. Shopify unavailable)
 *   applied  -> reverting -> reverted (or back to applied when the revert fails: revert_failed
 *               event, or when it waits for staff to confirm overwriting later changes; one that
 *               stopped part-way is finished from the store: finishStoppedRevert)
 */

// The statuses are listed once, where the pages (filters, labels) read them too.
export type { SuggestionStatus };

/** An audit event: each status's own name, plus the two steps that change no status. */
export type SuggestionAction = SuggestionStatus | "revert_failed" | "measured";

/** The member of staff acting, from the session token's user (`sub`). */
export interface Staff {
  id: string;
  name?: string | null;
  email?: string | null;
}

/** The id is not one of this shop's suggestions: the route answers 404. */
export class SuggestionNotFound extends Error {
  override readonly name = "SuggestionNotFound";
  constructor(readonly id: string) {
    super(`Suggestion ${id} was not found.`);
  }
}

/**
 * The staff member is not an approver (Settings lists who may): approving, rejecting, applying,
 * reverting and changing the suggestion settings are refused, and the route answers 403.
 */
export class NotAllowedToApprove extends Error {
  override readonly name = "NotAllowedToApprove";
  constructor() {
    super(
      "You are not one of the staff allowed to approve suggestions in this store, so you cannot approve, apply, revert or change how suggestions work. Ask the store owner.",
    );
  }
}

/** The suggestion is not in a state that allows the step (already applied, rejected...): 409. */
export class SuggestionConflict extends Error {
  override readonly name = "SuggestionConflict";
  constructor(
    message: string,
    readonly status: string,
  ) {
    super(message);
  }
}

// ---- settings --------------------------------------------------------------------------------------

export interface SuggestionWorkflowSettings extends SuggestionSettings {
  /** Who may approve and reject: all staff, or the listed staff ids (`sub`) or emails. */
  approvers: "all" | string[];
}

export const DEFAULT_WORKFLOW_SETTINGS: SuggestionWorkflowSettings = {
  ...DEFAULT_SUGGESTION_SETTINGS,
  approvers: "all",
};

export const suggestionSettingsSchema = z
  .object({
    minMarginPercent: z.number().finite().min(0).max(95),
    maxDiscountPercent: z.number().finite().min(0).max(90),
    allowClearance: z.boolean(),
    horizonDays: z.number().int().min(7).max(365),
    approvers: z.union([z.literal("all"), z.array(z.string().trim().min(1)).min(1)]),
  })
  .strict();

/** The shop's settings: stored values over the defaults (a stored value that no longer parses is refused). */
export async function suggestionSettings(db: Db, shop: string): Promise<SuggestionWorkflowSettings> {
  const row = await db.shop.findUnique({ where: { domain: shop }, select: { suggestionSettings: true } });
  if (!row) throw new Error(`${shop}: unknown shop`);
  if (!row.suggestionSettings) return { ...DEFAULT_WORKFLOW_SETTINGS };
  const parsed = suggestionSettingsSchema.partial().safeParse(JSON.parse(row.suggestionSettings) as unknown);
  if (!parsed.success) {
    throw new Error("The stored suggestion settings are invalid; save them again in Settings.");
  }
  return { ...DEFAULT_WORKFLOW_SETTINGS, ...parsed.data } as SuggestionWorkflowSettings;
}

/**
 * Saves the settings and returns them. Only an approver may (else anyone could widen the list), and
 * not so as to leave themselves out of it: a ZodError names the invalid fields, approvers included.
 */
export async function saveSuggestionSettings(
  db: Db,
  shop: string,
  settings: Partial<SuggestionWorkflowSettings>,
  staff: Staff,
): Promise<SuggestionWorkflowSettings> {
  const current = await suggestionSettings(db, shop);
  if (!canApprove(current, staff)) throw new NotAllowedToApprove();
  const merged = suggestionSettingsSchema.parse({ ...current, ...settings }) as SuggestionWorkflowSettings;
  if (!canApprove(merged, staff)) {
    throw new z.ZodError([
      {
        code: "custom",
        path: ["approvers"],
        message: `Include yourself (${staff.email ?? staff.id}), or you could no longer approve or change these settings`,
        input: merged.approvers,
      },
    ]);
  }
  await db.shop.update({ where: { domain: shop }, data: { suggestionSettings: JSON.stringify(merged) } });
  return merged;
}

export function canApprove(settings: Pick<SuggestionWorkflowSettings, "approvers">, staff: Staff): boolean {
  if (settings.approvers === "all") return true;
  const email = staff.email?.trim().toLowerCase();
  return settings.approvers.some(
    (approver) => approver === staff.id || (!!email && approver.trim().toLowerCase() === email),
  );
}

/** NotAllowedToApprove unless the shop's settings let `staff` approve (and so apply and revert). */
export async function assertMayApprove(db: Db, shop: string, staff: Staff): Promise<void> {
  if (!canApprove(await suggestionSettings(db, shop), staff)) throw new NotAllowedToApprove();
}

// ---- transitions -----------------------------------------------------------------------------------

export interface EventInput {
  action: SuggestionAction;
  staff?: Staff | null;
  /** plain words, or an object stored as JSON */
  detail?: string | Record<string, unknown> | null;
}

const detailText = (detail: EventInput["detail"]) =>
  detail === undefined || detail === null
    ? null
    : typeof detail === "string"
      ? detail
      : JSON.stringify(detail);

/**
 * Moves one suggestion from `from` to `to` if nobody else moved it first (same status and version),
 * with its event, in one transaction. Returns the updated row, or null when it lost the race.
 */
export async function transition(
  db: Db,
  shop: string,
  row: Pick<Suggestion, "id" | "status" | "version">,
  to: SuggestionStatus,
  event: EventInput,
  data: Omit<Prisma.SuggestionUpdateManyMutationInput, "status" | "version"> = {},
): Promise<Suggestion | null> {
  return db.$transaction(async (tx) => {
    const moved = await tx.suggestion.updateMany({
      where: { id: row.id, shop, status: row.status, version: row.version },
      data: { ...data, status: to, version: row.version + 1 },
    });
    if (moved.count !== 1) return null;
    await tx.suggestionEvent.create({
      data: {
        shop,
        suggestionId: row.id,
        action: event.action,
        fromStatus: row.status,
        toStatus: to,
        staffId: event.staff?.id ?? null,
        staffName: event.staff?.name ?? null,
        detail: detailText(event.detail),
      },
    });
    return tx.suggestion.findUniqueOrThrow({ where: { id: row.id, shop } });
  });
}

/** An event that changes no status (a measured outcome, a failed revert). */
export async function recordEvent(
  db: Db,
  shop: string,
  row: Pick<Suggestion, "id" | "status">,
  event: EventInput,
): Promise<void> {
  await db.suggestionEvent.create({
    data: {
      shop,
      suggestionId: row.id,
      action: event.action,
      fromStatus: row.status,
      toStatus: row.status,
      staffId: event.staff?.id ?? null,
      staffName: event.staff?.name ?? null,
      detail: detailText(event.detail),
    },
  });
}

/** The shop's suggestion row, or SuggestionNotFound (also for another shop's id). */
export async function findSuggestionRow(db: Db, shop: string, id: string): Promise<Suggestion> {
  const row = await db.suggestion.findFirst({ where: { id, shop } });
  if (!row) throw new SuggestionNotFound(id);
  return row;
}

// ---- refresh after an analysis ---------------------------------------------------------------------

/** Statuses a new analysis may expire: nothing has been written to the store for them. */
const OPEN_STATUSES: SuggestionStatus[] = ["proposed", "approved"];
/** Baskets for association rules come from this many days of orders. */
export const BASKET_DAYS = 180;

/** Each order's distinct products over the last BASKET_DAYS (cancelled and test orders left out). */
export async function recentBaskets(db: Db, shop: string, asOf: Day): Promise<Basket[]> {
  const rows = await db.$queryRaw<Array<{ orderId: string; productId: string; day: string }>>`
    SELECT DISTINCT l."orderId", l."productId", l."day"
    FROM "OrderLine" l JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
    WHERE l."shop" = ${shop} AND l."day" >= ${addDays(asOf, -BASKET_DAYS)} AND l."day" <= ${asOf}
      AND l."productId" IS NOT NULL AND o."cancelledAt" IS NULL AND NOT o."test"
    ORDER BY l."orderId", l."productId"`;
  const baskets = new Map<string, Basket>();
  for (const row of rows) {
    const basket = baskets.get(row.orderId) ?? { orderId: row.orderId, day: row.day, productIds: [] };
    if (!basket.productIds.includes(row.productId)) basket.productIds.push(row.productId);
    baskets.set(row.orderId, basket);
  }
  return [...baskets.values()];
}

/**
 * The loader keeps only descriptions' lengths; content drafts quote the text, so the few products
 * with weak content get theirs from the Product table.
 */
async function withDescriptions(
  db: Db,
  shop: string,
  input: AnalysisInput,
  result: AnalysisResult,
): Promise<AnalysisInput> {
  const ids = [
    ...new Set(result.flags.filter((flag) => flag.kind === "weak_content").map((flag) => flag.productId)),
  ];
  if (ids.length === 0) return input;
  const rows = await db.product.findMany({
    where: { shop, id: { in: ids } },
    select: { id: true, descriptionHtml: true },
  });
  const html = new Map(rows.map((row) => [row.id, row.descriptionHtml]));
  return {
    ...input,
    products: input.products.map((product) =>
      html.has(product.id) ? { ...product, descriptionHtml: html.get(product.id)! } : product,
    ),
  };
}

export interface RefreshResult {
  created: number;
  expired: number;
  unchanged: number;
}

const ROWS_PER_STATEMENT = 200;

/**
 * After an analysis run: stores its proposals as `proposed` suggestions and expires open ones whose
 * evidence changed (another fingerprint under the key, or no proposal at all). Suggestions already
 * applying, applied or reverted are history and are left alone; a key with one applying gets no new
 * proposal until it settles.
 */
export async function refreshSuggestions(
  db: Db,
  shop: string,
  run: { input: AnalysisInput; result: AnalysisResult },
  /** shop.features.bundles.eligibleForBundles, read by the caller that holds the shop's client */
  options: { bundlesEligible?: boolean } = {},
): Promise<RefreshResult> {
  const settings = await suggestionSettings(db, shop);
  const proposals = generateProposals({
    input: await withDescriptions(db, shop, run.input, run.result),
    result: run.result,
    settings,
    // Without a reading of the shop's eligibility, a bundle is a buy-together discount, which every shop can run.
    bundlesEligible: options.bundlesEligible ?? false,
    orders: await recentBaskets(db, shop, run.input.asOf),
  });
  const byKey = new Map(proposals.map((proposal) => [proposal.key, proposal]));

  const open = await db.suggestion.findMany({
    where: { shop, status: { in: OPEN_STATUSES } },
    select: { id: true, key: true, fingerprint: true, status: true, version: true },
  });
  let expired = 0;
  for (const row of open) {
    const current = byKey.get(row.key);
    if (current?.fingerprint === row.fingerprint) continue;
    const detail = current
      ? "The evidence changed: a newer analysis proposes something different."
      : "A newer analysis no longer finds the problem this answered.";
    if (await transition(db, shop, row, "expired", { action: "expired", detail })) expired += 1;
  }

  const known = await db.suggestion.findMany({
    where: { shop, key: { in: [...byKey.keys()] } },
    select: { key: true, fingerprint: true, status: true },
  });
  const seen = new Set(known.map((row) => `${row.key}\n${row.fingerprint}`));
  const busyKeys = new Set(known.filter((row) => row.status === "applying").map((row) => row.key));
  const fresh = proposals.filter(
    (proposal) => !seen.has(`${proposal.key}\n${proposal.fingerprint}`) && !busyKeys.has(proposal.key),
  );
  const rows = fresh.map((proposal) => ({ id: randomUUID(), proposal }));
  await db.$transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      const slice = rows.slice(start, start + ROWS_PER_STATEMENT);
      await tx.suggestion.createMany({
        data: slice.map(({ id, proposal }) => suggestionRow(shop, id, proposal)),
      });
      await tx.suggestionEvent.createMany({
        data: slice.map(({ id }) => ({ shop, suggestionId: id, action: "proposed", toStatus: "proposed" })),
      });
    }
  });
  return { created: rows.length, expired, unchanged: proposals.length - rows.length };
}

function suggestionRow(shop: string, id: string, proposal: Proposal): Prisma.SuggestionCreateManyInput {
  return {
    id,
    shop,
    key: proposal.key,
    fingerprint: proposal.fingerprint,
    kind: proposal.kind,
    status: "proposed",
    title: proposal.title,
    rationale: proposal.rationale,
    productIds: JSON.stringify(proposal.productIds),
    currencyCode: proposal.currencyCode,
    stakeMinor: BigInt(Math.round(proposal.stakeMinor)),
    proposal: JSON.stringify(proposal),
  };
}

// ---- approve, reject ------------------------------------------------------------------------------

export interface ApproveResult {
  approved: string[];
  /** ids left as they were, with why in plain words */
  skipped: Array<{ id: string; reason: string }>;
}

const ACTIVE_ALTERNATIVE: SuggestionStatus[] = ["approved", "applying", "applied"];
/** A failed one may be approved again: its cause may have passed, and apply reads the store first. */
const APPROVABLE: SuggestionStatus[] = ["proposed", "failed"];

export const RESTOCK_NOT_APPROVABLE =
  "A restock alert changes nothing in the store, so it is not approved: reorder from your supplier, then reject it to dismiss it.";

/**
 * Approves the shop's proposed (or failed) suggestions among `ids`. Any id that is not the shop's
 * throws SuggestionNotFound before anything changes; one in another status, a restock alert, or
 * one whose alternative (the same stock acted on another way) is already approved or applied, is
 * skipped with the reason.
 */
export async function approveSuggestions(
  db: Db,
  shop: string,
  ids: string[],
  staff: Staff,
): Promise<ApproveResult> {
  await assertMayApprove(db, shop, staff);
  const unique = [...new Set(ids)];
  const rows = await db.suggestion.findMany({ where: { shop, id: { in: unique } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = unique.find((id) => !byId.has(id));
  if (missing) throw new SuggestionNotFound(missing);

  const result: ApproveResult = { approved: [], skipped: [] };
  for (const id of unique) {
    const row = byId.get(id)!;
    if (!APPROVABLE.includes(row.status as SuggestionStatus)) {
      result.skipped.push({ id, reason: `It is ${row.status}, not waiting for approval.` });
      continue;
    }
    // Approval applies, and a restock alert has nothing to apply: it would wait forever.
    if (row.kind === "restock") {
      result.skipped.push({ id, reason: RESTOCK_NOT_APPROVABLE });
      continue;
    }
    const proposal = JSON.parse(row.proposal) as Proposal;
    if (proposal.alternativeKeys.length > 0) {
      const alternative = await db.suggestion.findFirst({
        where: { shop, key: { in: proposal.alternativeKeys }, status: { in: ACTIVE_ALTERNATIVE } },
        select: { title: true, status: true },
      });
      if (alternative) {
        result.skipped.push({
          id,
          reason: `An alternative for the same stock is already ${alternative.status}: ${alternative.title}.`,
        });
        continue;
      }
    }
    const moved = await transition(db, shop, row, "approved", { action: "approved", staff }, { error: null });
    if (moved) result.approved.push(id);
    else result.skipped.push({ id, reason: "Someone else changed it at the same moment." });
  }
  return result;
}

/** Rejects a proposed or approved suggestion; the reason (required) is kept for the next analyses. */
export async function rejectSuggestion(
  db: Db,
  shop: string,
  id: string,
  staff: Staff,
  reason: string,
): Promise<Suggestion> {
  const row = await findSuggestionRow(db, shop, id);
  await assertMayApprove(db, shop, staff);
  const outcome = await rejectRow(db, shop, row, staff, reasonText(reason));
  if ("refused" in outcome) throw new SuggestionConflict(outcome.refused, row.status);
  return outcome;
}

export interface RejectResult {
  rejected: string[];
  /** ids left as they were, with why in plain words */
  skipped: Array<{ id: string; reason: string }>;
}

/**
 * Rejects the shop's open suggestions among `ids`, as approveSuggestions approves: any id that is
 * not the shop's throws SuggestionNotFound before anything changes; one no longer open is skipped.
 */
export async function rejectSuggestions(
  db: Db,
  shop: string,
  ids: string[],
  staff: Staff,
  reason: string,
): Promise<RejectResult> {
  await assertMayApprove(db, shop, staff);
  const why = reasonText(reason);
  const unique = [...new Set(ids)];
  const rows = await db.suggestion.findMany({ where: { shop, id: { in: unique } } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = unique.find((id) => !byId.has(id));
  if (missing) throw new SuggestionNotFound(missing);
  const result: RejectResult = { rejected: [], skipped: [] };
  for (const id of unique) {
    const outcome = await rejectRow(db, shop, byId.get(id)!, staff, why);
    if ("refused" in outcome) result.skipped.push({ id, reason: outcome.refused });
    else result.rejected.push(id);
  }
  return result;
}

function reasonText(reason: string): string {
  const why = reason.trim();
  if (!why) throw new Error("Say why the suggestion is rejected.");
  return why;
}

async function rejectRow(
  db: Db,
  shop: string,
  row: Suggestion,
  staff: Staff,
  why: string,
): Promise<Suggestion | { refused: string }> {
  if (!OPEN_STATUSES.includes(row.status as SuggestionStatus)) {
    return { refused: `It is already ${row.status}; only open suggestions can be rejected.` };
  }
  const moved = await transition(
    db,
    shop,
    row,
    "rejected",
    { action: "rejected", staff, detail: why },
    { rejectReason: why },
  );
  return moved ?? { refused: "Someone else changed it at the same moment; reload and try again." };
}

// ---- reads -----------------------------------------------------------------------------------------

export interface SuggestionView {
  id: string;
  key: string;
  kind: Proposal["kind"];
  status: SuggestionStatus;
  title: string;
  rationale: string;
  productIds: string[];
  currencyCode: string;
  stakeMinor: number;
  proposal: Proposal;
  beforeState: unknown;
  appliedState: unknown;
  error: string | null;
  rejectReason: string | null;
  baseline: unknown;
  outcome: unknown;
  outcomeDueOn: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  appliedAt: Date | null;
}

const parsed = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function suggestionView(row: Suggestion): SuggestionView {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as Proposal["kind"],
    status: row.status as SuggestionStatus,
    title: row.title,
    rationale: row.rationale,
    productIds: JSON.parse(row.productIds) as string[],
    currencyCode: row.currencyCode,
    stakeMinor: Number(row.stakeMinor),
    proposal: JSON.parse(row.proposal) as Proposal,
    beforeState: parsed(row.beforeState),
    appliedState: parsed(row.appliedState),
    error: row.error,
    rejectReason: row.rejectReason,
    baseline: parsed(row.baseline),
    outcome: parsed(row.outcome),
    outcomeDueOn: row.outcomeDueOn,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    appliedAt: row.appliedAt,
  };
}

export interface ListSuggestionsOptions {
  status?: SuggestionStatus[];
  kind?: Proposal["kind"][];
  productId?: string;
  take?: number;
  skip?: number;
}

/** The shop's suggestions, most money at stake first, with the total for paging. */
export async function listSuggestions(
  db: Db,
  shop: string,
  options: ListSuggestionsOptions = {},
): Promise<{ total: number; suggestions: SuggestionView[] }> {
  const where: Prisma.SuggestionWhereInput = {
    shop,
    ...(options.status?.length ? { status: { in: options.status } } : {}),
    ...(options.kind?.length ? { kind: { in: options.kind } } : {}),
    ...(options.productId ? { productIds: { contains: JSON.stringify(options.productId) } } : {}),
  };
  const [total, rows] = await Promise.all([
    db.suggestion.count({ where }),
    db.suggestion.findMany({
      where,
      orderBy: [{ stakeMinor: "desc" }, { id: "asc" }],
      take: options.take ?? 50,
      skip: options.skip ?? 0,
    }),
  ]);
  return { total, suggestions: rows.map(suggestionView) };
}

export async function getSuggestion(db: Db, shop: string, id: string): Promise<SuggestionView> {
  return suggestionView(await findSuggestionRow(db, shop, id));
}

/** The audit log, newest first: one suggestion's history, or the shop's whole activity. */
export async function listEvents(
  db: Db,
  shop: string,
  options: { suggestionId?: string; take?: number; skip?: number } = {},
): Promise<SuggestionEvent[]> {
  if (options.suggestionId) await findSuggestionRow(db, shop, options.suggestionId);
  return db.suggestionEvent.findMany({
    where: { shop, ...(options.suggestionId ? { suggestionId: options.suggestionId } : {}) },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: options.take ?? 100,
    skip: options.skip ?? 0,
  });
}

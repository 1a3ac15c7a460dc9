import { randomUUID } from "node:crypto";
import type { Suggestion } from "@prisma/client";
import { z } from "zod";
import type { Db } from "../db-client.server";
import { enqueue } from "../jobs/queue.server";
import type { ShopifyClient } from "../shopify/client.server";
import { ShopifyApiError } from "../shopify/errors";
import { dayInZone } from "../sync/records";
import {
  annotate,
  applyClaimed,
  claimForApply,
  readStoreValues,
  targetIds,
  type StoreValues,
} from "./apply.server";
import { baselineContext } from "./outcome.server";
import type { Proposal } from "./types";
import {
  assertMayApprove,
  findSuggestionRow,
  SuggestionConflict,
  SuggestionNotFound,
  type Staff,
} from "./workflow.server";

/*
 * Applying many approved suggestions as one job. The job's payload holds the ids and the staff
 * member; progress is the suggestions' own statuses, so a page reads it without the job writing
 * counters. Reads are batched (one nodes() query for up to 250 items), writes go one mutation per
 * product at the pace the client's cost tracking allows, and one analytics annotation marks each
 * batch instead of one per change.
 */

export const APPLY_JOB_KIND = "apply-suggestions";

/** Suggestions claimed and read together. */
const SUGGESTIONS_PER_BATCH = 50;

export const applyJobPayload = z.object({
  ids: z.array(z.string().min(1)).min(1),
  staff: z.object({ id: z.string().min(1), name: z.string().nullish(), email: z.string().nullish() }),
  /** names this run in its claims' events: a retry settles only the suggestions it claimed */
  runId: z.string().min(1).optional(),
});
export type ApplyJobPayload = z.infer<typeof applyJobPayload>;

/** Queues applying the approved suggestions among `ids`; unknown ids are refused before anything is queued. */
export async function requestBulkApply(
  db: Db,
  shop: string,
  ids: string[],
  staff: Staff,
): Promise<{ jobId: string }> {
  await assertMayApprove(db, shop, staff);
  const unique = [...new Set(ids)];
  const found = await db.suggestion.findMany({ where: { shop, id: { in: unique } }, select: { id: true } });
  const known = new Set(found.map((row) => row.id));
  const missing = unique.find((id) => !known.has(id));
  if (missing) throw new SuggestionNotFound(missing);
  const payload: ApplyJobPayload = {
    ids: unique,
    staff: { id: staff.id, name: staff.name, email: staff.email },
    runId: randomUUID(),
  };
  const { id } = await enqueue(db, shop, APPLY_JOB_KIND, payload, { maxAttempts: 3 });
  return { jobId: id };
}

export interface BulkApplyProgress {
  jobStatus: string;
  total: number;
  /** approved, not started yet */
  waiting: number;
  applying: number;
  applied: number;
  failed: number;
  stale: number;
  /** no longer approved when the job reached them (rejected, expired, applied by someone else) */
  other: number;
}

/** A bulk apply's progress from its suggestions' statuses; another shop's job id is not found. */
export async function bulkApplyProgress(db: Db, shop: string, jobId: string): Promise<BulkApplyProgress> {
  const job = await db.job.findFirst({ where: { id: jobId, shop, kind: APPLY_JOB_KIND } });
  if (!job) throw new SuggestionNotFound(jobId);
  const { ids } = applyJobPayload.parse(JSON.parse(job.payload));
  const counts = await db.suggestion.groupBy({
    by: ["status"],
    // A restock alert approved before approving them was refused is never applied: counted as other.
    where: { shop, id: { in: ids }, kind: { not: "restock" } },
    _count: { _all: true },
  });
  const count = (status: string) => counts.find((row) => row.status === status)?._count._all ?? 0;
  const waiting = count("approved");
  const progress = {
    jobStatus: job.status,
    total: ids.length,
    waiting,
    applying: count("applying"),
    applied: count("applied"),
    failed: count("failed"),
    stale: count("stale"),
  };
  const counted = waiting + progress.applying + progress.applied + progress.failed + progress.stale;
  return { ...progress, other: ids.length - counted };
}

export interface BulkApplyOptions {
  now?: () => Date;
  /**
   * a retry of the job: suggestions an earlier attempt of this run left applying are settled from
   * the store (one another request is applying is not this run's to settle)
   */
  resume?: boolean;
}

/** Runs a bulk apply: each approved suggestion is claimed, read in batches, written and settled. */
export async function runBulkApply(
  db: Db,
  client: ShopifyClient,
  shop: string,
  payload: ApplyJobPayload,
  options: BulkApplyOptions = {},
): Promise<{ applied: number; failed: number; stale: number; skipped: number }> {
  const now = options.now ?? (() => new Date());
  const shopRow = await db.shop.findUniqueOrThrow({
    where: { domain: shop },
    select: { ianaTimezone: true },
  });
  const applyDay = dayInZone(shopRow.ianaTimezone ?? "UTC")(now());
  const context = await baselineContext(db, shop, applyDay);
  const totals = { applied: 0, failed: 0, stale: 0, skipped: 0 };

  for (let start = 0; start < payload.ids.length; start += SUGGESTIONS_PER_BATCH) {
    const claimed: Array<{ row: Suggestion; resumed: boolean }> = [];
    for (const id of payload.ids.slice(start, start + SUGGESTIONS_PER_BATCH)) {
      try {
        claimed.push({
          row: await claimForApply(db, shop, id, payload.staff, payload.runId),
          resumed: false,
        });
      } catch (error) {
        if (!(error instanceof SuggestionConflict)) throw error;
        const row = options.resume ? await findSuggestionRow(db, shop, id) : null;
        if (row?.status === "applying" && (await claimedByRun(db, shop, row.id, payload.runId))) {
          claimed.push({ row, resumed: true });
        } else totals.skipped += 1;
      }
    }
    const current = await readBatch(
      client,
      claimed.map(({ row }) => ({ id: row.id, proposal: JSON.parse(row.proposal) as Proposal })),
    );
    const applied: string[] = [];
    for (const { row, resumed } of claimed) {
      const result = await applyClaimed(db, client, shop, row, payload.staff, {
        now,
        annotate: false,
        current: current?.get(row.id),
        baselineContext: context,
        resumed,
      });
      totals[result.status] += 1;
      if (result.status === "applied") applied.push(row.title);
    }
    if (applied.length > 0) {
      const kinds = [...new Set(claimed.map(({ row }) => row.kind as Proposal["kind"]))];
      await annotate(
        client,
        kinds.length === 1 ? kinds[0]! : "markdown",
        `Shelfwise: ${applied.length} suggested change${applied.length === 1 ? "" : "s"} applied`,
        now(),
        applied.join("; "),
      );
    }
  }
  return totals;
}

/** Whether the suggestion's latest claim (its applying event) was made by this bulk run. */
async function claimedByRun(db: Db, shop: string, id: string, runId: string | undefined): Promise<boolean> {
  if (!runId) return false;
  const claim = await db.suggestionEvent.findFirst({
    where: { shop, suggestionId: id, action: "applying" },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    select: { detail: true },
  });
  return claim?.detail === JSON.stringify({ bulkRun: runId });
}

/**
 * The store values of a batch's suggestions, read with as few queries as the id limit allows.
 * null when a read fails: each suggestion then reads on its own and fails with the reason.
 */
async function readBatch(
  client: ShopifyClient,
  batch: Array<{ id: string; proposal: Proposal }>,
): Promise<Map<string, StoreValues> | null> {
  if (batch.length === 0) return new Map();
  const variantIds = batch.flatMap(({ proposal }) => targetIds(proposal).variantIds);
  const productIds = batch.flatMap(({ proposal }) => targetIds(proposal).productIds);
  let values: StoreValues;
  try {
    values = await readStoreValues(client, { variantIds, productIds }, batch[0]!.proposal.currencyCode);
  } catch (error) {
    if (error instanceof ShopifyApiError) return null;
    throw error;
  }
  const byId = new Map<string, StoreValues>();
  for (const { id, proposal } of batch) {
    const ids = targetIds(proposal);
    byId.set(id, {
      variants: values.variants.filter((variant) => ids.variantIds.includes(variant.variantId)),
      products: values.products.filter((product) => ids.productIds.includes(product.productId)),
    });
  }
  return byId;
}

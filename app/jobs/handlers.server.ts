import { z } from "zod";
import type { Db } from "../db-client.server";
import { ANALYSIS_JOB_KIND, requestAnalysis, runAnalysis } from "../models/analysis.server";
import { SYNC_JOB_KIND } from "../models/sync-status.server";
import type { ShopifyClient } from "../shopify/client.server";
import { runFirstSync, SYNC_RUN_KIND, type FirstSyncOptions } from "../sync/bulk.server";
import { applyChange, type ChangeContext } from "../sync/changes.server";
import { dayInZone } from "../sync/records";
import { reconcile } from "../sync/reconcile.server";
import { APPLY_JOB_KIND, applyJobPayload, runBulkApply } from "../suggestions/bulk-apply.server";
import { measureDueOutcomes } from "../suggestions/outcome.server";
import { readBundlesEligibility } from "../suggestions/apply.server";
import { refreshSuggestions } from "../suggestions/workflow.server";
import { snapshotInventory } from "../sync/snapshots.server";
import { CHANGE_JOB_KIND } from "../sync/webhooks.server";
import { enqueue, type JobHandler } from "./queue.server";

export const DAILY_JOB_KIND = "daily";
export const OUTCOME_JOB_KIND = "measure-outcomes";

const changeNotice = z.object({
  resource: z.enum(["product", "order", "customer", "inventoryItem"]),
  id: z.string().startsWith("gid://shopify/"),
  updatedAt: z.string().nullable(),
  deleted: z.boolean(),
});

export interface HandlerDependencies {
  db: Db;
  /** The shop's Admin API client, from its stored offline session. */
  clientFor(shop: string): Promise<ShopifyClient>;
  now?: () => Date;
  /** how bulk exports are polled and downloaded (tests run them on simulated time, in process) */
  syncOptions?: Pick<FirstSyncOptions, "fetchJsonl" | "sleep" | "pollIntervalMs">;
}

/** The next run of the daily job: 03:00 UTC tomorrow, when most stores are quiet. */
const nextDailyRun = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3));

/** What each kind of job does. Every job acts for the shop on its own row, nothing else. */
export function jobHandlers({
  db,
  clientFor,
  now = () => new Date(),
  syncOptions,
}: HandlerDependencies): Record<string, JobHandler> {
  async function changeContext(shop: string): Promise<ChangeContext & { client: ShopifyClient }> {
    const settings = await db.shop.findUnique({ where: { domain: shop } });
    if (!settings?.ianaTimezone || !settings.currencyCode) {
      throw new Error(`${shop}: the shop's time zone and currency are not known yet`);
    }
    return {
      db,
      client: await clientFor(shop),
      shop,
      options: { timeZone: settings.ianaTimezone, currencyCode: settings.currencyCode },
    };
  }

  return {
    [SYNC_JOB_KIND]: async ({ shop }) => {
      const context = await changeContext(shop);
      const outcomes = await runFirstSync(db, context.client, shop, { ...syncOptions, now });
      const failed = outcomes.filter((outcome) => outcome.status === "FAILED");
      // The job fails (and is retried later) so the Sync page shows it; resources that
      // completed are kept.
      if (failed.length > 0) {
        throw new Error(
          failed.map((outcome) => `${outcome.resource}: ${outcome.error ?? "failed"}`).join("; "),
        );
      }
      await snapshotInventory(db, shop, dayInZone(context.options.timeZone)(now()));
      await requestAnalysis(db, shop, "sync", now());
    },
    [CHANGE_JOB_KIND]: async ({ shop, payload }) => {
      await applyChange(await changeContext(shop), changeNotice.parse(payload));
    },
    [ANALYSIS_JOB_KIND]: async ({ shop }) => {
      // Read first: if Shopify cannot answer, the job is retried before any analysis is stored.
      const bundlesEligible = await readBundlesEligibility(await clientFor(shop));
      const run = await runAnalysis(db, shop, { now });
      await refreshSuggestions(db, shop, run, { bundlesEligible });
    },
    [APPLY_JOB_KIND]: async ({ shop, payload, attempts }) => {
      await runBulkApply(db, await clientFor(shop), shop, applyJobPayload.parse(payload), {
        now,
        resume: attempts > 1,
      });
    },
    [OUTCOME_JOB_KIND]: async ({ shop }) => {
      const context = await changeContext(shop);
      await measureDueOutcomes(db, shop, dayInZone(context.options.timeZone)(now()));
    },
    [DAILY_JOB_KIND]: async ({ shop }) => {
      const installation = await db.shop.findUnique({
        where: { domain: shop },
        select: { uninstalledAt: true },
      });
      // An uninstalled shop's chain ends here; a reinstall schedules it again (scheduleSyncs).
      if (!installation || installation.uninstalledAt) return;
      // Tomorrow's run is queued first, so a run that fails for good does not end the chain.
      await enqueue(db, shop, DAILY_JOB_KIND, {}, { dedupeKey: "daily", runAt: nextDailyRun(now()) });
      const context = await changeContext(shop);
      await reconcile(context, now());
      await snapshotInventory(db, shop, dayInZone(context.options.timeZone)(now()));
      await requestAnalysis(db, shop, "daily", now());
      // After the reconciliation, so the window's last sales are in.
      await enqueue(db, shop, OUTCOME_JOB_KIND, {}, { dedupeKey: "outcomes", runAt: now() });
    },
  };
}

/** After install: the first full sync now, and the daily reconciliation and snapshot from tomorrow. */
export async function scheduleSyncs(db: Db, shop: string, now = new Date()): Promise<void> {
  const synced = await db.syncRun.count({ where: { shop, kind: SYNC_RUN_KIND, status: "COMPLETED" } });
  if (synced === 0) {
    await enqueue(db, shop, SYNC_JOB_KIND, { reason: "install" }, { dedupeKey: "full", runAt: now });
  }
  const pendingDaily = await db.job.count({
    where: { shop, kind: DAILY_JOB_KIND, status: { in: ["queued", "running"] } },
  });
  if (pendingDaily === 0)
    await enqueue(db, shop, DAILY_JOB_KIND, {}, { dedupeKey: "daily", runAt: nextDailyRun(now) });
}

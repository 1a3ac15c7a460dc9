import type { SyncRun } from "@prisma/client";
import type { Db } from "../db-client.server";
import { SYNC_RESOURCES, type SyncResource } from "../sync/records";

export type { SyncResource };

export const SYNC_JOB_KIND = "sync";

export interface ResourceStatus {
  resource: SyncResource;
  latest: Pick<
    SyncRun,
    "status" | "objectsDone" | "objectsTotal" | "error" | "startedAt" | "finishedAt"
  > | null;
  lastSuccessAt: Date | null;
}

/** Per resource: the latest run (for live progress) and when a sync last succeeded. */
export async function syncOverview(db: Db, shop: string) {
  const resources: ResourceStatus[] = await Promise.all(
    SYNC_RESOURCES.map(async (resource) => {
      const [latest, lastSuccess] = await Promise.all([
        db.syncRun.findFirst({ where: { shop, resource }, orderBy: { startedAt: "desc" } }),
        db.syncRun.findFirst({
          where: { shop, resource, status: "COMPLETED" },
          orderBy: { finishedAt: "desc" },
          select: { finishedAt: true },
        }),
      ]);
      return { resource, latest, lastSuccessAt: lastSuccess?.finishedAt ?? null };
    }),
  );
  const pendingJob = await db.job.findFirst({
    where: { shop, kind: SYNC_JOB_KIND, status: { in: ["queued", "running"] } },
    select: { status: true, attempts: true, lastError: true },
  });
  const failedJob = pendingJob
    ? null
    : await db.job.findFirst({
        where: { shop, kind: SYNC_JOB_KIND, status: "failed" },
        orderBy: { finishedAt: "desc" },
        select: { lastError: true, finishedAt: true },
      });
  return { resources, pendingJob, failedJob };
}

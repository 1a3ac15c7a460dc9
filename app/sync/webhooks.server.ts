import { ZodError } from "zod";
import type { Db } from "../db-client.server";
import { enqueue } from "../jobs/queue.server";
import { handleOnce } from "../webhooks/deliveries.server";
import { mergeNotices, parseChangeNotice, type ChangeNotice, type SyncWebhookTopic } from "./webhooks";

export const CHANGE_JOB_KIND = "sync-change";

/**
 * A sync webhook, answered within Shopify's 5 seconds: the notice is queued (one queued job per
 * record, so a burst of updates to one order costs one read) and the work happens in a job.
 * A deletion is written as a tombstone at once, so an export already running cannot bring the
 * record back.
 */
export async function acceptChangeNotice(
  db: Db,
  delivery: { shop: string; webhookId: string; topic: SyncWebhookTopic },
  payload: unknown,
): Promise<Response> {
  let notice;
  try {
    notice = parseChangeNotice(delivery.topic, payload);
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const problems = error.issues
      .map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
      .join("; ");
    console.error(`${delivery.topic} from ${delivery.shop}: payload rejected: ${problems}`);
    return new Response(`payload rejected: ${problems}`, { status: 422 });
  }
  const { shop } = delivery;
  await handleOnce(db, delivery, async () => {
    if (notice.deleted) {
      const resource = `${notice.resource}s`;
      await db.tombstone.upsert({
        where: { shop_resource_resourceId: { shop, resource, resourceId: notice.id } },
        create: { shop, resource, resourceId: notice.id, deletedAt: new Date() },
        update: {},
      });
    }
    await queueNotice(db, shop, notice);
  });
  return new Response();
}

/** Attempts at folding a notice into its record's queued job before queuing it on its own. */
const MERGE_ATTEMPTS = 5;

/**
 * Queues the notice, or folds it into the job already queued for the same record (mergeNotices).
 * The fold is a compare-and-set on the queued payload; a job claimed meanwhile has released its
 * key, so the notice is then queued anew.
 */
async function queueNotice(db: Db, shop: string, notice: ChangeNotice): Promise<void> {
  const dedupeKey = `${notice.resource}:${notice.id}`;
  for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt++) {
    const queued = await enqueue(db, shop, CHANGE_JOB_KIND, notice, { dedupeKey });
    if (queued.created) return;
    const job = await db.job.findFirst({ where: { id: queued.id, shop, status: "queued" } });
    if (!job) continue;
    const merged = mergeNotices(JSON.parse(job.payload) as ChangeNotice, notice);
    const folded = await db.job.updateMany({
      where: { id: job.id, shop, status: "queued", payload: job.payload },
      data: { payload: JSON.stringify(merged) },
    });
    if (folded.count === 1) return;
  }
  throw new Error(`${shop}: could not queue the ${notice.resource} notice for ${notice.id}`);
}

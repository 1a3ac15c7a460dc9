import { ZodError } from "zod";
import type { Db } from "../db-client.server";
import { enqueue } from "../jobs/queue.server";
import { handleOnce } from "../webhooks/deliveries.server";
import { parseChangeNotice, type SyncWebhookTopic } from "./webhooks";

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
    await enqueue(db, shop, CHANGE_JOB_KIND, notice, { dedupeKey: `${notice.resource}:${notice.id}` });
  });
  return new Response();
}

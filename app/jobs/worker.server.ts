import { db } from "../db.server";
import { env } from "../env.server";
import { createShopifyClient } from "../shopify/client.server";
import { unauthenticated } from "../shopify.server";
import { jobHandlers } from "./handlers.server";
import { startWorker } from "./queue.server";

declare global {
  // One worker per server process, across dev-server rebuilds.
  var shelfwiseWorker: ReturnType<typeof startWorker> | undefined;
}

/**
 * Starts this process's job worker (unless JOB_WORKER=off, e.g. for web-only instances when a
 * separate worker process runs). Every instance may run one: claims are exclusive.
 */
export function ensureJobWorker(): void {
  const config = env();
  if (config.JOB_WORKER === "off" || config.NODE_ENV === "test" || globalThis.shelfwiseWorker) return;
  const worker = startWorker(
    db,
    jobHandlers({
      db,
      // The shop comes from the job row, which a verified session or webhook created.
      clientFor: async (shop) =>
        createShopifyClient({ graphql: (await unauthenticated.admin(shop)).admin.graphql }),
    }),
  );
  globalThis.shelfwiseWorker = worker;
  // Let the server shut down: finish the job in hand, take no new one.
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void worker.stop());
}

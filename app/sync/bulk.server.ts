import { Readable } from "node:stream";
import type { Db } from "../db-client.server";
import {
  ABANDONED_CHECKOUTS_BULK_QUERY,
  BULK_OPERATION_RUN_QUERY,
  BULK_OPERATION_STATUS,
  CUSTOMERS_BULK_QUERY,
  ORDERS_BULK_QUERY,
  PRODUCTS_BULK_QUERY,
} from "../shopify/bulk-queries";
import type { ShopifyClient } from "../shopify/client.server";
import {
  ShopifyGraphqlError,
  ShopifyHttpError,
  ShopifyUncertainWriteError,
  ShopifyUserErrors,
} from "../shopify/errors";
import type {
  BulkOperationRunQueryMutation,
  BulkOperationStatusQuery,
  SyncShopSettingsQuery,
} from "../types/admin.generated";
import { JsonlError, readJsonl } from "./jsonl.server";
import { SYNC_RESOURCES, type ParseOptions, type SyncResource } from "./records";
import { replaceResource } from "./store.server";

/*
 * The first sync: one bulk export per resource, started together (Shopify runs up to five bulk
 * queries per shop at once), polled with bulkOperation(id) because the finish webhook is not
 * guaranteed, then streamed from its URL into the database one resource at a time. Each resource
 * has a SyncRun the Sync page reads. An export that fails, or whose file is cut short or malformed,
 * is a failed attempt that changed nothing; it is started again, a bounded number of times.
 */

/** The part of the Shopify client (app/shopify/client.server.ts) the sync uses. */
export type SyncClient = Pick<ShopifyClient, "query" | "mutate">;

export const BULK_QUERIES: Record<SyncResource, string> = {
  products: PRODUCTS_BULK_QUERY,
  orders: ORDERS_BULK_QUERY,
  customers: CUSTOMERS_BULK_QUERY,
  abandonedCheckouts: ABANDONED_CHECKOUTS_BULK_QUERY,
};

const SYNC_SHOP_SETTINGS = `#graphql
  query SyncShopSettings {
    shop {
      ianaTimezone
      currencyCode
    }
  }
`;

export const SYNC_RUN_KIND = "bulk";

export type SyncRunStatus = "RUNNING" | "COMPLETED" | "FAILED";

export interface SyncProgress {
  resource: SyncResource;
  status: SyncRunStatus;
  /** 1 for the first try */
  attempt: number;
  bulkOperationId: string | null;
  objectsDone: number;
  objectsTotal: number | null;
  /** why the attempt or the run failed */
  error: string | null;
}

export interface FirstSyncOptions {
  /** downloads an export's JSONL (default: global fetch); only the body stream is read */
  fetchJsonl?: (url: string) => Promise<Response>;
  /** between two bulkOperation(id) polls (default 2 s) */
  pollIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (progress: SyncProgress) => void;
  /** exports started per resource before giving up (default 3) */
  maxAttempts?: number;
  /** default: all four */
  resources?: readonly SyncResource[];
  /** the clock for syncedAt and finishedAt */
  now?: () => Date;
  /** rows per write (default 1,000) */
  batchSize?: number;
}

export interface ResourceOutcome extends SyncProgress {
  syncRunId: string;
}

type BulkOperation = NonNullable<BulkOperationStatusQuery["bulkOperation"]>;

/** One attempt went wrong; `retry` says whether another export could go better. */
class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** Requests to start one export, when Shopify's answers leave it unknown whether it started. */
const START_TRIES = 3;
const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELED", "EXPIRED"]);
const RESOURCE_WORDS: Record<SyncResource, string> = {
  products: "products",
  orders: "orders",
  customers: "customers",
  abandonedCheckouts: "abandoned checkouts",
};

function failedExport(resource: SyncResource, operation: BulkOperation): AttemptFailed {
  const what = `Shopify's export of ${RESOURCE_WORDS[resource]}`;
  if (operation.status === "FAILED" && operation.errorCode === "ACCESS_DENIED") {
    return new AttemptFailed(`${what} was refused: the app lacks the access it needs.`, false);
  }
  if (operation.status === "FAILED") {
    const reason = operation.errorCode === "TIMEOUT" ? "took too long" : "failed on Shopify's side";
    return new AttemptFailed(`${what} ${reason} (${operation.errorCode ?? "no error code"}).`, true);
  }
  return new AttemptFailed(`${what} ended ${operation.status.toLowerCase()} before it completed.`, true);
}

/** Why an attempt failed, in plain words, and whether to try again. */
function attemptFailure(error: unknown): AttemptFailed {
  if (error instanceof AttemptFailed) return error;
  if (error instanceof JsonlError)
    return new AttemptFailed(`The export file is unusable: ${error.message}`, true);
  if (error instanceof ShopifyUserErrors) {
    const busy = error.userErrors.some(
      (one) => one.code === "LIMIT_REACHED" || one.code === "OPERATION_IN_PROGRESS",
    );
    return new AttemptFailed(error.message, busy);
  }
  if (error instanceof ShopifyGraphqlError) return new AttemptFailed(error.message, false);
  if (error instanceof ShopifyHttpError) {
    return new AttemptFailed(error.message, error.status === null || error.status >= 500);
  }
  return new AttemptFailed(error instanceof Error ? error.message : String(error), true);
}

async function shopSettings(db: Db, client: SyncClient, shop: string): Promise<ParseOptions> {
  const stored = await db.shop.findUnique({
    where: { domain: shop },
    select: { ianaTimezone: true, currencyCode: true },
  });
  if (stored?.ianaTimezone && stored.currencyCode) {
    return { timeZone: stored.ianaTimezone, currencyCode: stored.currencyCode };
  }
  const data = await client.query<SyncShopSettingsQuery>(SYNC_SHOP_SETTINGS);
  return { timeZone: data.shop.ianaTimezone, currencyCode: data.shop.currencyCode };
}

/** Runs tasks one after another, whoever asks: imports take the database one at a time. */
function serially() {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
}

/**
 * The first (or any full) sync of a shop through bulk exports. Resolves with each resource's
 * outcome once all are done; a resource that keeps failing is reported FAILED (here and in its
 * SyncRun) while the others complete.
 */
export async function runFirstSync(
  db: Db,
  client: SyncClient,
  shop: string,
  options: FirstSyncOptions = {},
): Promise<ResourceOutcome[]> {
  const fetchJsonl = options.fetchJsonl ?? ((url: string) => fetch(url));
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = options.maxAttempts ?? 3;
  const now = options.now ?? (() => new Date());
  const settings = await shopSettings(db, client, shop);
  const exclusive = serially();

  async function startExport(resource: SyncResource): Promise<string> {
    for (let tries = 1; ; tries += 1) {
      try {
        const data = await client.mutate<BulkOperationRunQueryMutation>(
          BULK_OPERATION_RUN_QUERY,
          { query: BULK_QUERIES[resource] },
          { userErrorsPath: "bulkOperationRunQuery.userErrors" },
        );
        const id = data.bulkOperationRunQuery?.bulkOperation?.id;
        if (!id) throw new AttemptFailed("Shopify did not start the export.", true);
        return id;
      } catch (error) {
        // Starting an export only reads: if the failed request did start one after all, that
        // export just runs to its end unused. So asking again is safe, unlike other writes.
        if (!(error instanceof ShopifyUncertainWriteError) || tries >= START_TRIES) throw error;
        await sleep(pollIntervalMs);
      }
    }
  }

  async function finishedExport(id: string): Promise<BulkOperation> {
    for (;;) {
      await sleep(pollIntervalMs);
      const data = await client.query<BulkOperationStatusQuery>(BULK_OPERATION_STATUS, { id });
      const operation = data.bulkOperation;
      if (!operation) throw new AttemptFailed(`Shopify no longer knows the export ${id}.`, true);
      if (TERMINAL.has(operation.status)) return operation;
    }
  }

  async function syncResource(resource: SyncResource, syncRunId: string): Promise<ResourceOutcome> {
    const state: ResourceOutcome = {
      resource,
      syncRunId,
      status: "RUNNING",
      attempt: 0,
      bulkOperationId: null,
      objectsDone: 0,
      objectsTotal: null,
      error: null,
    };
    // Every save writes the whole state: on SQLite a save made while another resource's import
    // holds the connection's transaction is undone with it if that import fails.
    const save = async () => {
      const finished = state.status !== "RUNNING";
      await db.syncRun.update({
        where: { id: syncRunId },
        data: {
          status: state.status,
          bulkOperationId: state.bulkOperationId,
          objectsDone: state.objectsDone,
          objectsTotal: state.objectsTotal,
          error: state.error,
          finishedAt: finished ? now() : null,
        },
      });
      const { syncRunId: _id, ...progress } = state;
      options.onProgress?.(progress);
    };

    while (state.attempt < maxAttempts) {
      state.attempt += 1;
      state.error = null;
      try {
        state.bulkOperationId = await startExport(resource);
        state.objectsDone = 0;
        state.objectsTotal = null;
        await save();
        const operation = await finishedExport(state.bulkOperationId);
        if (operation.status !== "COMPLETED") throw failedExport(resource, operation);
        state.objectsTotal = Number(operation.objectCount);
        await save();
        await exclusive(async () => {
          const response = operation.url ? await fetchJsonl(operation.url) : null;
          if (response && !response.ok) {
            throw new AttemptFailed(`Downloading the export failed (HTTP ${response.status}).`, true);
          }
          // No URL: the export found nothing (an empty store), which replaces the rows with none.
          const body = response?.body ?? Readable.from([]);
          const batches = readJsonl(body, resource, {
            ...settings,
            name: `${resource} export`,
            batchSize: options.batchSize,
          });
          await replaceResource(db, shop, resource, batches, {
            exportStartedAt: new Date(operation.createdAt),
            expectedObjects: state.objectsTotal ?? undefined,
            syncedAt: now(),
            onBatch: async (objectsDone) => {
              state.objectsDone = objectsDone;
              await save();
            },
          });
        });
        state.status = "COMPLETED";
        await save();
        return state;
      } catch (error) {
        const failure = attemptFailure(error);
        state.error = failure.message;
        state.objectsDone = 0;
        if (!failure.retry) break;
        await save();
      }
    }
    state.status = "FAILED";
    state.error =
      state.attempt > 1
        ? `Gave up after ${state.attempt} attempts. The last one: ${state.error}`
        : state.error;
    await save();
    return state;
  }

  // Every SyncRun exists before any import opens a transaction (see `save`).
  const runs = await Promise.all(
    (options.resources ?? SYNC_RESOURCES).map(async (resource) => {
      const run = await db.syncRun.create({
        data: { shop, resource, kind: SYNC_RUN_KIND, status: "RUNNING", startedAt: now() },
        select: { id: true },
      });
      return { resource, id: run.id };
    }),
  );
  return Promise.all(runs.map((run) => syncResource(run.resource, run.id)));
}

import type { Job } from "@prisma/client";
import type { Db } from "../db-client.server";

export type { Job };

export interface EnqueueOptions {
  /**
   * At most one queued job per shop, kind and key: a second enqueue is a no-op. The key is
   * released when a worker claims the job, so work that arrives while it runs is queued anew.
   */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

// By code, not class: the PostgreSQL client bundles its own copy of Prisma's error classes.
const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** Adds a job for the shop; with a dedupeKey, returns the pending one instead of adding another. */
export async function enqueue(
  db: Db,
  shop: string,
  kind: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<{ id: string; created: boolean }> {
  try {
    const job = await db.job.create({
      data: {
        shop,
        kind,
        payload: JSON.stringify(payload ?? null),
        dedupeKey: options.dedupeKey ?? null,
        runAt: options.runAt ?? new Date(),
        maxAttempts: options.maxAttempts ?? 5,
      },
    });
    return { id: job.id, created: true };
  } catch (error) {
    if (options.dedupeKey && isUniqueViolation(error)) {
      const pending = await db.job.findUnique({
        where: { shop_kind_dedupeKey: { shop, kind, dedupeKey: options.dedupeKey } },
      });
      if (pending) return { id: pending.id, created: false };
    }
    throw error;
  }
}

/**
 * Claims the next due job, or one whose worker's lease ran out. The claim is an update that only
 * matches while the row is as it was read, so of several workers racing for a job exactly one
 * wins; this works the same on SQLite and PostgreSQL.
 */
export async function claimNext(db: Db, now: Date, leaseMs: number): Promise<Job | null> {
  const candidates = await db.job.findMany({
    where: {
      OR: [
        { status: "queued", runAt: { lte: now } },
        { status: "running", lockedUntil: { lt: now } },
      ],
    },
    orderBy: { runAt: "asc" },
    take: 10,
  });
  for (const candidate of candidates) {
    const lockedUntil = new Date(now.getTime() + leaseMs);
    const claimed = await db.job.updateMany({
      where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
      data: { status: "running", lockedUntil, attempts: candidate.attempts + 1, dedupeKey: null },
    });
    // Read again: a notice folded into the payload between the read above and the claim is part
    // of the job (app/sync/webhooks.server.ts).
    if (claimed.count === 1) return db.job.findUniqueOrThrow({ where: { id: candidate.id } });
  }
  return null;
}

// Only the worker holding the claim (same attempt) may settle the job; a worker whose lease ran
// out and whose job was claimed again finds nothing to update.
const heldBy = (job: Job) => ({ id: job.id, status: "running", attempts: job.attempts });

export async function complete(db: Db, job: Job, now: Date): Promise<boolean> {
  const settled = await db.job.updateMany({
    where: heldBy(job),
    data: { status: "done", finishedAt: now, lockedUntil: null, lastError: null },
  });
  return settled.count === 1;
}

/** Extends the lease of a job this worker still holds; false when it no longer holds it. */
export async function renewLease(db: Db, job: Job, lockedUntil: Date): Promise<boolean> {
  const renewed = await db.job.updateMany({ where: heldBy(job), data: { lockedUntil } });
  return renewed.count === 1;
}

/** Exponential backoff: 30 s, 2 min, 8 min, ... capped at 1 hour. */
export const retryDelayMs = (attempts: number) =>
  Math.min(30_000 * 4 ** Math.max(attempts - 1, 0), 3_600_000);

export async function fail(db: Db, job: Job, error: unknown, now: Date): Promise<"retry" | "failed"> {
  const message = error instanceof Error ? error.message : String(error);
  const final = job.attempts >= job.maxAttempts;
  await db.job.updateMany({
    where: heldBy(job),
    data: final
      ? { status: "failed", finishedAt: now, lockedUntil: null, lastError: message }
      : {
          status: "queued",
          runAt: new Date(now.getTime() + retryDelayMs(job.attempts)),
          lockedUntil: null,
          lastError: message,
        },
  });
  return final ? "failed" : "retry";
}

export type JobHandler = (job: { shop: string; payload: unknown; attempts: number }) => Promise<void>;

export interface WorkerOptions {
  pollMs?: number;
  leaseMs?: number;
  now?: () => Date;
  log?: (message: string) => void;
}

/** Runs due jobs one at a time until stopped; each job's shop comes from the job row. */
export function startWorker(db: Db, handlers: Record<string, JobHandler>, options: WorkerOptions = {}) {
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 10 * 60_000;
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.log(message));
  let stopped = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  let wake: (() => void) | undefined;

  async function runOne(): Promise<boolean> {
    const job = await claimNext(db, now(), leaseMs);
    if (!job) return false;
    const handler = handlers[job.kind];
    // A first sync can outlast the lease; renewing it keeps another instance from claiming the
    // job as abandoned and running it a second time alongside this one.
    const heartbeat = setInterval(() => {
      renewLease(db, job, new Date(now().getTime() + leaseMs)).catch((error: unknown) =>
        log(`job ${job.kind} for ${job.shop}: could not renew its lease: ${String(error)}`),
      );
    }, leaseMs / 3);
    heartbeat.unref();
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler({ shop: job.shop, payload: JSON.parse(job.payload) as unknown, attempts: job.attempts });
      await complete(db, job, now());
    } catch (error) {
      const outcome = await fail(db, job, error, now());
      log(`job ${job.kind} for ${job.shop} failed (attempt ${job.attempts}, ${outcome}): ${String(error)}`);
    } finally {
      clearInterval(heartbeat);
    }
    return true;
  }

  const loop = (async () => {
    while (!stopped) {
      let worked = false;
      try {
        worked = await runOne();
      } catch (error) {
        log(`job worker: ${String(error)}`);
      }
      if (!worked && !stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          idle = setTimeout(resolve, pollMs);
        });
      }
    }
  })();

  return {
    /** Checks for work now instead of at the next poll (after an enqueue, for instance). */
    poke() {
      if (idle) clearTimeout(idle);
      wake?.();
    },
    async stop() {
      stopped = true;
      this.poke();
      await loop;
    },
  };
}

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db-client.server";
import { claimNext, complete, enqueue, fail, retryDelayMs, startWorker } from "./queue.server";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";

const SHOP = "queue.myshopify.com";
const T0 = new Date("2026-11-29T10:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);

describe.each(BOTH_DATABASES)("job queue on %s", (_name, open) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await open();
    db = database.db;
  });
  afterAll(async () => {
    await database.drop();
  });
  beforeEach(async () => {
    await db.job.deleteMany({});
  });

  it("keeps one queued job per dedupe key and queues a new one once a worker has taken it", async () => {
    const first = await enqueue(
      db,
      SHOP,
      "sync",
      { resource: "products" },
      { dedupeKey: "products", runAt: T0 },
    );
    const second = await enqueue(
      db,
      SHOP,
      "sync",
      { resource: "products" },
      { dedupeKey: "products", runAt: T0 },
    );
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    // Another shop's job with the same key is its own.
    expect((await enqueue(db, "other.myshopify.com", "sync", {}, { dedupeKey: "products" })).created).toBe(
      true,
    );

    const job = await claimNext(db, T0, 60_000);
    expect(job?.id).toBe(first.id);
    // A change that arrives while the job runs must not be lost in it.
    const whileRunning = await enqueue(db, SHOP, "sync", {}, { dedupeKey: "products", runAt: T0 });
    expect(whileRunning.created).toBe(true);
    expect(await complete(db, job!, T0)).toBe(true);
    expect((await enqueue(db, SHOP, "sync", {}, { dedupeKey: "products" })).id).toBe(whileRunning.id);
  });

  it("hands a job to exactly one of many workers claiming at once", async () => {
    await enqueue(db, SHOP, "analyze", {}, { runAt: T0 });
    const claims = await Promise.all(Array.from({ length: 8 }, () => claimNext(db, T0, 60_000)));
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
  });

  it("does not run a job before its time, and reclaims one whose worker's lease ran out", async () => {
    await enqueue(db, SHOP, "analyze", {}, { runAt: later(5_000) });
    expect(await claimNext(db, T0, 60_000)).toBeNull();
    const first = await claimNext(db, later(5_000), 60_000);
    expect(first?.attempts).toBe(1);
    expect(await claimNext(db, later(30_000), 60_000)).toBeNull();
    const again = await claimNext(db, later(70_000), 60_000);
    expect(again?.id).toBe(first?.id);
    expect(again?.attempts).toBe(2);
    // The first worker, back late, can no longer settle the job it lost.
    expect(await complete(db, first!, later(71_000))).toBe(false);
    expect(await complete(db, again!, later(72_000))).toBe(true);
  });

  it("retries a failing job with backoff, then marks it failed with the error", async () => {
    await enqueue(db, SHOP, "sync", {}, { runAt: T0, maxAttempts: 2 });
    const attempt1 = await claimNext(db, T0, 60_000);
    expect(await fail(db, attempt1!, new Error("Shopify answered 503"), T0)).toBe("retry");
    expect(await claimNext(db, later(retryDelayMs(1) - 1), 60_000)).toBeNull();
    const attempt2 = await claimNext(db, later(retryDelayMs(1)), 60_000);
    expect(await fail(db, attempt2!, new Error("Shopify answered 503 again"), later(retryDelayMs(1)))).toBe(
      "failed",
    );
    const row = await db.job.findUniqueOrThrow({ where: { id: attempt2!.id } });
    expect(row).toMatchObject({ status: "failed", attempts: 2, lastError: "Shopify answered 503 again" });
  });

  it("runs handlers with the job's shop and payload, and records an unknown kind as failed", async () => {
    const seen: Array<{ shop: string; payload: unknown }> = [];
    await enqueue(db, SHOP, "echo", { n: 1 });
    await enqueue(db, "second.myshopify.com", "echo", { n: 2 });
    await enqueue(db, SHOP, "mystery", {}, { maxAttempts: 1 });
    const worker = startWorker(
      db,
      {
        echo: async (job) => {
          seen.push({ shop: job.shop, payload: job.payload });
        },
      },
      { pollMs: 10, log: () => {} },
    );
    await expect.poll(async () => db.job.count({ where: { status: { in: ["queued", "running"] } } })).toBe(0);
    await worker.stop();
    expect(seen).toEqual(
      expect.arrayContaining([
        { shop: SHOP, payload: { n: 1 } },
        { shop: "second.myshopify.com", payload: { n: 2 } },
      ]),
    );
    const mystery = await db.job.findFirstOrThrow({ where: { kind: "mystery" } });
    expect(mystery.status).toBe("failed");
    expect(mystery.lastError).toMatch(/no handler for job kind "mystery"/);
  });

  it("renews the lease of a long job, so no other instance claims it while it runs", async () => {
    await enqueue(db, SHOP, "slow", {});
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    let started = false;
    const worker = startWorker(
      db,
      {
        slow: async () => {
          started = true;
          await finished;
        },
      },
      { pollMs: 10, leaseMs: 300, log: () => {} },
    );
    await expect.poll(() => started).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 800)); // well past the first lease
    expect(await claimNext(db, new Date(), 300)).toBeNull();
    finish();
    await expect
      .poll(async () => (await db.job.findFirstOrThrow({ where: { kind: "slow" } })).status)
      .toBe("done");
    await worker.stop();
  });
});

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyze } from "../analysis/index";
import { importJsonl } from "../sync/store.server";
import { dayInZone } from "../sync/records";
import { writeBenchStore } from "../../scripts/bench-files";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";
import { loadAnalysisInput, runAnalysis, storeContext } from "./analysis.server";

/*
 * The analysis' reading and writing on both databases, over a store imported by the sync's own
 * code: what the job feeds the pure module must not depend on the database or on the page size.
 */

const SHOP = "loader.myshopify.com";
const OTHER = "loader-other.myshopify.com";
const TIME_ZONE = "America/New_York";
const AS_OF = "2026-10-31";
let files: { products: string; orders: string };
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "shelfwise-loader-"));
  ({ files } = await writeBenchStore(dir, { label: "loader", orderLines: 4_000, products: 60 }));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(BOTH_DATABASES)("the analysis loader on %s", (_name, open) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await open();
    const { db } = database;
    for (const shop of [SHOP, OTHER]) {
      await db.shop.create({ data: { domain: shop, currencyCode: "USD", ianaTimezone: TIME_ZONE } });
      const options = { timeZone: TIME_ZONE, currencyCode: "USD" };
      await importJsonl(db, shop, "products", files.products, options);
      if (shop === SHOP) await importJsonl(db, shop, "orders", files.orders, options);
    }
  }, 120_000);
  afterAll(() => database?.drop());

  it("reads the same input whatever the page size, scoped to the shop, days in the shop's zone", async () => {
    const { db } = database;
    const context = await storeContext(db, SHOP);
    const whole = await loadAnalysisInput(db, SHOP, context, AS_OF);
    const paged = await loadAnalysisInput(db, SHOP, context, AS_OF, 7);
    expect(paged).toEqual(whole);

    const stored = await db.variantDailySales.aggregate({
      where: { shop: SHOP, day: { lte: AS_OF } },
      _sum: { units: true, grossMinor: true, refundedUnits: true, discountedUnits: true },
      _count: { _all: true },
    });
    expect(whole.dailySales.length).toBe(stored._count._all);
    const sum = (key: "units" | "grossMinor" | "refundedUnits" | "discountedUnits") =>
      whole.dailySales.reduce((total, row) => total + row[key], 0);
    expect(sum("units")).toBe(stored._sum.units);
    expect(sum("grossMinor")).toBe(Number(stored._sum.grossMinor));
    expect(sum("refundedUnits")).toBe(stored._sum.refundedUnits);
    expect(sum("discountedUnits")).toBe(stored._sum.discountedUnits);

    expect(whole.products.length).toBe(60);
    expect(whole.variants.length).toBe(await db.variant.count({ where: { shop: SHOP } }));
    const first = await db.product.findFirstOrThrow({ where: { shop: SHOP }, orderBy: { id: "asc" } });
    const loaded = whole.products.find((product) => product.id === first.id)!;
    expect(loaded.createdAt).toBe(dayInZone(TIME_ZONE)(first.createdAt));
    expect(loaded.descriptionTextLength).toBeGreaterThan(50);
    expect(loaded.descriptionHtml).toBe("");

    // The other shop has the same catalog and no orders: nothing of it may leak in, or out.
    const other = await loadAnalysisInput(db, OTHER, await storeContext(db, OTHER), AS_OF);
    expect(other.products.length).toBe(60);
    expect(other.dailySales).toEqual([]);
  });

  it("ends a job's window on yesterday in the shop's zone, the last whole day", async () => {
    const { db } = database;
    // 03:00 UTC on Nov 2 is still Nov 1 in New York: the last whole day there is Oct 31.
    const { runId } = await runAnalysis(db, SHOP, { now: () => new Date("2026-11-02T03:00:00Z") });
    expect((await db.analysisRun.findUniqueOrThrow({ where: { id: runId } })).asOf).toBe("2026-10-31");
  });

  it("stores a run's results, replacing the previous run's, and records the run", async () => {
    const { db } = database;
    const first = await runAnalysis(db, SHOP, { asOf: AS_OF });
    const second = await runAnalysis(db, SHOP, { asOf: AS_OF });
    expect(second.result).toEqual(analyze(second.input));
    expect(await db.productHealth.count({ where: { shop: SHOP } })).toBe(60);
    expect(await db.productFlag.count({ where: { shop: SHOP } })).toBe(second.result.flags.length);
    expect(await db.productHealth.count({ where: { shop: SHOP, runId: first.runId } })).toBe(0);
    const run = await db.analysisRun.findUniqueOrThrow({ where: { id: second.runId } });
    expect(run).toMatchObject({
      status: "completed",
      asOf: AS_OF,
      windowEnd: AS_OF,
      products: 60,
      flags: second.result.flags.length,
      exposureBasis: "days_on_sale",
    });
    expect(await db.productHealth.count({ where: { shop: OTHER } })).toBe(0);
    // The Dashboard's trend is stored with the run: 26 weeks ending on the day of the analysis.
    const weeks = JSON.parse(run.weeklyTrend ?? "[]") as Array<{ day: string; units: number }>;
    expect(weeks).toHaveLength(26);
    const trendStart = weeks[0]!.day;
    const stored = await db.variantDailySales.aggregate({
      where: { shop: SHOP, day: { gte: trendStart, lte: AS_OF } },
      _sum: { units: true },
    });
    expect(weeks.reduce((sum, week) => sum + week.units, 0)).toBe(stored._sum.units);
    expect(trendStart).toBe("2026-05-03");
  });

  it("marks a run failed with the reason and keeps the stored results when the input is unusable", async () => {
    const { db } = database;
    const before = await db.productHealth.count({ where: { shop: SHOP } });
    await db.shop.update({ where: { domain: SHOP }, data: { analysisSettings: '{"windowDays":"ninety"}' } });
    try {
      await expect(runAnalysis(db, SHOP, { asOf: AS_OF })).rejects.toThrow(
        "The stored analysis thresholds are invalid (windowDays); save them again in Settings.",
      );
    } finally {
      await db.shop.update({ where: { domain: SHOP }, data: { analysisSettings: null } });
    }
    const latest = await db.analysisRun.findFirstOrThrow({
      where: { shop: SHOP },
      orderBy: { startedAt: "desc" },
    });
    expect(latest.status).toBe("failed");
    expect(latest.error).toContain("windowDays");
    expect(await db.productHealth.count({ where: { shop: SHOP } })).toBe(before);
  });
});

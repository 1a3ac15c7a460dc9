import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlagKind } from "../analysis/types";
import type { Db } from "../db-client.server";
import { parseProductListParams } from "../lib/product-list-params";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";
import {
  moneyOf,
  productGid,
  seedAnalysedCatalog,
  type SeededFlag,
  type SeededProduct,
} from "../../test-support/analysis-results";
import { dashboardSummary, listFlaggedProducts, productDetail } from "./analysis-results.server";
import { weeklyTotals, type TrendPoint } from "../lib/sales-trend";

const SHOP = "results.myshopify.com";
const OTHER = "other-results.myshopify.com";
const RUN = { asOf: "2026-03-01", windowStart: "2025-12-02", windowEnd: "2026-03-01", currencyCode: "EUR" };

const flag = (kind: FlagKind, stockValueMinor: number, revenueAtRiskMinor = 0): SeededFlag => ({
  kind,
  severity: kind === "dead_stock" ? "high" : "medium",
  confidence: 0.95,
  summary: `${kind} summary`,
  evidence: { units: 1 },
  stockValueMinor,
  revenueAtRiskMinor,
});

// 12 products: every third is dead stock, odd ones are Acme's, one title has a literal "%".
const catalog: SeededProduct[] = Array.from({ length: 12 }, (_, index) => ({
  id: index + 1,
  title: index === 4 ? "Wax 100% natural" : `Board ${String(index + 1).padStart(2, "0")}`,
  vendor: index % 2 ? "Acme" : "Birch",
  productType: index < 6 ? "Snowboard" : "Wax",
  healthScore: 90 - index * 5,
  abcClass: "C",
  unitsInWindow: index,
  variants: [
    { id: 100 + index, title: "Default", priceMinor: 5_000, unitCostMinor: 2_000, inventoryQuantity: index },
  ],
  flags:
    index === 11
      ? []
      : index % 3 === 0
        ? [flag("dead_stock", 10_000 + index * 100), flag("overstock", 5_000, 700)]
        : [flag("slow_mover", 1_000 * (index + 1), 300)],
}));
const flagged = catalog.filter((product) => product.flags.length > 0);

describe.each(BOTH_DATABASES)("analysis results on %s", (_name, open) => {
  let database: TestDatabase;
  let db: Db;
  const list = (search: string) =>
    listFlaggedProducts(db, SHOP, parseProductListParams(new URLSearchParams(search)).query);

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await seedAnalysedCatalog(db, SHOP, RUN, catalog);
    // Another shop with the same product ids: none of it may show up for SHOP.
    await seedAnalysedCatalog(
      db,
      OTHER,
      RUN,
      catalog.map((product) => ({ ...product, title: `Other ${product.title}`, vendor: "Elsewhere" })),
    );
  });
  afterAll(async () => {
    await db.productFlag.deleteMany({ where: { shop: { in: [SHOP, OTHER] } } });
    await db.productHealth.deleteMany({ where: { shop: { in: [SHOP, OTHER] } } });
    await db.variant.deleteMany({ where: { shop: { in: [SHOP, OTHER] } } });
    await db.product.deleteMany({ where: { shop: { in: [SHOP, OTHER] } } });
    await db.analysisRun.deleteMany({ where: { shop: { in: [SHOP, OTHER] } } });
    await database.drop();
  });

  it("lists the shop's flagged products by money at stake, largest first", async () => {
    const result = await list("");
    expect(result.total).toBe(flagged.length);
    const expected = [...flagged]
      .map((product) => ({ id: productGid(product.id), money: moneyOf(product).moneyAtStakeMinor }))
      // equal amounts (Board 07 and 11) keep a stable order by id
      .sort((a, b) => b.money - a.money || (a.id < b.id ? -1 : 1))
      .map((product) => product.id);
    expect(result.rows.map((row) => row.productId)).toEqual(expected);
    expect(result.rows.every((row) => !row.title.startsWith("Other"))).toBe(true);
    expect(result.vendors).toEqual(["Acme", "Birch"]);
    expect(result.productTypes).toEqual(["Snowboard", "Wax"]);
    const first = result.rows[0]!;
    expect(first.flags.map((row) => row.kind)).toEqual(["dead_stock", "overstock"]);
    expect(first.moneyAtStakeMinor).toBe(10_900 + 700);
  });

  it("filters by flag kind through the flags table", async () => {
    const result = await list("flag=dead_stock");
    expect(result.rows.map((row) => row.productId).sort()).toEqual([1, 4, 7, 10].map(productGid).sort());
    expect(result.total).toBe(4);
    expect((await list("flag=high_returns")).total).toBe(0);
  });

  it("combines vendor, product type and flag filters", async () => {
    const result = await list("flag=slow_mover&vendor=Acme&productType=Snowboard");
    // Acme = odd indexes; Snowboard = index < 6; slow mover = index not divisible by 3
    expect(result.rows.map((row) => row.productId).sort()).toEqual([2, 6].map(productGid).sort());
  });

  it("searches titles case-insensitively, taking % literally", async () => {
    expect((await list("q=BOARD%2003")).rows.map((row) => row.title)).toEqual(["Board 03"]);
    expect((await list("q=100%25")).rows.map((row) => row.title)).toEqual(["Wax 100% natural"]);
    // "%" alone would match everything if it were not escaped
    expect((await list("q=%25")).total).toBe(1);
  });

  it("pages with a stable order and sorts by health or title", async () => {
    const everything = (await list("sort=title")).rows.map((row) => row.title);
    expect(everything).toEqual(
      [...everything].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    const query = parseProductListParams(new URLSearchParams("sort=health")).query;
    const first = await listFlaggedProducts(db, SHOP, { ...query, pageSize: 4 });
    const third = await listFlaggedProducts(db, SHOP, { ...query, pageSize: 4, page: 3 });
    expect(first.rows.map((row) => row.healthScore)).toEqual([40, 45, 50, 55]);
    expect(third.rows.map((row) => row.healthScore)).toEqual([80, 85, 90]);
    expect(third.total).toBe(11);
  });

  it("sums slow stock once per product and counts flags by kind", async () => {
    const summary = await dashboardSummary(db, SHOP);
    const slowStock = flagged.reduce(
      (sum, product) => sum + Math.max(...product.flags.map((row) => row.stockValueMinor)),
      0,
    );
    expect(summary.slowStockValueMinor).toBe(slowStock);
    expect(summary.revenueAtRiskMinor).toBe(
      flagged.reduce((sum, product) => sum + moneyOf(product).revenueAtRiskMinor, 0),
    );
    expect(summary.countsByKind.find((row) => row.kind === "dead_stock")?.count).toBe(4);
    expect(summary.countsByKind.find((row) => row.kind === "slow_mover")?.count).toBe(7);
    expect(summary.synced).toEqual({ products: 12, orders: 0 });
    expect(summary.weeklyTrend).toHaveLength(26);
    expect(summary.weeklyTrend.at(-1)?.day).toBe("2026-02-23");
  });

  it("gives a product's variants with stock value and margin, and nothing for another shop's id", async () => {
    const detail = await productDetail(db, SHOP, productGid(4));
    expect(detail?.variants).toEqual([
      expect.objectContaining({
        inventoryQuantity: 3,
        stockValueMinor: 6_000,
        marginMinor: 3_000,
        marginShare: 0.6,
      }),
    ]);
    expect(detail?.windows).toEqual({
      current: { start: "2025-12-02", end: "2026-03-01" },
      prior: { start: "2025-09-03", end: "2025-12-01" },
    });
    expect(detail?.weeklySales).toHaveLength(52);
    expect(await productDetail(db, SHOP, productGid(999))).toBeNull();
    expect(await productDetail(db, "nobody.myshopify.com", productGid(4))).toBeNull();
  });

  it("lists a product's findings most severe first", async () => {
    const shop = "severity.myshopify.com";
    await seedAnalysedCatalog(db, shop, RUN, [
      {
        ...catalog[0]!,
        flags: [
          { ...flag("weak_content", 0), severity: "low" },
          { ...flag("slow_mover", 100), severity: "medium" },
          flag("dead_stock", 200),
        ],
      },
    ]);
    const detail = await productDetail(db, shop, productGid(1));
    expect(detail?.flags.map((finding) => finding.severity)).toEqual(["high", "medium", "low"]);
  });
});

describe("weeklyTotals", () => {
  const days = (count: number): TrendPoint[] =>
    Array.from({ length: count }, (_, index) => ({
      day: `2026-01-${String(index + 1).padStart(2, "0")}`,
      units: 1,
      netMinor: index,
    }));

  it("sums whole weeks ending on the last day", () => {
    expect(weeklyTotals(days(14))).toEqual([
      { day: "2026-01-01", units: 7, netMinor: 0 + 1 + 2 + 3 + 4 + 5 + 6 },
      { day: "2026-01-08", units: 7, netMinor: 7 + 8 + 9 + 10 + 11 + 12 + 13 },
    ]);
  });

  it("leaves the short week at the start", () => {
    expect(weeklyTotals(days(9)).map((week) => [week.day, week.units])).toEqual([
      ["2026-01-01", 2],
      ["2026-01-03", 7],
    ]);
  });
});

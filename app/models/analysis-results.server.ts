import { Prisma } from "@prisma/client";
import { SEVERITY_RANK, type FlagKind, type ProductMetrics, type Severity } from "../analysis/types";
import { addDays } from "../analysis/format";
import type { Db } from "../db-client.server";
import { daysInRange } from "../lib/format";
import { FLAG_KINDS } from "../lib/flags";
import type { ProductListQuery } from "../lib/product-list-params";
import { DASHBOARD_TREND_WEEKS, dailyTotals, weeklyTotals, type TrendPoint } from "../lib/sales-trend";
import { ANALYSIS_JOB_KIND } from "./analysis.server";

/*
 * What the analysis pages read: the newest completed run's stored results, always for the shop of
 * the verified session. Money leaves here as numbers of minor units with the run's currency.
 */

/** Flags about stock that sits: their stock value is "money tied up in slow stock". */
const SLOW_STOCK_FLAGS: readonly FlagKind[] = ["slow_mover", "dead_stock", "overstock"];

const toNumber = (value: bigint | number | null) => (value === null ? null : Number(value));
const severityRank = (severity: string) => SEVERITY_RANK[severity as Severity] ?? 0;

/** The newest completed run, and whether another is queued or running now. */
export async function analysisStatus(db: Db, shop: string) {
  const [completed, latest, pending] = await Promise.all([
    db.analysisRun.findFirst({ where: { shop, status: "completed" }, orderBy: { startedAt: "desc" } }),
    db.analysisRun.findFirst({ where: { shop }, orderBy: { startedAt: "desc" } }),
    db.job.count({ where: { shop, kind: ANALYSIS_JOB_KIND, status: { in: ["queued", "running"] } } }),
  ]);
  return {
    completed: completed && {
      asOf: completed.asOf,
      windowStart: completed.windowStart,
      windowEnd: completed.windowEnd,
      currencyCode: completed.currencyCode,
      exposureBasis: completed.exposureBasis,
      products: completed.products,
      flags: completed.flags,
      finishedAt: completed.finishedAt?.toISOString() ?? null,
    },
    failedError: latest?.status === "failed" ? latest.error : null,
    inProgress: pending > 0 || latest?.status === "running",
  };
}

/** Product detail chart: 52 whole weeks, enough to show the window, the prior window and before. */
const DETAIL_CHART_WEEKS = 52;

/** Dashboard: counts by flag, money tied up in slow stock, revenue at risk, top opportunities, trend. */
export async function dashboardSummary(db: Db, shop: string) {
  const status = await analysisStatus(db, shop);
  const [products, orders, byKind, revenueAtRisk, slowStockValueMinor, top] = await Promise.all([
    db.product.count({ where: { shop } }),
    db.order.count({ where: { shop } }),
    db.productFlag.groupBy({ by: ["kind"], where: { shop }, _count: { _all: true } }),
    db.productHealth.aggregate({ where: { shop, flagCount: { gt: 0 } }, _sum: { revenueAtRiskMinor: true } }),
    slowStockValue(db, shop),
    db.productHealth.findMany({
      where: { shop, flagCount: { gt: 0 } },
      orderBy: [{ moneyAtStakeMinor: "desc" }, { productId: "asc" }],
      take: 5,
      select: { productId: true, title: true, moneyAtStakeMinor: true, topSeverity: true, healthScore: true },
    }),
  ]);
  const topFlags = await db.productFlag.findMany({
    where: { shop, productId: { in: top.map((row) => row.productId) } },
    orderBy: [{ stockValueMinor: "desc" }, { kind: "asc" }],
    select: { productId: true, kind: true, summary: true },
  });
  return {
    status,
    synced: { products, orders },
    countsByKind: FLAG_KINDS.map((kind) => ({
      kind,
      count: byKind.find((row) => row.kind === kind)?._count._all ?? 0,
    })),
    slowStockValueMinor,
    revenueAtRiskMinor: Number(revenueAtRisk._sum.revenueAtRiskMinor ?? 0n),
    topOpportunities: top.map((row) => ({
      productId: row.productId,
      title: row.title,
      moneyAtStakeMinor: Number(row.moneyAtStakeMinor),
      severity: row.topSeverity,
      healthScore: row.healthScore,
      flags: topFlags.filter((flag) => flag.productId === row.productId),
    })),
    weeklyTrend: await dashboardTrend(db, shop),
  };
}

/**
 * The run's stored trend (the analysis job keeps it with the run: reading a large shop's daily facts
 * per page view takes most of a second); runs stored before it existed are summed here instead.
 */
async function dashboardTrend(db: Db, shop: string): Promise<TrendPoint[]> {
  const run = await db.analysisRun.findFirst({
    where: { shop, status: "completed" },
    orderBy: { startedAt: "desc" },
    select: { asOf: true, weeklyTrend: true },
  });
  if (!run?.asOf) return [];
  if (run.weeklyTrend) return JSON.parse(run.weeklyTrend) as TrendPoint[];
  return weeklyTotals(
    await salesTrend(db, shop, addDays(run.asOf, -(DASHBOARD_TREND_WEEKS * 7 - 1)), run.asOf),
  );
}

/**
 * Stock value of products with a slow-stock flag. A product with several such flags holds its
 * stock once: the largest per product, summed, in the database (it can be 50,000 products).
 */
async function slowStockValue(db: Db, shop: string): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ total: bigint | number | null }>>(Prisma.sql`
    SELECT CAST(COALESCE(SUM(per_product.value), 0) AS BIGINT) AS total
    FROM (
      SELECT MAX("stockValueMinor") AS value
      FROM "ProductFlag"
      WHERE "shop" = ${shop} AND "kind" IN (${Prisma.join(SLOW_STOCK_FLAGS)})
      GROUP BY "productId"
    ) AS per_product`);
  return Number(row?.total ?? 0);
}

/**
 * Units and net sales (after discounts, before refunds) per day of the shop's calendar, days
 * without sales included as zeros.
 */
export async function salesTrend(
  db: Db,
  shop: string,
  from: string,
  to: string,
  productId?: string,
): Promise<TrendPoint[]> {
  const rows = await db.variantDailySales.groupBy({
    by: ["day"],
    where: { shop, day: { gte: from, lte: to }, ...(productId ? { productId } : {}) },
    _sum: { units: true, grossMinor: true, discountMinor: true },
    orderBy: { day: "asc" },
  });
  return dailyTotals(
    rows.map((row) => ({
      day: row.day,
      units: row._sum.units ?? 0,
      grossMinor: Number(row._sum.grossMinor ?? 0),
      discountMinor: Number(row._sum.discountMinor ?? 0),
    })),
    from,
    to,
  );
}

const ORDER_BY: Record<ProductListQuery["sort"], Prisma.Sql> = {
  money: Prisma.sql`h."moneyAtStakeMinor" DESC, h."productId" ASC`,
  health: Prisma.sql`h."healthScore" ASC, h."moneyAtStakeMinor" DESC, h."productId" ASC`,
  title: Prisma.sql`LOWER(h."title") ASC, h."productId" ASC`,
};

/** A LIKE pattern (escape character "!") that matches `text` literally anywhere. */
const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[!%_]/g, (char) => `!${char}`)}%`;

/**
 * Products page: flagged products, filtered, sorted and paged in the database so it stays fast at
 * 50,000 products. Plain SQL for the filter and page, because "has a flag of this kind" is an
 * EXISTS over ProductFlag (no Prisma relation links the two tables) and title search should be
 * case-insensitive on both SQLite and PostgreSQL; the page's rows are then read through Prisma.
 * Each statement is composed whole with Prisma.sql and handed over as one object: the PostgreSQL
 * client is generated separately and would not recognise fragments nested in its own template.
 */
export async function listFlaggedProducts(db: Db, shop: string, query: ProductListQuery) {
  const conditions = [Prisma.sql`h."shop" = ${shop}`, Prisma.sql`h."flagCount" > 0`];
  if (query.productType !== undefined) conditions.push(Prisma.sql`h."productType" = ${query.productType}`);
  if (query.vendor !== undefined) conditions.push(Prisma.sql`h."vendor" = ${query.vendor}`);
  if (query.search) {
    conditions.push(Prisma.sql`LOWER(h."title") LIKE ${containsPattern(query.search)} ESCAPE '!'`);
  }
  if (query.flag) {
    conditions.push(Prisma.sql`EXISTS (
      SELECT 1 FROM "ProductFlag" f
      WHERE f."shop" = h."shop" AND f."productId" = h."productId" AND f."kind" = ${query.flag})`);
  }
  const where = Prisma.join(conditions, " AND ");
  const [status, [counted], pageIds, types, vendors] = await Promise.all([
    analysisStatus(db, shop),
    db.$queryRaw<Array<{ total: bigint | number }>>(
      Prisma.sql`SELECT COUNT(*) AS total FROM "ProductHealth" h WHERE ${where}`,
    ),
    db.$queryRaw<Array<{ productId: string }>>(Prisma.sql`
      SELECT h."productId" FROM "ProductHealth" h WHERE ${where}
      ORDER BY ${ORDER_BY[query.sort]}
      LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`),
    db.productHealth.findMany({
      where: { shop, flagCount: { gt: 0 } },
      distinct: ["productType"],
      select: { productType: true },
      orderBy: { productType: "asc" },
    }),
    db.productHealth.findMany({
      where: { shop, flagCount: { gt: 0 } },
      distinct: ["vendor"],
      select: { vendor: true },
      orderBy: { vendor: "asc" },
    }),
  ]);
  const ids = pageIds.map((row) => row.productId);
  const [rows, flags] = await Promise.all([
    db.productHealth.findMany({
      where: { shop, productId: { in: ids } },
      select: {
        productId: true,
        title: true,
        productType: true,
        vendor: true,
        healthScore: true,
        topSeverity: true,
        moneyAtStakeMinor: true,
        stockValueMinor: true,
        revenueAtRiskMinor: true,
        units: true,
      },
    }),
    db.productFlag.findMany({
      where: { shop, productId: { in: ids } },
      select: { productId: true, kind: true, severity: true },
      orderBy: [{ productId: "asc" }, { kind: "asc" }],
    }),
  ]);
  const rowById = new Map(rows.map((row) => [row.productId, row]));
  const flagsById = new Map<string, Array<{ kind: string; severity: string }>>();
  for (const { productId, kind, severity } of flags) {
    flagsById.set(productId, [...(flagsById.get(productId) ?? []), { kind, severity }]);
  }
  return {
    status,
    total: Number(counted?.total ?? 0),
    page: query.page,
    pageSize: query.pageSize,
    rows: ids.flatMap((id) => {
      const row = rowById.get(id);
      if (!row) return [];
      return [
        {
          ...row,
          moneyAtStakeMinor: Number(row.moneyAtStakeMinor),
          stockValueMinor: Number(row.stockValueMinor),
          revenueAtRiskMinor: Number(row.revenueAtRiskMinor),
          flags: flagsById.get(id) ?? [],
        },
      ];
    }),
    productTypes: types.map((row) => row.productType),
    vendors: vendors.map((row) => row.vendor),
  };
}

/** Product detail: its stored health, flags with evidence, variants, and weekly sales; null when unknown. */
export async function productDetail(db: Db, shop: string, productId: string) {
  const [product, health] = await Promise.all([
    db.product.findUnique({ where: { shop_id: { shop, id: productId } } }),
    db.productHealth.findUnique({ where: { shop_productId: { shop, productId } } }),
  ]);
  if (!product) return null;
  const [variants, flags, status, shopRow] = await Promise.all([
    db.variant.findMany({ where: { shop, productId }, orderBy: { id: "asc" } }),
    db.productFlag.findMany({ where: { shop, productId }, orderBy: { kind: "asc" } }),
    analysisStatus(db, shop),
    db.shop.findUnique({ where: { domain: shop }, select: { currencyCode: true } }),
  ]);
  const run = status.completed;
  const windowDays = run?.windowStart && run.windowEnd ? daysInRange(run.windowStart, run.windowEnd) : null;
  return {
    product: {
      id: product.id,
      title: product.title,
      handle: product.handle,
      status: product.status,
      productType: product.productType,
      vendor: product.vendor,
      mediaCount: product.mediaCount,
    },
    health: health && {
      healthScore: health.healthScore,
      abcClass: health.abcClass,
      units: health.units,
      revenueMinor: Number(health.revenueMinor),
      marginMinor: toNumber(health.marginMinor),
      stockValueMinor: Number(health.stockValueMinor),
      moneyAtStakeMinor: Number(health.moneyAtStakeMinor),
      revenueAtRiskMinor: Number(health.revenueAtRiskMinor),
      metrics: JSON.parse(health.metrics) as ProductMetrics,
    },
    variants: variants.map((variant) => {
      const cost = toNumber(variant.unitCostMinor);
      const priceMinor = Number(variant.priceMinor);
      const marginMinor = cost === null ? null : priceMinor - cost;
      return {
        id: variant.id,
        title: variant.title,
        sku: variant.sku,
        priceMinor,
        compareAtPriceMinor: toNumber(variant.compareAtPriceMinor),
        unitCostMinor: cost,
        inventoryQuantity: variant.inventoryQuantity,
        // Oversold (negative) stock holds no value.
        stockValueMinor: cost === null ? null : Math.max(0, variant.inventoryQuantity) * cost,
        marginMinor,
        marginShare: marginMinor === null || priceMinor <= 0 ? null : marginMinor / priceMinor,
      };
    }),
    // Most severe first: the column holds words, which would sort high, low, medium.
    flags: [...flags]
      .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
      .map((flag) => ({
        id: flag.id,
        kind: flag.kind as FlagKind,
        variantId: flag.variantId,
        severity: flag.severity,
        confidence: flag.confidence,
        windowStart: flag.windowStart,
        windowEnd: flag.windowEnd,
        summary: flag.summary,
        evidence: JSON.parse(flag.evidence) as Record<string, number | string | boolean | null | number[]>,
        stockValueMinor: Number(flag.stockValueMinor),
        revenueAtRiskMinor: Number(flag.revenueAtRiskMinor),
      })),
    status,
    // Amounts of the analysis are in the run's currency; prices before any run in the shop's.
    currencyCode: run?.currencyCode ?? shopRow?.currencyCode ?? null,
    windows:
      run?.windowStart && run.windowEnd && windowDays
        ? {
            current: { start: run.windowStart, end: run.windowEnd },
            prior: { start: addDays(run.windowStart, -windowDays), end: addDays(run.windowStart, -1) },
          }
        : null,
    weeklySales: run?.asOf
      ? weeklyTotals(
          await salesTrend(db, shop, addDays(run.asOf, -(DETAIL_CHART_WEEKS * 7 - 1)), run.asOf, productId),
        )
      : [],
  };
}

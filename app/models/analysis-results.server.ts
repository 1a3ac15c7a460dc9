import type { Prisma } from "@prisma/client";
import type { FlagKind, ProductMetrics } from "../analysis/types";
import type { Db } from "../db-client.server";
import { ANALYSIS_JOB_KIND, addDays } from "./analysis.server";

/*
 * What the analysis pages read: the newest completed run's stored results, always for the shop of
 * the verified session. Money leaves here as numbers of minor units with the run's currency.
 */

export const FLAG_KINDS: readonly FlagKind[] = [
  "slow_mover",
  "declining",
  "overstock",
  "dead_stock",
  "stockout_risk",
  "high_returns",
  "sold_below_cost",
  "discount_dependent",
  "weak_content",
];

/** Flags about stock that sits: their stock value is "money tied up in slow stock". */
const SLOW_STOCK_FLAGS: readonly FlagKind[] = ["slow_mover", "dead_stock", "overstock"];

const toNumber = (value: bigint | number | null) => (value === null ? null : Number(value));

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

/** Dashboard: counts by flag, money tied up in slow stock, revenue at risk, top opportunities, trend. */
export async function dashboardSummary(db: Db, shop: string, trendDays = 182) {
  const status = await analysisStatus(db, shop);
  const [byKind, revenueAtRisk, slowStockValueMinor, top] = await Promise.all([
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
  const asOf = status.completed?.asOf ?? null;
  return {
    status,
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
    trend: asOf ? await salesTrend(db, shop, addDays(asOf, -(trendDays - 1)), asOf) : [],
  };
}

/** A product with several slow-stock flags holds its stock once: the largest per product, summed. */
async function slowStockValue(db: Db, shop: string): Promise<number> {
  const flagged = await db.productFlag.findMany({
    where: { shop, kind: { in: [...SLOW_STOCK_FLAGS] } },
    select: { productId: true, stockValueMinor: true },
  });
  const perProduct = new Map<string, number>();
  for (const flag of flagged) {
    perProduct.set(
      flag.productId,
      Math.max(perProduct.get(flag.productId) ?? 0, Number(flag.stockValueMinor)),
    );
  }
  let total = 0;
  for (const value of perProduct.values()) total += value;
  return total;
}

export interface TrendPoint {
  day: string;
  units: number;
  netMinor: number;
}

/** Units and net sales per day of the shop's calendar (days without sales included as zeros). */
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
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const points: TrendPoint[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const row = byDay.get(day);
    points.push({
      day,
      units: row?._sum.units ?? 0,
      netMinor: Number(row?._sum.grossMinor ?? 0) - Number(row?._sum.discountMinor ?? 0),
    });
  }
  return points;
}

export interface ProductListQuery {
  flag?: FlagKind;
  productType?: string;
  vendor?: string;
  search?: string;
  sort: "money" | "health" | "title";
  page: number;
  pageSize: number;
}

/** Products page: flagged products, filtered, sorted and paged in the database (fast at 50,000). */
export async function listFlaggedProducts(db: Db, shop: string, query: ProductListQuery) {
  const where: Prisma.ProductHealthWhereInput = {
    shop,
    flagCount: { gt: 0 },
    ...(query.productType ? { productType: query.productType } : {}),
    ...(query.vendor ? { vendor: query.vendor } : {}),
    ...(query.search ? { title: { contains: query.search } } : {}),
  };
  if (query.flag) {
    const withFlag = await db.productFlag.findMany({
      where: { shop, kind: query.flag },
      select: { productId: true },
      distinct: ["productId"],
    });
    where.productId = { in: withFlag.map((row) => row.productId) };
  }
  const orderBy: Prisma.ProductHealthOrderByWithRelationInput[] =
    query.sort === "health"
      ? [{ healthScore: "asc" }, { productId: "asc" }]
      : query.sort === "title"
        ? [{ title: "asc" }, { productId: "asc" }]
        : [{ moneyAtStakeMinor: "desc" }, { productId: "asc" }];
  const [total, rows, types, vendors] = await Promise.all([
    db.productHealth.count({ where }),
    db.productHealth.findMany({
      where,
      orderBy,
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
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
  const flags = await db.productFlag.findMany({
    where: { shop, productId: { in: rows.map((row) => row.productId) } },
    select: { productId: true, kind: true, severity: true },
    orderBy: [{ productId: "asc" }, { kind: "asc" }],
  });
  return {
    total,
    page: query.page,
    pageSize: query.pageSize,
    rows: rows.map((row) => ({
      ...row,
      moneyAtStakeMinor: Number(row.moneyAtStakeMinor),
      stockValueMinor: Number(row.stockValueMinor),
      revenueAtRiskMinor: Number(row.revenueAtRiskMinor),
      flags: flags.filter((flag) => flag.productId === row.productId),
    })),
    productTypes: types.map((row) => row.productType),
    vendors: vendors.map((row) => row.vendor),
  };
}

/** Product detail: its stored health, flags with evidence, variants, and daily sales; null when unknown. */
export async function productDetail(db: Db, shop: string, productId: string, chartDays = 365) {
  const [product, health] = await Promise.all([
    db.product.findUnique({ where: { shop_id: { shop, id: productId } } }),
    db.productHealth.findUnique({ where: { shop_productId: { shop, productId } } }),
  ]);
  if (!product) return null;
  const [variants, flags, status] = await Promise.all([
    db.variant.findMany({ where: { shop, productId }, orderBy: { id: "asc" } }),
    db.productFlag.findMany({ where: { shop, productId }, orderBy: [{ severity: "asc" }, { kind: "asc" }] }),
    analysisStatus(db, shop),
  ]);
  const asOf = status.completed?.asOf ?? null;
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
      metrics: JSON.parse(health.metrics) as ProductMetrics,
    },
    variants: variants.map((variant) => ({
      id: variant.id,
      title: variant.title,
      sku: variant.sku,
      priceMinor: variant.priceMinor,
      compareAtPriceMinor: variant.compareAtPriceMinor,
      unitCostMinor: variant.unitCostMinor,
      inventoryQuantity: variant.inventoryQuantity,
    })),
    flags: flags.map((flag) => ({
      id: flag.id,
      kind: flag.kind as FlagKind,
      variantId: flag.variantId,
      severity: flag.severity,
      confidence: flag.confidence,
      windowStart: flag.windowStart,
      windowEnd: flag.windowEnd,
      summary: flag.summary,
      evidence: JSON.parse(flag.evidence) as Record<string, unknown>,
      stockValueMinor: Number(flag.stockValueMinor),
      revenueAtRiskMinor: Number(flag.revenueAtRiskMinor),
    })),
    status,
    sales: asOf ? await salesTrend(db, shop, addDays(asOf, -(chartDays - 1)), asOf, productId) : [],
  };
}

import { Prisma } from "@prisma/client";
import { z } from "zod";
import { analyze } from "../analysis/index";
import {
  DEFAULT_SETTINGS,
  type AnalysisInput,
  type AnalysisResult,
  type AnalysisSettings,
  type DailySalesInput,
  type Day,
  type InventoryDayInput,
} from "../analysis/types";
import type { Db } from "../db-client.server";
import { enqueue } from "../jobs/queue.server";
import { dayInZone } from "../sync/records";

/*
 * The analysis' I/O: reading a shop's synced store into the pure module's input, and replacing the
 * shop's stored results with a run's output. Pages read those stored results, never the module.
 */

export const ANALYSIS_JOB_KIND = "analyze";

/** Flags compare the window with the one before it and with the same window a year earlier. */
const HISTORY_DAYS_BEFORE_WINDOW = 365;
/** Rows per INSERT when storing results: well under both databases' parameter limits. */
const ROWS_PER_STATEMENT = 500;

const DAY_MS = 86_400_000;
export const addDays = (day: Day, days: number): Day =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const settingsOverrides = z
  .object(
    Object.fromEntries(
      Object.keys(DEFAULT_SETTINGS).map((key) => [key, z.number().finite().nonnegative().optional()]),
    ) as Record<keyof AnalysisSettings, z.ZodOptional<z.ZodNumber>>,
  )
  .strict();

/** The merchant's stored overrides (unknown or invalid keys are refused). */
export function settingsOverridesOf(stored: string | null | undefined): Partial<AnalysisSettings> {
  if (!stored) return {};
  return settingsOverrides.parse(JSON.parse(stored)) as Partial<AnalysisSettings>;
}

/** The shop's thresholds: its stored overrides over the defaults. */
export function analysisSettings(stored: string | null | undefined): AnalysisSettings {
  return { ...DEFAULT_SETTINGS, ...settingsOverridesOf(stored) };
}

/** Stores the merchant's thresholds (what differs from the defaults) and queues a fresh analysis. */
export async function saveAnalysisSettings(db: Db, shop: string, overrides: Partial<AnalysisSettings>) {
  const valid = settingsOverrides.parse(overrides);
  await db.shop.update({ where: { domain: shop }, data: { analysisSettings: JSON.stringify(valid) } });
  await requestAnalysis(db, shop, "staff");
}

export interface StoreContext {
  currencyCode: string;
  timeZone: string;
  settings: AnalysisSettings;
}

/** The shop's currency, zone and thresholds; an error when the shop has not been read yet. */
export async function storeContext(db: Db, shop: string): Promise<StoreContext> {
  const row = await db.shop.findUnique({ where: { domain: shop } });
  if (!row?.currencyCode || !row.ianaTimezone) {
    throw new Error(`${shop}: the shop's currency and time zone are not known yet`);
  }
  return {
    currencyCode: row.currencyCode,
    timeZone: row.ianaTimezone,
    settings: analysisSettings(row.analysisSettings),
  };
}

/** The day of the shop's newest order (the command line's default "today"), or null without orders. */
export async function newestOrderDay(db: Db, shop: string, timeZone: string): Promise<Day | null> {
  const newest = await db.order.findFirst({
    where: { shop },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return newest ? dayInZone(timeZone)(newest.createdAt) : null;
}

/** Reads what the analysis needs of one shop: catalog, daily facts and stock history up to `asOf`. */
export async function loadAnalysisInput(
  db: Db,
  shop: string,
  context: StoreContext,
  asOf: Day,
): Promise<AnalysisInput> {
  const toDay = dayInZone(context.timeZone);
  const firstDay = addDays(asOf, -(context.settings.windowDays + HISTORY_DAYS_BEFORE_WINDOW));
  const [products, variants, dailySales, inventory] = await Promise.all([
    db.product.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    db.variant.findMany({ where: { shop }, orderBy: { id: "asc" } }),
    db.variantDailySales.findMany({
      where: { shop, day: { gte: firstDay, lte: asOf } },
      select: {
        variantId: true,
        productId: true,
        day: true,
        units: true,
        grossMinor: true,
        discountMinor: true,
        refundedUnits: true,
        orders: true,
        discountedUnits: true,
        maxLineUnits: true,
      },
    }),
    db.inventorySnapshot.findMany({
      where: { shop, day: { gte: firstDay, lte: asOf } },
      select: { variantId: true, day: true, quantity: true, unitCostMinor: true },
    }),
  ]);
  return {
    asOf,
    currencyCode: context.currencyCode,
    settings: context.settings,
    products: products.map((product) => ({
      id: product.id,
      title: product.title,
      handle: product.handle,
      status: product.status,
      productType: product.productType,
      vendor: product.vendor,
      tags: product.tags
        .split(",")
        .map((tag) => tag.trim())
        .filter(Boolean),
      createdAt: toDay(product.createdAt),
      publishedAt: product.publishedAt ? toDay(product.publishedAt) : null,
      descriptionHtml: product.descriptionHtml,
      seoTitle: product.seoTitle,
      seoDescription: product.seoDescription,
      mediaCount: product.mediaCount,
    })),
    variants: variants.map((variant) => ({
      id: variant.id,
      productId: variant.productId,
      title: variant.title,
      sku: variant.sku,
      priceMinor: variant.priceMinor,
      compareAtPriceMinor: variant.compareAtPriceMinor,
      inventoryQuantity: variant.inventoryQuantity,
      unitCostMinor: variant.unitCostMinor,
      createdAt: toDay(variant.createdAt),
    })),
    dailySales: dailySales satisfies DailySalesInput[],
    inventory: inventory satisfies InventoryDayInput[],
  };
}

const json = (value: unknown) => JSON.stringify(value);
const money = (minor: number) => BigInt(Math.round(minor));

/** Replaces the shop's stored results with one run's, in one transaction: pages see old or new. */
export async function storeAnalysisResult(
  db: Db,
  shop: string,
  runId: string,
  input: AnalysisInput,
  result: AnalysisResult,
): Promise<void> {
  const productById = new Map(input.products.map((product) => [product.id, product]));
  const flagsByProduct = new Map<string, AnalysisResult["flags"]>();
  for (const flag of result.flags) {
    const list = flagsByProduct.get(flag.productId) ?? [];
    list.push(flag);
    flagsByProduct.set(flag.productId, list);
  }
  const severityRank = { high: 3, medium: 2, low: 1 } as const;
  const healthRows: Prisma.ProductHealthCreateManyInput[] = [];
  for (const metrics of result.products) {
    const product = productById.get(metrics.productId);
    if (!product) continue;
    const flags = flagsByProduct.get(metrics.productId) ?? [];
    // A product's flags describe the same stock and sales from several angles: take each amount
    // once (the largest a flag names), not their sum.
    const stockValue = flags.reduce((most, flag) => Math.max(most, flag.stockValueMinor), 0);
    const revenueAtRisk = flags.reduce((most, flag) => Math.max(most, flag.revenueAtRiskMinor), 0);
    const worst = flags.reduce<AnalysisResult["flags"][number] | null>(
      (top, flag) => (top === null || severityRank[flag.severity] > severityRank[top.severity] ? flag : top),
      null,
    );
    healthRows.push({
      shop,
      productId: metrics.productId,
      runId,
      title: product.title,
      productType: product.productType,
      vendor: product.vendor,
      status: product.status,
      healthScore: Math.round(metrics.healthScore),
      flagCount: flags.length,
      topSeverity: worst?.severity ?? null,
      moneyAtStakeMinor: money(stockValue + revenueAtRisk),
      stockValueMinor: money(stockValue),
      revenueAtRiskMinor: money(revenueAtRisk),
      units: metrics.units,
      revenueMinor: money(metrics.revenueMinor),
      marginMinor: metrics.marginMinor === null ? null : money(metrics.marginMinor),
      abcClass: metrics.abcClass,
      metrics: json(metrics),
    });
  }
  const flagRows: Prisma.ProductFlagCreateManyInput[] = result.flags.map((flag) => ({
    shop,
    productId: flag.productId,
    variantId: flag.variantId,
    kind: flag.kind,
    severity: flag.severity,
    confidence: flag.confidence,
    windowStart: flag.window.start,
    windowEnd: flag.window.end,
    summary: flag.summary,
    evidence: json(flag.evidence),
    stockValueMinor: money(flag.stockValueMinor),
    revenueAtRiskMinor: money(flag.revenueAtRiskMinor),
  }));
  await db.$transaction(
    async (tx) => {
      await tx.productHealth.deleteMany({ where: { shop } });
      await tx.productFlag.deleteMany({ where: { shop } });
      for (let start = 0; start < healthRows.length; start += ROWS_PER_STATEMENT) {
        await tx.productHealth.createMany({ data: healthRows.slice(start, start + ROWS_PER_STATEMENT) });
      }
      for (let start = 0; start < flagRows.length; start += ROWS_PER_STATEMENT) {
        await tx.productFlag.createMany({ data: flagRows.slice(start, start + ROWS_PER_STATEMENT) });
      }
      await tx.analysisRun.update({
        where: { id: runId },
        data: {
          status: "completed",
          finishedAt: new Date(),
          products: healthRows.length,
          flags: flagRows.length,
        },
      });
    },
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}

export interface RunAnalysisOptions {
  /** "today" of the analysis; default: today in the shop's time zone */
  asOf?: Day;
  now?: () => Date;
}

/**
 * One analysis of the shop's synced store: load, analyse, store. The run is recorded first so the
 * pages can say one is in progress, and marked failed (results untouched) when anything throws.
 */
export async function runAnalysis(db: Db, shop: string, options: RunAnalysisOptions = {}) {
  const now = options.now ?? (() => new Date());
  const context = await storeContext(db, shop);
  const asOf = options.asOf ?? dayInZone(context.timeZone)(now());
  const run = await db.analysisRun.create({
    data: { shop, status: "running", asOf, currencyCode: context.currencyCode, startedAt: now() },
  });
  try {
    const input = await loadAnalysisInput(db, shop, context, asOf);
    const result = analyze(input);
    await db.analysisRun.update({
      where: { id: run.id },
      data: {
        windowStart: result.window.start,
        windowEnd: result.window.end,
        exposureBasis: exposureBasisOf(result),
      },
    });
    await storeAnalysisResult(db, shop, run.id, input, result);
    return { runId: run.id, input, result };
  } catch (error) {
    await db.analysisRun.update({
      where: { id: run.id },
      data: {
        status: "failed",
        finishedAt: now(),
        error: error instanceof Error ? error.message : String(error),
      },
    });
    throw error;
  }
}

function exposureBasisOf(result: AnalysisResult): string | null {
  const bases = [...new Set(result.products.map((product) => product.exposureBasis))];
  if (bases.length === 0) return null;
  return bases.length === 1 ? bases[0]! : "mixed";
}

/** Queues an analysis of the shop (after a sync, or when staff ask): at most one waits at a time. */
export function requestAnalysis(db: Db, shop: string, reason: "sync" | "daily" | "staff", now = new Date()) {
  return enqueue(
    db,
    shop,
    ANALYSIS_JOB_KIND,
    { reason },
    { dedupeKey: "analyze", runAt: now, maxAttempts: 3 },
  );
}

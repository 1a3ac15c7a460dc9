import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import { z } from "zod";
import { analyze } from "../analysis/index";
import { addDays, visibleText } from "../analysis/format";
import {
  DEFAULT_SETTINGS,
  SEVERITY_RANK,
  type AnalysisInput,
  type AnalysisResult,
  type AnalysisSettings,
  type DailySalesInput,
  type Day,
  type InventoryDayInput,
  type ProductInput,
  type VariantInput,
} from "../analysis/types";
import type { Db } from "../db-client.server";
import { enqueue } from "../jobs/queue.server";
import { DASHBOARD_TREND_WEEKS, dailyTotals, weeklyTotals } from "../lib/sales-trend";
import { dialectOf, insertModelRows } from "../sync/insert.server";
import { dayInZone } from "../sync/records";

/*
 * The analysis' I/O: reading a shop's synced store into the pure module's input, and replacing the
 * shop's stored results with a run's output. Pages read those stored results, never the module.
 */

export const ANALYSIS_JOB_KIND = "analyze";

/** Flags compare the window with the one before it and with the same window a year earlier. */
const HISTORY_DAYS_BEFORE_WINDOW = 365;
/** Rows per INSERT when storing results (about a megabyte of parameters each). */
const ROWS_PER_STATEMENT = 1_000;

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
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    throw new Error("The stored analysis thresholds are unreadable; save them again in Settings.");
  }
  const parsed = settingsOverrides.safeParse(value);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "thresholds").join(", ");
    throw new Error(`The stored analysis thresholds are invalid (${fields}); save them again in Settings.`);
  }
  return parsed.data as Partial<AnalysisSettings>;
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

/** Rows per page when reading the analysis input (a page is one JSON document in memory). */
const DEFAULT_ROWS_PER_PAGE = 20_000;

type JsonValue = string | number | null;

/**
 * Reads a table of the shop page by page in key order, each page as one JSON array built by the
 * database. Prisma turns each row into an object at about 10 µs a row, which for a million daily
 * facts is longer than the analysis itself; one JSON document per page costs about 1 µs a row.
 * Table and column names are this module's constants, never input.
 */
async function* jsonPages(
  db: Db,
  shop: string,
  table: string,
  columns: readonly string[],
  key: readonly string[],
  where: Prisma.Sql,
  rowsPerPage: number,
): AsyncGenerator<JsonValue[][]> {
  const postgres = dialectOf(db) === "postgresql";
  const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(", ");
  const list = Prisma.raw(quoted(columns));
  const keyList = Prisma.raw(quoted(key));
  let cursor: JsonValue[] = key.map(() => "");
  for (;;) {
    const inner = Prisma.sql`SELECT ${list} FROM ${Prisma.raw(`"${table}"`)}
      WHERE "shop" = ${shop} AND (${keyList}) > (${Prisma.join(cursor)}) ${where}
      ORDER BY ${keyList} LIMIT ${rowsPerPage}`;
    const query = postgres
      ? Prisma.sql`SELECT COALESCE(json_agg(json_build_array(${list}) ORDER BY ${keyList}), '[]')::text AS "page" FROM (${inner}) AS t`
      : Prisma.sql`SELECT json_group_array(json_array(${list})) AS "page" FROM (${inner})`;
    const [result] = await db.$queryRaw<Array<{ page: string }>>(query);
    const rows = JSON.parse(result?.page ?? "[]") as JsonValue[][];
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < rowsPerPage) return;
    const last = rows[rows.length - 1]!;
    cursor = key.map((name) => last[columns.indexOf(name)] ?? "");
  }
}

/** PostgreSQL's JSON writes timestamps without a zone; Prisma stores them in UTC. */
const instant = (value: JsonValue) => {
  const text = String(value);
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(text) ? text : `${text}Z`);
};
const text = (value: JsonValue | undefined) => (value === null || value === undefined ? null : String(value));
const integer = (value: JsonValue | undefined) => Number(value ?? 0);

/**
 * Reads what the analysis needs of one shop: catalog, daily facts and stock history up to `asOf`.
 * Ids and days repeat on every fact row; they are interned, so a million rows hold one copy each.
 */
export async function loadAnalysisInput(
  db: Db,
  shop: string,
  context: StoreContext,
  asOf: Day,
  rowsPerPage = DEFAULT_ROWS_PER_PAGE,
): Promise<AnalysisInput> {
  const toDay = dayInZone(context.timeZone);
  const firstDay = addDays(asOf, -(context.settings.windowDays + HISTORY_DAYS_BEFORE_WINDOW));
  const days = new Map<string, string>();
  const internDay = (value: JsonValue | undefined) => {
    const day = String(value);
    const known = days.get(day);
    if (known !== undefined) return known;
    days.set(day, day);
    return day;
  };

  const products: ProductInput[] = [];
  for await (const rows of jsonPages(
    db,
    shop,
    "Product",
    PRODUCT_COLUMNS,
    ["id"],
    Prisma.empty,
    rowsPerPage,
  )) {
    for (const row of rows) {
      const [id, title, handle, status, productType, vendor, tags, createdAt, publishedAt, html] = row;
      products.push({
        id: String(id),
        title: String(title),
        handle: String(handle),
        status: String(status),
        productType: String(productType),
        vendor: String(vendor),
        tags: String(tags)
          .split(",")
          .map((tag) => tag.trim())
          .filter(Boolean),
        createdAt: toDay(instant(createdAt!)),
        publishedAt: publishedAt === null ? null : toDay(instant(publishedAt!)),
        descriptionHtml: "",
        descriptionTextLength: visibleText(String(html ?? "")).length,
        seoTitle: text(row[10]),
        seoDescription: text(row[11]),
        mediaCount: integer(row[12]),
      });
    }
  }
  const productIds = new Map(products.map((product) => [product.id, product.id]));

  const variants: VariantInput[] = [];
  for await (const rows of jsonPages(
    db,
    shop,
    "Variant",
    VARIANT_COLUMNS,
    ["id"],
    Prisma.empty,
    rowsPerPage,
  )) {
    for (const [id, productId, title, sku, price, compareAt, stock, cost, createdAt] of rows) {
      variants.push({
        id: String(id),
        productId: productIds.get(String(productId)) ?? String(productId),
        title: String(title),
        sku: text(sku),
        priceMinor: integer(price),
        compareAtPriceMinor: compareAt === null ? null : integer(compareAt),
        inventoryQuantity: integer(stock),
        unitCostMinor: cost === null ? null : integer(cost),
        createdAt: toDay(instant(createdAt!)),
      });
    }
  }
  const variantIds = new Map(variants.map((variant) => [variant.id, variant.id]));
  const intern = (ids: Map<string, string>, value: JsonValue | undefined) => {
    const id = String(value);
    return ids.get(id) ?? id;
  };

  const inWindow = Prisma.sql`AND "day" >= ${firstDay} AND "day" <= ${asOf}`;
  const dailySales: DailySalesInput[] = [];
  for await (const rows of jsonPages(
    db,
    shop,
    "VariantDailySales",
    DAILY_COLUMNS,
    ["variantId", "day"],
    inWindow,
    rowsPerPage,
  )) {
    for (const [
      variantId,
      productId,
      day,
      units,
      gross,
      discount,
      refunded,
      orders,
      discounted,
      maxLine,
    ] of rows) {
      dailySales.push({
        variantId: intern(variantIds, variantId),
        productId: intern(productIds, productId),
        day: internDay(day),
        units: integer(units),
        grossMinor: integer(gross),
        discountMinor: integer(discount),
        refundedUnits: integer(refunded),
        orders: integer(orders),
        discountedUnits: integer(discounted),
        maxLineUnits: integer(maxLine),
      });
    }
  }

  const inventory: InventoryDayInput[] = [];
  for await (const rows of jsonPages(
    db,
    shop,
    "InventorySnapshot",
    SNAPSHOT_COLUMNS,
    ["variantId", "day"],
    inWindow,
    rowsPerPage,
  )) {
    for (const [variantId, day, quantity, cost] of rows) {
      inventory.push({
        variantId: intern(variantIds, variantId),
        day: internDay(day),
        quantity: integer(quantity),
        unitCostMinor: cost === null ? null : integer(cost),
      });
    }
  }

  return {
    asOf,
    currencyCode: context.currencyCode,
    settings: context.settings,
    products,
    variants,
    dailySales,
    inventory,
  };
}

const PRODUCT_COLUMNS = [
  "id",
  "title",
  "handle",
  "status",
  "productType",
  "vendor",
  "tags",
  "createdAt",
  "publishedAt",
  "descriptionHtml",
  "seoTitle",
  "seoDescription",
  "mediaCount",
] as const;
const VARIANT_COLUMNS = [
  "id",
  "productId",
  "title",
  "sku",
  "priceMinor",
  "compareAtPriceMinor",
  "inventoryQuantity",
  "unitCostMinor",
  "createdAt",
] as const;
const DAILY_COLUMNS = [
  "variantId",
  "productId",
  "day",
  "units",
  "grossMinor",
  "discountMinor",
  "refundedUnits",
  "orders",
  "discountedUnits",
  "maxLineUnits",
] as const;
const SNAPSHOT_COLUMNS = ["variantId", "day", "quantity", "unitCostMinor"] as const;

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
  const healthRows: Array<Prisma.ProductHealthCreateManyInput & { marginMinor: bigint | null }> = [];
  for (const metrics of result.products) {
    const product = productById.get(metrics.productId);
    if (!product) continue;
    const flags = flagsByProduct.get(metrics.productId) ?? [];
    // A product's flags describe the same stock and sales from several angles: take each amount
    // once (the largest a flag names), not their sum.
    const stockValue = flags.reduce((most, flag) => Math.max(most, flag.stockValueMinor), 0);
    const revenueAtRisk = flags.reduce((most, flag) => Math.max(most, flag.revenueAtRiskMinor), 0);
    const worst = flags.reduce<AnalysisResult["flags"][number] | null>(
      (top, flag) =>
        top === null || SEVERITY_RANK[flag.severity] > SEVERITY_RANK[top.severity] ? flag : top,
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
  const flagRows: Array<Prisma.ProductFlagCreateManyInput & { variantId: string | null }> = result.flags.map(
    (flag) => ({
      id: randomUUID(),
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
    }),
  );
  await db.$transaction(
    async (tx) => {
      await tx.productHealth.deleteMany({ where: { shop } });
      await tx.productFlag.deleteMany({ where: { shop } });
      for (let start = 0; start < healthRows.length; start += ROWS_PER_STATEMENT) {
        await insertModelRows(tx, "ProductHealth", healthRows.slice(start, start + ROWS_PER_STATEMENT));
      }
      for (let start = 0; start < flagRows.length; start += ROWS_PER_STATEMENT) {
        await insertModelRows(tx, "ProductFlag", flagRows.slice(start, start + ROWS_PER_STATEMENT));
      }
      await tx.analysisRun.update({
        where: { id: runId, shop },
        data: {
          status: "completed",
          finishedAt: new Date(),
          products: healthRows.length,
          flags: flagRows.length,
          weeklyTrend: JSON.stringify(
            weeklyTotals(
              dailyTotals(
                input.dailySales,
                addDays(input.asOf, -(DASHBOARD_TREND_WEEKS * 7 - 1)),
                input.asOf,
              ),
            ),
          ),
        },
      });
    },
    { maxWait: 60_000, timeout: 10 * 60_000 },
  );
}

export interface RunAnalysisOptions {
  /** the last day of the analysis' window; default: yesterday in the shop's time zone */
  asOf?: Day;
  now?: () => Date;
}

/**
 * One analysis of the shop's synced store: load, analyse, store. The run is recorded first so the
 * pages can say one is in progress, and marked failed (results untouched) when anything throws.
 */
export async function runAnalysis(db: Db, shop: string, options: RunAnalysisOptions = {}) {
  const now = options.now ?? (() => new Date());
  const run = await db.analysisRun.create({ data: { shop, status: "running", startedAt: now() } });
  try {
    const context = await storeContext(db, shop);
    // Yesterday, the last whole day: today would count as a full day of exposure with part of its sales.
    const asOf = options.asOf ?? addDays(dayInZone(context.timeZone)(now()), -1);
    const input = await loadAnalysisInput(db, shop, context, asOf);
    const result = analyze(input);
    await db.analysisRun.update({
      where: { id: run.id },
      data: {
        asOf,
        currencyCode: context.currencyCode,
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

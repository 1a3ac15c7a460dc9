/*
 * `npm run bench:analysis [-- 10k|100k|1M]`: ingestion plus analysis of generated stores of ~10k,
 * ~100k and ~1M order lines, beside DuckDB computing the same per-variant aggregates from the same
 * files as a yardstick. Each side runs in its own child process so its peak RSS is its own.
 *
 * Ours: products.jsonl and orders.jsonl imported into a fresh SQLite database by the sync's code,
 * read back by the analysis job's loader, analysed by the pure module (app/analysis). DuckDB: reads
 * the same two files, builds the daily facts and, per variant, the window's units, net sales and
 * refunds with the product's category: the aggregates the analysis starts from. The report compares
 * the window totals, so both sides are known to count the same thing.
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { analyze } from "../app/analysis/index";
import { createDb } from "../app/db-client.server";
import { addDays } from "../app/analysis/format";
import type { AnalysisInput, AnalysisResult } from "../app/analysis/types";
import type { Db } from "../app/db-client.server";
import type { ProductListQuery } from "../app/lib/product-list-params";
import { dashboardSummary, listFlaggedProducts, productDetail } from "../app/models/analysis-results.server";
import {
  loadAnalysisInput,
  newestOrderDay,
  storeAnalysisResult,
  storeContext,
} from "../app/models/analysis.server";
import { importJsonl } from "../app/sync/store.server";
import { BENCH_SIZES, BENCH_TIME_ZONE, duckdbOrdersCtes, benchChild, writeBenchStore } from "./bench-files";
import { migrateSqlite } from "./db-migrate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BENCH_DIR = path.join(root, "tmp/bench");
const SHOP = "bench.myshopify.com";
const WINDOW_DAYS = 90;

interface WindowTotals {
  variants: number;
  units: number;
  netMinor: number;
  refundedUnits: number;
}

interface Measurement {
  seconds: number;
  peakRssMb: number;
  totals: WindowTotals;
  phases?: Record<string, number>;
  flags?: number;
  products?: number;
  asOf?: string;
  pages?: Record<string, number>;
}

const mb = (kilobytes: number) => Math.round(kilobytes / 1024);
const since = (from: number) => (performance.now() - from) / 1000;

async function ours(productsFile: string, ordersFile: string, database: string): Promise<Measurement> {
  const db = createDb(`file:${database}`);
  await db.shop.create({ data: { domain: SHOP, currencyCode: "USD", ianaTimezone: BENCH_TIME_ZONE } });
  const options = { timeZone: BENCH_TIME_ZONE, currencyCode: "USD" };
  const phases: Record<string, number> = {};
  const start = performance.now();
  let mark = start;
  const phase = (name: string) => {
    phases[name] = since(mark);
    phases[`${name}RssMb`] = Math.round(process.memoryUsage().rss / 2 ** 20);
    phases[`${name}PeakMb`] = mb(process.resourceUsage().maxRSS);
    mark = performance.now();
  };
  await importJsonl(db, SHOP, "products", productsFile, options);
  phase("products");
  await importJsonl(db, SHOP, "orders", ordersFile, options);
  phase("orders");
  const context = await storeContext(db, SHOP);
  const asOf = (await newestOrderDay(db, SHOP, BENCH_TIME_ZONE))!;
  const input = await loadAnalysisInput(db, SHOP, context, asOf);
  phase("load");
  const result = analyze(input);
  phase("analyze");
  const seconds = since(start);
  const peakRssMb = mb(process.resourceUsage().maxRSS);
  const pages = await pageTimings(db, input, result);
  await db.$disconnect();
  const windowStart = addDays(asOf, -(WINDOW_DAYS - 1));
  const variants = new Set<string>();
  const totals: WindowTotals = { variants: 0, units: 0, netMinor: 0, refundedUnits: 0 };
  for (const row of input.dailySales) {
    if (row.day < windowStart || row.day > asOf) continue;
    variants.add(row.variantId);
    totals.units += row.units;
    totals.netMinor += row.grossMinor - row.discountMinor;
    totals.refundedUnits += row.refundedUnits;
  }
  totals.variants = variants.size;
  return {
    seconds,
    phases,
    peakRssMb,
    totals,
    flags: result.flags.length,
    products: input.products.length,
    asOf,
    pages,
  };
}

/**
 * Stores the run's results, then times what the pages ask of them: the Products page's first and
 * a deep page, filtered by a flag and searched, the Dashboard and a product's detail (milliseconds,
 * each the median of three).
 */
async function pageTimings(db: Db, input: AnalysisInput, result: AnalysisResult) {
  const run = await db.analysisRun.create({
    data: { shop: SHOP, status: "running", asOf: input.asOf, currencyCode: input.currencyCode },
  });
  const stored = performance.now();
  await storeAnalysisResult(db, SHOP, run.id, input, result);
  const timings: Record<string, number> = { storeResults: Math.round(performance.now() - stored) };
  const median = async (name: string, work: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now();
      await work();
      runs.push(performance.now() - started);
    }
    timings[name] = Math.round(runs.sort((a, b) => a - b)[1]!);
  };
  const list = (query: Partial<ProductListQuery>) =>
    listFlaggedProducts(db, SHOP, { sort: "money", page: 1, pageSize: 50, ...query });
  const { total } = await list({});
  await median("productsFirstPage", () => list({}));
  await median("productsLastPage", () => list({ page: Math.max(1, Math.ceil(total / 50)) }));
  await median("productsByFlag", () => list({ flag: "dead_stock" }));
  await median("productsSearch", () => list({ search: "hoodie" }));
  await median("dashboard", () => dashboardSummary(db, SHOP));
  const flagged = result.flags[0]?.productId ?? input.products[0]!.id;
  await median("productDetail", () => productDetail(db, SHOP, flagged));
  return timings;
}

async function duckdb(productsFile: string, ordersFile: string): Promise<Measurement> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const start = performance.now();
  const result = await connection.runAndReadAll(`
    WITH ${duckdbOrdersCtes(ordersFile, BENCH_TIME_ZONE)},
    catalog AS (
      SELECT * FROM read_json('${productsFile}', format = 'newline_delimited', columns = {
        id: 'VARCHAR', productType: 'VARCHAR', inventoryQuantity: 'INTEGER', __parentId: 'VARCHAR'
      })
    ),
    variants AS (
      SELECT v.id AS variantId, p.productType, v.inventoryQuantity
      FROM catalog v JOIN catalog p ON p.id = v.__parentId WHERE v.__parentId IS NOT NULL
    ),
    facts AS (
      SELECT l.variant.id AS variantId, o.day, SUM(l.quantity) AS units,
        SUM(l.quantity * l.discountedUnitPriceAfterAllDiscountsSet.shopMoney.amount * 100) AS netMinor,
        SUM(l.quantity - l.currentQuantity) AS refundedUnits
      FROM export l JOIN orders o ON o.id = l.__parentId
      WHERE l.__parentId IS NOT NULL AND l.variant.id IS NOT NULL
      GROUP BY l.variant.id, o.day
    ),
    window_facts AS (
      SELECT f.variantId, v.productType, SUM(f.units) AS units, SUM(f.netMinor) AS netMinor,
        SUM(f.refundedUnits) AS refundedUnits
      FROM facts f JOIN variants v USING (variantId)
      WHERE f.day > strftime(CAST((SELECT MAX(day) FROM facts) AS DATE) - INTERVAL ${WINDOW_DAYS} DAY, '%Y-%m-%d')
      GROUP BY f.variantId, v.productType
    )
    SELECT COUNT(*) AS variants, SUM(units) AS units, SUM(netMinor) AS netMinor,
      SUM(refundedUnits) AS refundedUnits
    FROM window_facts`);
  const seconds = since(start);
  const [row] = result.getRowObjects();
  const value = (key: keyof WindowTotals) => Number(String(row?.[key] ?? 0));
  return {
    seconds,
    peakRssMb: mb(process.resourceUsage().maxRSS),
    totals: {
      variants: value("variants"),
      units: value("units"),
      netMinor: value("netMinor"),
      refundedUnits: value("refundedUnits"),
    },
  };
}

const child = (args: string[]) => benchChild<Measurement>(import.meta.url, args);

async function main(): Promise<void> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const template = path.join(BENCH_DIR, "analysis-template.sqlite");
  rmSync(template, { force: true });
  migrateSqlite(`file:${template}`);
  const wanted = process.argv.slice(2);
  const header = [
    "size",
    "products",
    "ingest s",
    "load s",
    "analyze s",
    "total s",
    "peak RSS MB",
    "of which after ingest",
    "flags",
    "DuckDB s",
    "DuckDB RSS MB",
    "ratio",
    "same window totals",
  ];
  const rows: string[][] = [];
  const pageRows: string[] = [];
  for (const size of BENCH_SIZES.filter((one) => wanted.length === 0 || wanted.includes(one.label))) {
    const started = performance.now();
    const { files, written } = await writeBenchStore(BENCH_DIR, size);
    if (written) console.log(`wrote the ${size.label} store's files in ${since(started).toFixed(1)} s`);
    const database = path.join(BENCH_DIR, `analysis-${size.label}.sqlite`);
    copyFileSync(template, database);
    const app = child(["--ours", files.products, files.orders, database]);
    rmSync(database, { force: true });
    if (app.pages) {
      pageRows.push(
        `${size.label} (${app.products} products): ` +
          Object.entries(app.pages)
            .map(([name, ms]) => `${name} ${ms} ms`)
            .join(", "),
      );
    }
    const yardstick = child(["--duckdb", files.products, files.orders]);
    const same = JSON.stringify(app.totals) === JSON.stringify(yardstick.totals);
    const phases = app.phases ?? {};
    rows.push([
      size.label,
      String(app.products ?? 0),
      ((phases.products ?? 0) + (phases.orders ?? 0)).toFixed(2),
      (phases.load ?? 0).toFixed(2),
      (phases.analyze ?? 0).toFixed(2),
      app.seconds.toFixed(2),
      String(app.peakRssMb),
      String(phases.ordersPeakMb ?? 0),
      String(app.flags ?? 0),
      yardstick.seconds.toFixed(2),
      String(yardstick.peakRssMb),
      (app.seconds / yardstick.seconds).toFixed(1),
      same ? "yes" : `NO: ${JSON.stringify(app.totals)} vs ${JSON.stringify(yardstick.totals)}`,
    ]);
  }
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  for (const row of [header, ...rows])
    console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join("  "));
  console.log("\nThe pages' queries over the stored results (median of 3):");
  for (const line of pageRows) console.log(`  ${line}`);
  console.log(
    `ours: import products + orders (${BENCH_TIME_ZONE} days), load the analysis input, analyze; ` +
      `DuckDB: the same files to per-variant ${WINDOW_DAYS}-day aggregates. Target: total within 2x DuckDB, peak RSS < 300 MB.`,
  );
}

const [mode, ...files] = process.argv.slice(2);
if (mode === "--ours" && files.length === 3)
  console.log(JSON.stringify(await ours(files[0]!, files[1]!, files[2]!)));
else if (mode === "--duckdb" && files.length === 2)
  console.log(JSON.stringify(await duckdb(files[0]!, files[1]!)));
else await main();

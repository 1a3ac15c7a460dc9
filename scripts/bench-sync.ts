/*
 * `npm run bench:sync`: the bulk-sync ingestion at three sizes, beside DuckDB as a yardstick.
 *
 * For ~10k, ~100k and ~1M order lines it writes the generator's store as bulk exports
 * (scripts/bench-files.ts: JSONL under tmp/bench/, reused when present), then in a child process each:
 *  - imports the file into a fresh SQLite database with the app's own code (importJsonl: parse,
 *    validate, write Order and OrderLine, rebuild VariantDailySales, one transaction);
 *  - has DuckDB read the same file and aggregate it into the same per-variant daily facts.
 * It also times reading and validating alone, the import again with a bounded V8 heap, and the
 * import into a fresh PostgreSQL database (TEST_POSTGRES_URL's server, as the tests use).
 * Children keep each peak RSS (process.resourceUsage().maxRSS) its own. `npm run bench:sync -- 10k`
 * runs one size. The two sets of daily facts
 * are compared by their totals, so the yardstick is known to compute the same thing.
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { createDb, isPostgresUrl } from "../app/db-client.server";
import { readJsonl } from "../app/sync/jsonl.server";
import { importJsonl } from "../app/sync/store.server";
import {
  BENCH_SIZES,
  BENCH_TIME_ZONE as TIME_ZONE,
  duckdbFactTotals,
  benchChild,
  writeBenchStore,
} from "./bench-files";
import { createPostgresTestDb } from "../test-support/postgres";
import { migrateSqlite } from "./db-migrate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BENCH_DIR = path.join(root, "tmp/bench");
const SHOP = "bench.myshopify.com";
/**
 * V8 lets a busy heap grow to several times what is live before collecting; a sync worker can
 * bound it. The second ingestion run shows the peak RSS under that bound.
 */
const BOUNDED_HEAP_MB = 160;

interface Totals {
  facts: number;
  units: number;
  grossMinor: number;
  discountMinor: number;
  refundedUnits: number;
  orders: number;
  discountedUnits: number;
  maxLineUnits: number;
}

interface Measurement {
  seconds: number;
  peakRssMb: number;
  totals: Totals;
  /** ingestion only: when the last batch was written, JSONL objects read, OrderLine rows written */
  lastBatchSeconds?: number;
  objects?: number;
  orderLines?: number;
}

const mb = (kilobytes: number) => Math.round(kilobytes / 1024);
const seconds = (from: number) => (performance.now() - from) / 1000;

// ---- the export file --------------------------------------------------------------------------------

// ---- the two children -----------------------------------------------------------------------------

async function ingest(file: string, database: string): Promise<Measurement> {
  const db = createDb(isPostgresUrl(database) ? database : `file:${database}`);
  await db.shop.count(); // connect before the clock starts
  const start = performance.now();
  let lastBatchSeconds = 0;
  const result = await importJsonl(db, SHOP, "orders", file, {
    timeZone: TIME_ZONE,
    currencyCode: "USD",
    onBatch: () => {
      lastBatchSeconds = seconds(start);
    },
  });
  const elapsed = seconds(start);
  const [row] = await db.$queryRaw<Array<Record<keyof Totals, bigint | number>>>`
    SELECT COUNT(*) AS facts, SUM("units") AS units, SUM("grossMinor") AS "grossMinor",
      SUM("discountMinor") AS "discountMinor", SUM("refundedUnits") AS "refundedUnits", SUM("orders") AS orders,
      SUM("discountedUnits") AS "discountedUnits", SUM("maxLineUnits") AS "maxLineUnits"
    FROM "VariantDailySales" WHERE "shop" = ${SHOP}`;
  await db.$disconnect();
  return {
    seconds: elapsed,
    lastBatchSeconds,
    objects: result.objects,
    orderLines: result.written.OrderLine ?? 0,
    peakRssMb: mb(process.resourceUsage().maxRSS),
    totals: numbers(row),
  };
}

/** Reading and validating alone, to tell the parser's share from the database's. */
async function parseOnly(file: string): Promise<Measurement> {
  const start = performance.now();
  let objects = 0;
  for await (const batch of readJsonl(file, "orders", { timeZone: TIME_ZONE, currencyCode: "USD" })) {
    objects = batch.objects;
  }
  return {
    seconds: seconds(start),
    objects,
    peakRssMb: mb(process.resourceUsage().maxRSS),
    totals: numbers({}),
  };
}

async function duckdb(file: string): Promise<Measurement> {
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const start = performance.now();
  const result = await connection.runAndReadAll(duckdbFactTotals(file, TIME_ZONE));
  const elapsed = seconds(start);
  const [row] = result.getRowObjects();
  return { seconds: elapsed, peakRssMb: mb(process.resourceUsage().maxRSS), totals: numbers(row) };
}

function numbers(row: Record<string, unknown> | undefined): Totals {
  const value = (key: keyof Totals) => Number(String(row?.[key] ?? 0));
  return {
    facts: value("facts"),
    units: value("units"),
    grossMinor: value("grossMinor"),
    discountMinor: value("discountMinor"),
    refundedUnits: value("refundedUnits"),
    orders: value("orders"),
    discountedUnits: value("discountedUnits"),
    maxLineUnits: value("maxLineUnits"),
  };
}

const child = (args: string[], nodeFlags: string[] = []) =>
  benchChild<Measurement>(import.meta.url, args, nodeFlags);

// ---- the report -----------------------------------------------------------------------------------

async function main(): Promise<void> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const template = path.join(BENCH_DIR, "template.sqlite");
  rmSync(template, { force: true });
  migrateSqlite(`file:${template}`);
  const rows: string[][] = [];
  const wanted = process.argv.slice(2);
  for (const size of BENCH_SIZES.filter((one) => wanted.length === 0 || wanted.includes(one.label))) {
    const start = performance.now();
    const { files, written } = await writeBenchStore(BENCH_DIR, size);
    if (written) console.log(`wrote the ${size.label} store's files in ${seconds(start).toFixed(1)} s`);
    const file = files.orders;
    const database = path.join(BENCH_DIR, `ingest-${size.label}.sqlite`);
    copyFileSync(template, database);
    const ours = child(["--ingest", file, database]);
    copyFileSync(template, database);
    const bounded = child(["--ingest", file, database], [`--max-old-space-size=${BOUNDED_HEAP_MB}`]);
    const parsing = child(["--parse", file]);
    const postgres = await createPostgresTestDb();
    let onPostgres: Measurement;
    try {
      await postgres.db.$disconnect();
      onPostgres = child(["--ingest", file, postgres.url]);
    } finally {
      await postgres.drop();
    }
    const yardstick = child(["--duckdb", file]);
    const same = [ours, onPostgres].every(
      (measured) => JSON.stringify(measured.totals) === JSON.stringify(yardstick.totals),
    );
    const objects = ours.objects ?? 0;
    rows.push([
      size.label,
      String(ours.orderLines ?? 0),
      String(objects),
      ours.seconds.toFixed(2),
      String(Math.round(objects / ours.seconds)),
      (ours.seconds - (ours.lastBatchSeconds ?? 0)).toFixed(2),
      parsing.seconds.toFixed(2),
      String(ours.peakRssMb),
      `${onPostgres.seconds.toFixed(1)} s, ${onPostgres.peakRssMb} MB`,
      `${bounded.peakRssMb} (${bounded.seconds.toFixed(1)} s)`,
      yardstick.seconds.toFixed(2),
      String(yardstick.peakRssMb),
      (ours.seconds / yardstick.seconds).toFixed(1),
      same
        ? "yes"
        : `NO: ${JSON.stringify(ours.totals)} / ${JSON.stringify(onPostgres.totals)} vs ${JSON.stringify(yardstick.totals)}`,
    ]);
    rmSync(database, { force: true });
  }
  const header = [
    "size",
    "order lines",
    "JSONL lines",
    "ingest s",
    "lines/s",
    "of which facts+indexes+commit s",
    "parse only s",
    "peak RSS MB",
    "PostgreSQL: ingest, peak RSS",
    `RSS, ${BOUNDED_HEAP_MB} MB old space`,
    "DuckDB s",
    "DuckDB RSS MB",
    "ratio",
    "same facts (both databases)",
  ];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  for (const row of [header, ...rows])
    console.log(row.map((cell, column) => cell.padStart(widths[column]!)).join("  "));
}

const [mode, file, database] = process.argv.slice(2);
if (mode === "--ingest" && file && database) console.log(JSON.stringify(await ingest(file, database)));
else if (mode === "--parse" && file) console.log(JSON.stringify(await parseOnly(file)));
else if (mode === "--duckdb" && file) console.log(JSON.stringify(await duckdb(file)));
else await main();

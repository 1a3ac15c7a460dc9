/*
 * `npm run bench:floor [-- 10k|100k|1M]`: the lower bounds under the Sync and Analysis targets
 * (1M order lines within 3x, resp. 2x, DuckDB's time, under 300 MB peak RSS). Each part of an
 * import is timed alone, in its own child process so each peak RSS is its own:
 *  - DuckDB, unbounded: the benchmarks' yardstick (read the orders file, aggregate the daily facts);
 *  - DuckDB under memory limits small enough to leave room under 300 MB, as an import engine would
 *    have to run: the same query, or the error it stops with;
 *  - Node reading the file with JSON.parse and nothing else;
 *  - the app's reader: JSON.parse plus the data contract's checks and the mapping to rows;
 *  - the import's SQLite writer writing only that store's orders and daily facts (their counts from
 *    DuckDB, keys shaped like the export's), indexes deferred as the import defers them; no order
 *    lines at all.
 * docs/decisions/0009-import-floors.md reads the figures.
 */
import { createReadStream, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { DuckDBInstance } from "@duckdb/node-api";
import { createDb, sqliteConnection } from "../app/db-client.server";
import { insertRows } from "../app/sync/insert.server";
import { readJsonl } from "../app/sync/jsonl.server";
import { deferIndexes } from "../app/sync/store.server";
import { BENCH_SIZES, BENCH_TIME_ZONE, benchChild, duckdbFactTotals, writeBenchStore } from "./bench-files";
import { migrateSqlite } from "./db-migrate.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BENCH_DIR = path.join(root, "tmp/bench");
const SHOP = "bench.myshopify.com";
/** DuckDB settings an import engine sharing a process kept under 300 MB could afford. */
const BOUNDED_DUCKDB = [
  { memoryLimit: "100MB", threads: 1 },
  { memoryLimit: "100MB", threads: 2 },
  { memoryLimit: "200MB", threads: 2 },
];
/** rows handed to the writer at a time, as the import's batches are (readJsonl's batchSize) */
const ROWS_PER_BATCH = 1_000;

interface Measurement {
  seconds: number | null;
  peakRssMb: number;
  error?: string;
  orders?: number;
  facts?: number;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const since = (from: number) => (performance.now() - from) / 1000;

async function duckdb(file: string, memoryLimit?: string, threads?: string): Promise<Measurement> {
  const options: Record<string, string> = {};
  if (memoryLimit && threads) {
    Object.assign(options, {
      memory_limit: memoryLimit,
      threads,
      preserve_insertion_order: "false",
      temp_directory: path.join(BENCH_DIR, "duckdb-spill"),
    });
  }
  const instance = await DuckDBInstance.create(":memory:", options);
  const connection = await instance.connect();
  const start = performance.now();
  try {
    const result = await connection.runAndReadAll(duckdbFactTotals(file, BENCH_TIME_ZONE));
    const elapsed = since(start);
    const orders = await connection.runAndReadAll(
      `SELECT COUNT(*) AS orders FROM read_json('${file}', format = 'newline_delimited', columns = { __parentId: 'VARCHAR' }) WHERE __parentId IS NULL`,
    );
    const [row] = result.getRowObjects();
    return {
      seconds: elapsed,
      peakRssMb: peakRssMb(),
      facts: Number(row?.facts),
      orders: Number(orders.getRowObjects()[0]?.orders),
    };
  } catch (error) {
    return { seconds: null, peakRssMb: peakRssMb(), error: (error as Error).message.split("\n")[0] };
  }
}

async function jsonParseOnly(file: string): Promise<Measurement> {
  const start = performance.now();
  let objects = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line.length > 0 && JSON.parse(line) !== null) objects++;
  }
  return { seconds: since(start), peakRssMb: peakRssMb(), orders: objects };
}

async function appReader(file: string): Promise<Measurement> {
  const start = performance.now();
  for await (const batch of readJsonl(file, "orders", { timeZone: BENCH_TIME_ZONE, currencyCode: "USD" })) {
    void batch;
  }
  return { seconds: since(start), peakRssMb: peakRssMb() };
}

/**
 * Orders and facts only, written by the import's own writer (insertRows on the client's connection,
 * inside one transaction, secondary indexes dropped first and built before the commit): the
 * import without parsing and without order lines.
 */
async function sqliteWrites(database: string, orders: number, facts: number): Promise<Measurement> {
  const db = createDb(`file:${database}`);
  await db.shop.count(); // connect before the clock starts
  const connection = sqliteConnection(db);
  if (!connection) throw new Error("the SQLite client exposes no connection to write through");
  const syncedAt = new Date();
  const time = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 60_000);
  const start = performance.now();
  await db.$transaction(
    async (tx) => {
      const indexes = await deferIndexes(tx, SHOP, ["Order", "VariantDailySales"]);
      const write = async (table: string, count: number, rowOf: (n: number) => object) => {
        for (let from = 0; from < count; from += ROWS_PER_BATCH) {
          const rows = Array.from({ length: Math.min(ROWS_PER_BATCH, count - from) }, (_, k) =>
            rowOf(from + k),
          );
          await insertRows(tx, "sqlite", table as "Order", SHOP, rows as never, syncedAt, connection);
        }
      };
      await write("Order", orders, (n) => ({
        id: `gid://shopify/Order/${5_000_000 + n}`,
        name: `#${1000 + n}`,
        createdAt: time(n),
        updatedAt: time(n),
        cancelledAt: null,
        test: false,
        currencyCode: "USD",
        customerId: `gid://shopify/Customer/${n % 100_000}`,
        discountCodes: "",
      }));
      // in key order, as GROUP BY hands them over: about seven days with sales per variant
      await write("VariantDailySales", facts, (n) => ({
        variantId: `gid://shopify/ProductVariant/${1_000_000 + Math.floor(n / 7)}`,
        productId: `gid://shopify/Product/${100_000 + Math.floor(n / 19)}`,
        day: time((n % 7) * 90 * 1440)
          .toISOString()
          .slice(0, 10),
        units: 1,
        grossMinor: 1999,
        discountMinor: 0,
        refundedUnits: 0,
        orders: 1,
        discountedUnits: 0,
        maxLineUnits: 1,
      }));
      for (const index of indexes) await tx.$executeRawUnsafe(index);
    },
    { timeout: 10 * 60_000 },
  );
  const seconds = since(start);
  await db.$disconnect();
  return { seconds, peakRssMb: peakRssMb(), orders, facts };
}

const child = (args: string[]) => benchChild<Measurement>(import.meta.url, args);

async function main(): Promise<void> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const wanted = process.argv.slice(2);
  for (const size of BENCH_SIZES.filter((one) =>
    wanted.length === 0 ? one.label === "1M" : wanted.includes(one.label),
  )) {
    const { files } = await writeBenchStore(BENCH_DIR, size);
    const yardstick = child(["--duckdb", files.orders]);
    const database = path.join(BENCH_DIR, `floor-${size.label}.sqlite`);
    rmSync(database, { force: true });
    migrateSqlite(`file:${database}`);
    const rows: Array<[string, Measurement]> = [
      ["DuckDB, unbounded (the yardstick)", yardstick],
      ...BOUNDED_DUCKDB.map(
        ({ memoryLimit, threads }) =>
          [
            `DuckDB, ${memoryLimit} limit, ${threads} thread${threads > 1 ? "s" : ""}`,
            child(["--duckdb", files.orders, memoryLimit, String(threads)]),
          ] as [string, Measurement],
      ),
      ["Node: read + JSON.parse only", child(["--json-parse", files.orders])],
      ["the app's reader: parse + contract checks + rows", child(["--app-reader", files.orders])],
      [
        `SQLite: ${yardstick.orders} orders + ${yardstick.facts} daily facts only`,
        child(["--sqlite", database, String(yardstick.orders), String(yardstick.facts)]),
      ],
    ];
    rmSync(database, { force: true });
    console.log(
      `\n${size.label} (${files.orders}): the Sync target, 3x the yardstick = ${(3 * (yardstick.seconds ?? 0)).toFixed(2)} s and under 300 MB peak RSS`,
    );
    const width = Math.max(...rows.map(([label]) => label.length));
    for (const [label, measured] of rows) {
      const time =
        measured.seconds === null ? `failed: ${measured.error}` : `${measured.seconds.toFixed(2)} s`;
      console.log(
        `  ${label.padEnd(width)}  ${time.padStart(9)}  peak ${String(measured.peakRssMb).padStart(4)} MB`,
      );
    }
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "--duckdb") console.log(JSON.stringify(await duckdb(args[0]!, args[1], args[2])));
else if (mode === "--json-parse") console.log(JSON.stringify(await jsonParseOnly(args[0]!)));
else if (mode === "--app-reader") console.log(JSON.stringify(await appReader(args[0]!)));
else if (mode === "--sqlite")
  console.log(JSON.stringify(await sqliteWrites(args[0]!, Number(args[1]), Number(args[2]))));
else await main();

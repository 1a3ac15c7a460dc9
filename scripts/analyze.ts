/*
 * `npm run analyze -- <dir> [--as-of YYYY-MM-DD] [--json] [--time-zone Zone] [--currency XXX]`
 *
 * Runs the app's own ingestion and analysis over a folder of bulk-export JSONL files
 * (products.jsonl, orders.jsonl and customers.jsonl, shaped as docs/data-contract.md records) and
 * prints the flags: with --json an array on stdout (logs go to stderr, so stdout is pure JSON),
 * else a table. The files are imported into a throwaway SQLite database exactly as a sync imports
 * them, then read back the way the analysis job reads a shop. Malformed input: the file and line,
 * exit code 1.
 */
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { analyze } from "../app/analysis/index";
import type { Flag } from "../app/analysis/types";
import { createDb } from "../app/db-client.server";
import { loadAnalysisInput, newestOrderDay, storeContext } from "../app/models/analysis.server";
import type { SyncResource } from "../app/sync/records";
import { importJsonl } from "../app/sync/store.server";
import { migrateSqlite } from "./db-migrate.mjs";

const SHOP = "command-line.myshopify.com";
const USAGE =
  "usage: npm run analyze -- <dir> [--as-of YYYY-MM-DD] [--json] [--time-zone Area/City] [--currency XXX]";
const FILES: Array<{ resource: SyncResource; file: string; required: boolean }> = [
  { resource: "products", file: "products.jsonl", required: true },
  { resource: "orders", file: "orders.jsonl", required: true },
  { resource: "customers", file: "customers.jsonl", required: false },
];

class UsageError extends Error {}

const log = (message: string) => process.stderr.write(`${message}\n`);

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "as-of": { type: "string" },
      json: { type: "boolean", default: false },
      "time-zone": { type: "string", default: "UTC" },
      currency: { type: "string" },
    },
  });
  const dir = positionals[0];
  if (!dir || positionals.length > 1) throw new UsageError(USAGE);
  if (!existsSync(dir)) throw new UsageError(`${dir}: no such folder`);
  const asOf = values["as-of"];
  if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    throw new UsageError(`--as-of ${asOf}: expected a day as YYYY-MM-DD`);
  }
  const calendarDay = (day: string) => {
    const parsed = new Date(`${day}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day;
  };
  if (asOf !== undefined && !calendarDay(asOf)) {
    throw new UsageError(`--as-of ${asOf}: not a calendar day`);
  }
  const timeZone = values["time-zone"];
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw new UsageError(`--time-zone ${timeZone}: not an IANA time zone`);
  }
  const currency = values.currency;
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    throw new UsageError(`--currency ${currency}: expected a three-letter ISO code such as USD`);
  }
  return { dir, asOf, json: values.json, timeZone, currency };
}

/** The orders' currency (Shopify writes it on every order), read from the first order line. */
function currencyOfOrders(file: string): string | null {
  const buffer = Buffer.alloc(64 * 1024);
  const descriptor = openSync(file, "r");
  const length = readSync(descriptor, buffer, 0, buffer.length, 0);
  closeSync(descriptor);
  const head = buffer.subarray(0, length).toString("utf8");
  const match = /"currencyCode"\s*:\s*"([A-Z]{3})"/.exec(head);
  return match ? match[1]! : null;
}

function table(flags: Flag[], titles: Map<string, string>): string {
  const rows = flags.map((flag) => [
    flag.kind.replaceAll("_", " "),
    flag.severity,
    `${Math.round(flag.confidence * 100)} %`,
    (titles.get(flag.productId) ?? flag.productId).slice(0, 40),
    flag.summary,
  ]);
  const header = ["flag", "severity", "confidence", "product", "why"];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (column < 4 ? row[column]!.length : 0))),
  );
  return [header, ...rows]
    .map((row) => row.map((cell, column) => (column < 4 ? cell.padEnd(widths[column]!) : cell)).join("  "))
    .join("\n");
}

async function main(): Promise<number> {
  const { dir, asOf: requestedAsOf, json, timeZone, currency: requestedCurrency } = options();
  for (const { file, required } of FILES) {
    if (required && !existsSync(path.join(dir, file)))
      throw new UsageError(`${path.join(dir, file)}: missing`);
  }
  const currencyCode = requestedCurrency ?? currencyOfOrders(path.join(dir, "orders.jsonl")) ?? "USD";
  const workDir = mkdtempSync(path.join(tmpdir(), "shelfwise-analyze-"));
  const databaseUrl = `file:${path.join(workDir, "analyze.sqlite")}`;
  try {
    migrateSqlite(databaseUrl);
    const db = createDb(databaseUrl);
    try {
      await db.shop.create({ data: { domain: SHOP, currencyCode, ianaTimezone: timeZone } });
      for (const { resource, file } of FILES) {
        const source = path.join(dir, file);
        if (!existsSync(source)) {
          log(`${source}: not found, skipped`);
          continue;
        }
        const started = performance.now();
        const { objects } = await importJsonl(db, SHOP, resource, source, { timeZone, currencyCode });
        log(
          `${source}: ${objects.toLocaleString("en-US")} objects in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      }
      const context = await storeContext(db, SHOP);
      const asOf = requestedAsOf ?? (await newestOrderDay(db, SHOP, timeZone));
      if (!asOf)
        throw new UsageError(
          `${path.join(dir, "orders.jsonl")}: no orders, so no day to analyse up to (give --as-of)`,
        );
      const input = await loadAnalysisInput(db, SHOP, context, asOf);
      const started = performance.now();
      const result = analyze(input);
      log(
        `analysed ${input.products.length.toLocaleString("en-US")} products as of ${asOf} ` +
          `(window ${result.window.start} to ${result.window.end}, ${currencyCode}, days in ${timeZone}) ` +
          `in ${((performance.now() - started) / 1000).toFixed(1)} s: ${result.flags.length} flags`,
      );
      if (json) {
        const flags = result.flags.map((flag) => ({
          productId: flag.productId,
          variantId: flag.variantId,
          flag: flag.kind,
          severity: flag.severity,
          confidence: flag.confidence,
          summary: flag.summary,
          evidence: flag.evidence,
          // what the numbers are measured in: the window's days and the money's currency
          window: flag.window,
          currencyCode,
          stockValueMinor: flag.stockValueMinor,
          revenueAtRiskMinor: flag.revenueAtRiskMinor,
        }));
        process.stdout.write(`${JSON.stringify(flags, null, 2)}\n`);
      } else {
        const titles = new Map(input.products.map((product) => [product.id, product.title]));
        process.stdout.write(`${table(result.flags, titles)}\n`);
      }
    } finally {
      await db.$disconnect();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // JsonlError and UsageError carry what the user needs (file and line, or the bad option).
    log(`analyze: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

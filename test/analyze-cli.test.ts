import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateStore } from "../local-shopify/generator/index";

/*
 * `npm run analyze` end to end, as a user runs it: a generated store exported through the local
 * Shopify's bulk operations, then the command line over the folder. The flags must match what the
 * generator planted, stdout must be pure JSON, and malformed input must name its file and line.
 */

const root = path.resolve(import.meta.dirname, "..");
const STORE_OPTIONS = { seed: 99, products: 40 };
const TIME_ZONE = "America/New_York";
/** What each trap imitates: flags a sound engine must not raise on it. */
const FORBIDDEN_ON_TRAP: Record<string, string[]> = {
  trap_new_product: ["slow_mover", "dead_stock"],
  trap_out_of_season: ["dead_stock", "declining"],
  trap_one_sale_one_refund: ["high_returns"],
  trap_unmatured_returns: ["high_returns"],
  trap_intermittent_seller: ["dead_stock", "slow_mover", "declining"],
  trap_wholesale_spike: ["declining"],
  trap_weak_variants_strong_product: ["slow_mover"],
  trap_mostly_out_of_stock: ["slow_mover"],
  trap_kit_cooccurrence: [],
};

let dir: string;

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 26, timeout: 240_000 });
const analyze = (folder: string, ...args: string[]) =>
  run("npm", ["run", "analyze", "--", folder, "--time-zone", TIME_ZONE, ...args]);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "shelfwise-cli-"));
  const exported = run(process.execPath, [
    "--import",
    "tsx",
    "scripts/export-sample.ts",
    dir,
    "--seed",
    String(STORE_OPTIONS.seed),
    "--products",
    String(STORE_OPTIONS.products),
  ]);
  expect(exported.status, exported.stderr).toBe(0);
}, 240_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface CliFlag {
  productId: string;
  variantId: string | null;
  flag: string;
  severity: string;
  confidence: number;
  summary: string;
  evidence: Record<string, unknown>;
  window: { start: string; end: string };
  currencyCode: string;
}

describe("npm run analyze", () => {
  it("prints pure JSON flags that find the planted situations and leave the traps alone", () => {
    const result = analyze(dir, "--json");
    expect(result.status, result.stderr).toBe(0);
    const flags = JSON.parse(result.stdout) as CliFlag[];
    for (const flag of flags) {
      expect(Object.keys(flag).sort()).toEqual(
        [
          "confidence",
          "evidence",
          "flag",
          "productId",
          "severity",
          "summary",
          "variantId",
          // what the numbers are measured in, and the money at stake
          "window",
          "currencyCode",
          "stockValueMinor",
          "revenueAtRiskMinor",
        ].sort(),
      );
      expect(flag.currencyCode).toBe("USD");
      expect(flag.window.end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(flag.confidence).toBeGreaterThanOrEqual(0);
      expect(flag.confidence).toBeLessThanOrEqual(1);
      expect(flag.summary.length).toBeGreaterThan(10);
    }
    const flagsOf = (productId: number) =>
      flags
        .filter((flag) => flag.productId === `gid://shopify/Product/${productId}`)
        .map((flag) => flag.flag);
    const store = generateStore(STORE_OPTIONS);
    for (const situation of store.planted) {
      if (situation.expectFlag) {
        expect(flagsOf(situation.productId), situation.kind).toContain(situation.kind);
      } else {
        for (const forbidden of FORBIDDEN_ON_TRAP[situation.kind] ?? []) {
          expect(flagsOf(situation.productId), `${situation.kind} raised ${forbidden}`).not.toContain(
            forbidden,
          );
        }
      }
    }
    // The run says what it did on stderr, where it does not spoil the JSON.
    expect(result.stderr).toMatch(/analysed 4\d products as of 20\d\d-\d\d-\d\d/);
  }, 240_000);

  it("gives the same flags for the same folder, and honours --as-of", () => {
    const first = analyze(dir, "--json", "--as-of", "2026-10-01");
    const second = analyze(dir, "--json", "--as-of", "2026-10-01");
    expect(first.status, first.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stderr).toContain("as of 2026-10-01");
  }, 240_000);

  it("prints a table without --json", () => {
    const result = analyze(dir);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^flag\s+severity\s+confidence\s+product\s+why/m);
    expect(result.stdout).toMatch(/weak content/);
  }, 240_000);

  it("refuses a malformed line with its file and line number, exit code 1", () => {
    const broken = mkdtempSync(path.join(tmpdir(), "shelfwise-cli-broken-"));
    try {
      cpSync(dir, broken, { recursive: true });
      const file = path.join(broken, "orders.jsonl");
      const lines = readFileSync(file, "utf8").split("\n");
      lines[6] = '{"id": "gid://shopify/Order/1", "name": ';
      writeFileSync(file, lines.join("\n"));
      const result = analyze(broken, "--json");
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`${file}: line 7: not valid JSON`);
      expect(result.stdout).not.toContain('"productId"');
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  }, 240_000);

  it("refuses options it cannot use", () => {
    const badDay = analyze(dir, "--as-of", "2026-13-45");
    expect(badDay.status).toBe(1);
    expect(badDay.stderr).toContain("--as-of 2026-13-45");
    const missing = analyze(path.join(dir, "nowhere"));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("no such folder");
  }, 60_000);
});

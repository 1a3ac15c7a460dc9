/*
 * npm run bench:apply: 1,000 approved price changes applied through the bulk-apply job against the
 * local Shopify on the Standard plan's limits (bucket 2,000 points, 100 points/s restored), on
 * simulated time (waits move the clock; work in between is counted in wall time separately).
 * Prints the simulated time beside the least the limits allow for the points the run spent:
 * (points - bucket) / restore rate.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb } from "../app/db-client.server";
import { APPLY_JOB_KIND, runBulkApply } from "../app/suggestions/bulk-apply.server";
import type { Proposal } from "../app/suggestions/types";
import { generateStore } from "../local-shopify/generator/index";
import { createLocalShopify } from "../local-shopify/server/index";
import { PLAN_LIMITS } from "../local-shopify/server/throttle";
import { localShopifyClient, simulatedTime } from "../test-support/local-shopify";
import { migrateSqlite } from "./db-migrate.mjs";

const CHANGES = 1_000;
const TARGET_RATIO = 1.2;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dir = path.join(root, "tmp/bench");
const file = path.join(dir, "apply.sqlite");

const toMinor = (amount: string) => Math.round(Number(amount) * 100);
const gid = (kind: string, id: number) => `gid://shopify/${kind}/${id}`;

async function main() {
  mkdirSync(dir, { recursive: true });
  rmSync(file, { force: true });
  migrateSqlite(`file:${file}`);
  const db = createDb(`file:${file}`);
  const store = generateStore({
    seed: 5,
    products: CHANGES,
    targetOrderLines: 2_000,
    shopDomain: "bench-apply.myshopify.com",
  });
  const shop = store.shop.myshopifyDomain;
  const at = new Date("2026-10-01T00:00:00Z");
  await db.shop.create({ data: { domain: shop, currencyCode: "USD", ianaTimezone: "UTC" } });
  await db.product.createMany({
    data: store.products.map((product) => ({
      shop,
      id: gid("Product", product.id),
      title: product.title,
      handle: product.handle,
      status: product.status,
      productType: product.productType,
      vendor: product.vendor,
      tags: product.tags.join(", "),
      descriptionHtml: "",
      mediaCount: product.mediaCount,
      totalInventory: 0,
      createdAt: at,
      updatedAt: at,
      syncedAt: at,
    })),
  });

  // One approved 10 % markdown per product, every variant of it.
  const ids: string[] = [];
  for (const product of store.products.slice(0, CHANGES)) {
    const productId = gid("Product", product.id);
    const variants = store.variants.filter((variant) => variant.productId === product.id);
    const proposal = {
      kind: "markdown",
      key: `markdown:${productId}`,
      fingerprint: "bench",
      productIds: [productId],
      variantIds: variants.map((variant) => gid("ProductVariant", variant.id)),
      currencyCode: "USD",
      title: `10 % off ${product.title}`,
      rationale: "Benchmark",
      evidence: { flags: [], numbers: {} },
      assumed: {
        variants: variants.map((variant) => ({
          variantId: gid("ProductVariant", variant.id),
          productId,
          priceMinor: toMinor(variant.price),
          compareAtPriceMinor: variant.compareAtPrice === null ? null : toMinor(variant.compareAtPrice),
        })),
        products: [],
      },
      impact: { kind: "directional", note: "" },
      stakeMinor: 0,
      alternativeKeys: [],
      changes: {
        clearance: false,
        variants: variants.map((variant) => ({
          variantId: gid("ProductVariant", variant.id),
          priceMinor: Math.round(toMinor(variant.price) * 0.9),
          compareAtPriceMinor: toMinor(variant.price),
          step: 10,
        })),
      },
    } satisfies Proposal;
    const row = await db.suggestion.create({
      data: {
        shop,
        key: proposal.key,
        fingerprint: proposal.fingerprint,
        kind: "markdown",
        status: "approved",
        title: proposal.title,
        rationale: proposal.rationale,
        productIds: JSON.stringify(proposal.productIds),
        currencyCode: "USD",
        stakeMinor: 0n,
        proposal: JSON.stringify(proposal),
      },
    });
    ids.push(row.id);
  }

  const time = simulatedTime("2026-11-01T12:00:00Z");
  const shopify = createLocalShopify({
    store,
    apiKey: "bench",
    apiSecret: "bench",
    clock: time.now,
    sleep: time.sleep,
    plan: "standard",
    log: () => {},
  });
  const client = localShopifyClient(shopify, time);
  const wallStart = performance.now();
  const totals = await runBulkApply(
    db,
    client,
    shop,
    { ids, staff: { id: "bench" } },
    { now: () => new Date(time.now()) },
  );
  const wallSeconds = (performance.now() - wallStart) / 1000;

  const { maximumAvailable, restoreRate } = PLAN_LIMITS.standard;
  const { pointsSpent, requests, throttledResponses } = client.stats;
  const simulatedSeconds = time.elapsedMs() / 1000;
  const minimumSeconds = Math.max(0, (pointsSpent - maximumAvailable) / restoreRate);
  const throttledFailures = await db.suggestion.count({
    where: { shop, status: "failed", error: { contains: "limiting how fast" } },
  });
  const ratio = simulatedSeconds / minimumSeconds;
  console.log(
    `bench:apply, ${CHANGES} approved price changes (${APPLY_JOB_KIND} job), Standard plan: bucket ${maximumAvailable}, restore ${restoreRate}/s`,
  );
  console.table({
    applied: totals.applied,
    failed: totals.failed,
    stale: totals.stale,
    requests,
    "points spent": pointsSpent,
    "minimum s (points - bucket) / rate": Number(minimumSeconds.toFixed(1)),
    "simulated s": Number(simulatedSeconds.toFixed(1)),
    "ratio to minimum": Number(ratio.toFixed(3)),
    "wall s (work, not waits)": Number(wallSeconds.toFixed(1)),
    "THROTTLED answers (retried)": throttledResponses,
    "THROTTLED reaching the user": throttledFailures,
  });
  await db.$disconnect();
  const ok = totals.applied === CHANGES && ratio <= TARGET_RATIO && throttledFailures === 0;
  console.log(
    ok
      ? `within ${TARGET_RATIO}x of the minimum`
      : `NOT within target (${TARGET_RATIO}x, all applied, none throttled)`,
  );
  if (!ok) process.exitCode = 1;
}

await main();

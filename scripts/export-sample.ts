/*
 * `npm run sample:export -- <dir> [--seed N] [--products N] [--days N] [--now ISO]`: writes a
 * generated store as the bulk exports the app's first sync would download (products.jsonl,
 * orders.jsonl, customers.jsonl, abandonedCheckouts.jsonl), by running the app's own bulk queries
 * against the local Shopify. Feeds `npm run analyze` stores the tests never saw, and prints the
 * store's planted situations (what a sound analysis should and should not flag) to stderr.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { BULK_OPERATION_RUN_QUERY, BULK_OPERATION_STATUS } from "../app/shopify/bulk-queries";
import { BULK_QUERIES } from "../app/sync/bulk.server";
import { SYNC_RESOURCES } from "../app/sync/records";
import { generateStore } from "../local-shopify/generator/index";
import { localShop, simulatedTime } from "../test-support/local-shopify";

interface BulkOperation {
  id: string;
  status: string;
  url: string | null;
  objectCount: string;
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      seed: { type: "string", default: "1" },
      products: { type: "string", default: "300" },
      days: { type: "string", default: "365" },
      now: { type: "string" },
    },
  });
  const dir = positionals[0];
  if (!dir)
    throw new Error("usage: npm run sample:export -- <dir> [--seed N] [--products N] [--days N] [--now ISO]");
  const store = generateStore({
    seed: Number(values.seed),
    products: Number(values.products),
    days: Number(values.days),
    ...(values.now ? { now: values.now } : {}),
  });
  const time = simulatedTime(store.now);
  const { shopify, client } = localShop(store, time);
  mkdirSync(dir, { recursive: true });
  for (const resource of SYNC_RESOURCES) {
    const started = await client.mutate(
      BULK_OPERATION_RUN_QUERY,
      { query: BULK_QUERIES[resource] },
      { userErrorsPath: "bulkOperationRunQuery.userErrors" },
    );
    const id = started.bulkOperationRunQuery?.bulkOperation?.id;
    if (!id) throw new Error(`${resource}: the local Shopify started no export`);
    let operation: BulkOperation;
    do {
      await time.sleep(1_000);
      operation = (await client.query<{ bulkOperation: BulkOperation }>(BULK_OPERATION_STATUS, { id }))
        .bulkOperation;
    } while (operation.status === "CREATED" || operation.status === "RUNNING");
    if (operation.status !== "COMPLETED" || !operation.url) {
      throw new Error(`${resource}: the local export ended ${operation.status}`);
    }
    const file = path.join(dir, `${resource}.jsonl`);
    writeFileSync(file, await (await shopify.fetch(operation.url)).text());
    process.stderr.write(`${file}: ${operation.objectCount} objects\n`);
  }
  process.stderr.write(
    `${store.shop.myshopifyDomain} (${store.shop.currencyCode}, ${store.shop.ianaTimezone}), history to ${store.now}\n`,
  );
  for (const situation of store.planted) {
    process.stderr.write(
      `  ${situation.expectFlag ? "expect" : "trap  "} ${situation.kind.padEnd(34)} gid://shopify/Product/${situation.productId}\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`sample:export: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

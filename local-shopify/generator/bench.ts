/*
 * Timings and memory of the generator: `npx tsx local-shopify/generator/bench.ts`.
 * With `--planted`, also prints the evidence of every planted situation of the seed-42 store.
 * The streaming run goes first so the peak RSS it reports is the stream's own.
 */
import { CHECKED_KINDS, checkSituation } from "./checks";
import { StoreEvidence } from "./evidence";
import { generateCatalog, generateStoreWithHistory, orderStream, serializeStore } from "./index";

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2);

function streamLargeStore(): void {
  const rssBefore = process.memoryUsage().rss;
  let start = performance.now();
  const catalog = generateCatalog({ seed: 1, products: 50_000, targetOrderLines: 1_000_000 });
  const catalogSeconds = seconds(start);
  start = performance.now();
  let orders = 0;
  let lines = 0;
  let customers = 0;
  let checkouts = 0;
  for (const order of orderStream(catalog, {
    onCustomer: () => (customers += 1),
    onAbandonedCheckout: () => (checkouts += 1),
  })) {
    orders += 1;
    lines += order.lineItems.length;
  }
  console.log(
    `orderStream, 50,000 products (${catalog.variants.length} variants), 365 days: catalog ${catalogSeconds} s, ` +
      `stream ${seconds(start)} s for ${lines} lines in ${orders} orders ` +
      `(${customers} customers, ${checkouts} checkouts); RSS before ${mb(rssBefore)} MB, ` +
      `peak ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
}

function generateDefaultStore(): void {
  const start = performance.now();
  const { store, history } = generateStoreWithHistory({ seed: 42, products: 300 });
  const generated = seconds(start);
  const serializeStart = performance.now();
  const json = serializeStore(store);
  const lines = store.orders.reduce((sum, order) => sum + order.lineItems.length, 0);
  console.log(
    `generateStore, 300 products, seed 42: ${generated} s for ${store.orders.length} orders, ${lines} lines, ` +
      `${store.customers.length} customers; serializeStore ${seconds(serializeStart)} s (${mb(json.length)} MB)`,
  );
  if (!process.argv.includes("--planted")) return;
  const evidence = new StoreEvidence(store, history);
  for (const situation of store.planted) {
    const { facts, checks } = checkSituation(evidence, situation);
    const failed = checks.filter((check) => !check.holds).map((check) => check.rule);
    console.log(
      `${situation.kind} (product ${situation.productId}): ${JSON.stringify(facts)}` +
        (failed.length > 0 ? ` FAILED: ${failed.join("; ")}` : ""),
    );
  }
  const missing = CHECKED_KINDS.filter((kind) => !store.planted.some((situation) => situation.kind === kind));
  if (missing.length > 0) console.log(`not planted: ${missing.join(", ")}`);
}

streamLargeStore();
generateDefaultStore();

/*
 * Bulk-export files of a generated store for the benchmarks: products.jsonl and orders.jsonl in
 * the shape the app's bulk queries produce (docs/data-contract.md), written by streaming the
 * generator's orders so a 1M-line store never sits in memory. Files are reused when present.
 */
import { spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateCatalog, orderStream } from "../local-shopify/generator/index";
import type { StoreOrder, StoreProduct, StoreVariant } from "../local-shopify/store/types";

export const BENCH_TIME_ZONE = "America/New_York";

export interface BenchSize {
  label: string;
  orderLines: number;
  products: number;
}

export const BENCH_SIZES: BenchSize[] = [
  { label: "10k", orderLines: 10_000, products: 500 },
  { label: "100k", orderLines: 100_000, products: 5_000 },
  { label: "1M", orderLines: 1_000_000, products: 50_000 },
];

const gid = (type: string, id: number | null) => (id === null ? null : { id: `gid://shopify/${type}/${id}` });
/** Shopify writes times to the second. */
const shopifyTime = (iso: string | null) => (iso === null ? null : iso.replace(/\.\d{3}Z$/, "Z"));

/** One order as the orders bulk query's JSONL has it: the order's line, then its line items'. */
export function orderExportLines(order: StoreOrder, currencyCode: string): string {
  const orderId = `gid://shopify/Order/${order.id}`;
  const refunded = new Map<number, number>();
  for (const refund of order.refunds) {
    for (const entry of refund.lineItems) {
      refunded.set(entry.lineItemId, (refunded.get(entry.lineItemId) ?? 0) + entry.quantity);
    }
  }
  const lines = [
    JSON.stringify({
      id: orderId,
      name: order.name,
      createdAt: shopifyTime(order.createdAt),
      updatedAt: shopifyTime(order.updatedAt),
      cancelledAt: shopifyTime(order.cancelledAt),
      test: order.test,
      currencyCode: order.currencyCode,
      customer: gid("Customer", order.customerId),
      discountCodes: order.discountCodes,
      refunds: order.refunds.map((refund) => ({ createdAt: shopifyTime(refund.createdAt) })),
    }),
  ];
  for (const line of order.lineItems) {
    lines.push(
      JSON.stringify({
        id: `gid://shopify/LineItem/${line.id}`,
        quantity: line.quantity,
        currentQuantity: Math.max(0, line.quantity - (refunded.get(line.id) ?? 0)),
        variant: gid("ProductVariant", line.variantId),
        product: gid("Product", line.productId),
        originalUnitPriceSet: { shopMoney: { amount: line.originalUnitPrice, currencyCode } },
        discountedUnitPriceAfterAllDiscountsSet: {
          shopMoney: { amount: line.discountedUnitPrice, currencyCode },
        },
        __parentId: orderId,
      }),
    );
  }
  return lines.join("\n") + "\n";
}

/** One product and its variants as the products bulk query's JSONL has them. */
export function productExportLines(
  product: StoreProduct,
  variants: StoreVariant[],
  stockOf: (variantId: number) => number,
  currencyCode: string,
): string {
  const productId = `gid://shopify/Product/${product.id}`;
  const lines = [
    JSON.stringify({
      id: productId,
      title: product.title,
      handle: product.handle,
      status: product.status,
      productType: product.productType,
      vendor: product.vendor,
      tags: product.tags,
      createdAt: shopifyTime(product.createdAt),
      updatedAt: shopifyTime(product.updatedAt),
      publishedAt: shopifyTime(product.publishedAt),
      totalInventory: variants.reduce((sum, variant) => sum + stockOf(variant.id), 0),
      descriptionHtml: product.descriptionHtml,
      seo: { title: product.seoTitle, description: product.seoDescription },
      mediaCount: { count: product.mediaCount },
    }),
  ];
  for (const variant of variants) {
    lines.push(
      JSON.stringify({
        id: `gid://shopify/ProductVariant/${variant.id}`,
        sku: variant.sku,
        title: variant.title,
        price: variant.price,
        compareAtPrice: variant.compareAtPrice,
        inventoryQuantity: stockOf(variant.id),
        createdAt: shopifyTime(variant.createdAt),
        inventoryItem: {
          unitCost: variant.unitCost === null ? null : { amount: variant.unitCost, currencyCode },
        },
        __parentId: productId,
      }),
    );
  }
  return lines.join("\n") + "\n";
}

/** A write stream fed in ~1 MB chunks, waiting on back-pressure. */
function chunkedWriter(file: string) {
  const out = createWriteStream(file);
  let chunk = "";
  return {
    async write(text: string) {
      chunk += text;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, "drain");
        chunk = "";
      }
    },
    async close() {
      out.end(chunk);
      await once(out, "close");
    },
  };
}

/**
 * Writes `<dir>/products-<label>.jsonl` and `<dir>/orders-<label>.jsonl` for a size (seed 1) unless
 * both exist; products carry the stock left at the end of the order history.
 */
export async function writeBenchStore(dir: string, size: BenchSize) {
  const files = {
    products: path.join(dir, `products-${size.label}.jsonl`),
    orders: path.join(dir, `orders-${size.label}.jsonl`),
  };
  if (existsSync(files.products) && existsSync(files.orders)) return { files, written: false };
  mkdirSync(dir, { recursive: true });
  const catalog = generateCatalog({
    seed: 1,
    products: size.products,
    targetOrderLines: size.orderLines,
    ianaTimezone: BENCH_TIME_ZONE,
  });
  const currencyCode = catalog.shop.currencyCode;
  const orders = chunkedWriter(`${files.orders}.partial`);
  const stream = orderStream(catalog);
  let step = stream.next();
  while (!step.done) {
    await orders.write(orderExportLines(step.value, currencyCode));
    step = stream.next();
  }
  await orders.close();
  const { inventory } = step.value;
  const variantsOf = new Map<number, StoreVariant[]>();
  for (const variant of catalog.variants) {
    const list = variantsOf.get(variant.productId) ?? [];
    list.push(variant);
    variantsOf.set(variant.productId, list);
  }
  const products = chunkedWriter(`${files.products}.partial`);
  for (const product of catalog.products) {
    await products.write(
      productExportLines(
        product,
        variantsOf.get(product.id) ?? [],
        (variantId) => inventory.get(variantId) ?? 0,
        currencyCode,
      ),
    );
  }
  await products.close();
  renameSync(`${files.orders}.partial`, files.orders);
  renameSync(`${files.products}.partial`, files.products);
  return { files, written: true };
}

/**
 * DuckDB's view of an orders export for the yardsticks: `export` (every JSONL object, typed) and
 * `orders` (the counted orders with their day in the shop's zone), as the first two CTEs of a query.
 */
export function duckdbOrdersCtes(ordersFile: string, timeZone: string): string {
  const money = "STRUCT(shopMoney STRUCT(amount DECIMAL(18, 2), currencyCode VARCHAR))";
  return `
    export AS (
      SELECT * FROM read_json('${ordersFile}', format = 'newline_delimited', columns = {
        id: 'VARCHAR', createdAt: 'TIMESTAMPTZ', cancelledAt: 'VARCHAR', test: 'BOOLEAN',
        quantity: 'INTEGER', currentQuantity: 'INTEGER', variant: 'STRUCT(id VARCHAR)',
        product: 'STRUCT(id VARCHAR)', originalUnitPriceSet: '${money}',
        discountedUnitPriceAfterAllDiscountsSet: '${money}', __parentId: 'VARCHAR'
      })
    ),
    orders AS (
      SELECT id, strftime(timezone('${timeZone}', createdAt), '%Y-%m-%d') AS day
      FROM export WHERE __parentId IS NULL AND cancelledAt IS NULL AND NOT test
    )`;
}

/**
 * The Sync benchmark's yardstick: DuckDB reading the orders file and aggregating it into the same
 * per-variant daily facts as the import, summed so the two sides can be compared.
 */
export function duckdbFactTotals(ordersFile: string, timeZone: string): string {
  return `
    WITH ${duckdbOrdersCtes(ordersFile, timeZone)},
    facts AS (
      SELECT l.variant.id AS variantId, o.day, MAX(l.product.id) AS productId,
        SUM(l.quantity) AS units,
        SUM(l.quantity * l.originalUnitPriceSet.shopMoney.amount * 100) AS grossMinor,
        SUM(l.quantity * (l.originalUnitPriceSet.shopMoney.amount
          - l.discountedUnitPriceAfterAllDiscountsSet.shopMoney.amount) * 100) AS discountMinor,
        SUM(l.quantity - l.currentQuantity) AS refundedUnits,
        COUNT(DISTINCT l.__parentId) AS orders,
        SUM(l.quantity) FILTER (WHERE l.discountedUnitPriceAfterAllDiscountsSet.shopMoney.amount
          < l.originalUnitPriceSet.shopMoney.amount) AS discountedUnits,
        MAX(l.quantity) AS maxLineUnits
      FROM export l JOIN orders o ON o.id = l.__parentId
      WHERE l.__parentId IS NOT NULL AND l.variant.id IS NOT NULL
      GROUP BY l.variant.id, o.day
    )
    SELECT COUNT(*) AS facts, SUM(units) AS units, SUM(grossMinor) AS grossMinor,
      SUM(discountMinor) AS discountMinor, SUM(refundedUnits) AS refundedUnits, SUM(orders) AS orders,
      SUM(discountedUnits) AS discountedUnits, SUM(maxLineUnits) AS maxLineUnits
    FROM facts`;
}

/**
 * Runs a benchmark script again as a child process with `args` and returns the JSON it printed last:
 * each measurement in its own process, so its peak RSS is its own.
 */
export function benchChild<T>(scriptUrl: string, args: string[], nodeFlags: string[] = []): T {
  const script = fileURLToPath(scriptUrl);
  const run = spawnSync(process.execPath, [...nodeFlags, "--import", "tsx", script, ...args], {
    cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."),
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (run.status !== 0)
    throw new Error(`bench child ${args.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as T;
}

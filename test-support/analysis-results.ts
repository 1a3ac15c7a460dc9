import type { FlagKind, Severity } from "../app/analysis/types";
import type { Db } from "../app/db-client.server";

/*
 * Stored analysis results written directly, the way storeAnalysisResult leaves them: for tests of
 * the pages and queries that read them without depending on what the analysis would flag.
 */

export interface SeededFlag {
  kind: FlagKind;
  severity: Severity;
  confidence: number;
  summary: string;
  evidence: Record<string, number | string | boolean | null | number[]>;
  stockValueMinor: number;
  revenueAtRiskMinor: number;
}

export interface SeededVariant {
  id: number;
  title: string;
  sku?: string;
  priceMinor: number;
  compareAtPriceMinor?: number;
  unitCostMinor: number | null;
  inventoryQuantity: number;
}

export interface SeededProduct {
  id: number;
  title: string;
  vendor: string;
  productType: string;
  healthScore: number;
  abcClass: "A" | "B" | "C";
  unitsInWindow: number;
  variants: SeededVariant[];
  flags: SeededFlag[];
}

export interface SeededRun {
  asOf: string;
  windowStart: string;
  windowEnd: string;
  currencyCode: string;
}

export const productGid = (id: number) => `gid://shopify/Product/${id}`;
export const variantGid = (id: number) => `gid://shopify/ProductVariant/${id}`;

/** Money at stake as storeAnalysisResult computes it: the largest stock value and revenue at risk. */
export function moneyOf(product: SeededProduct) {
  const stockValueMinor = Math.max(0, ...product.flags.map((flag) => flag.stockValueMinor));
  const revenueAtRiskMinor = Math.max(0, ...product.flags.map((flag) => flag.revenueAtRiskMinor));
  return { stockValueMinor, revenueAtRiskMinor, moneyAtStakeMinor: stockValueMinor + revenueAtRiskMinor };
}

const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** Products with their variants, a completed run, and its health and flag rows for `shop`. */
export async function seedAnalysedCatalog(
  db: Db,
  shop: string,
  run: SeededRun,
  products: SeededProduct[],
): Promise<void> {
  const at = new Date(`${run.windowStart}T12:00:00Z`);
  const analysisRun = await db.analysisRun.create({
    data: {
      shop,
      status: "completed",
      asOf: run.asOf,
      windowStart: run.windowStart,
      windowEnd: run.windowEnd,
      currencyCode: run.currencyCode,
      exposureBasis: "in_stock_days",
      products: products.length,
      flags: products.reduce((sum, product) => sum + product.flags.length, 0),
      startedAt: at,
      finishedAt: at,
    },
  });
  await db.product.createMany({
    data: products.map((product) => ({
      shop,
      id: productGid(product.id),
      title: product.title,
      handle: product.title.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
      status: "ACTIVE",
      productType: product.productType,
      vendor: product.vendor,
      tags: "",
      descriptionHtml: "<p>Seeded product</p>",
      mediaCount: 1,
      totalInventory: product.variants.reduce((sum, variant) => sum + variant.inventoryQuantity, 0),
      createdAt: at,
      updatedAt: at,
      syncedAt: at,
    })),
  });
  await db.variant.createMany({
    data: products.flatMap((product) =>
      product.variants.map((variant) => ({
        shop,
        id: variantGid(variant.id),
        productId: productGid(product.id),
        title: variant.title,
        sku: variant.sku ?? null,
        priceMinor: variant.priceMinor,
        compareAtPriceMinor: variant.compareAtPriceMinor ?? null,
        unitCostMinor: variant.unitCostMinor,
        inventoryQuantity: variant.inventoryQuantity,
        createdAt: at,
        syncedAt: at,
      })),
    ),
  });
  await db.productHealth.createMany({
    data: products.map((product) => {
      const money = moneyOf(product);
      const worst = product.flags.reduce<Severity | null>(
        (top, flag) =>
          top === null || SEVERITY_RANK[flag.severity] > SEVERITY_RANK[top] ? flag.severity : top,
        null,
      );
      return {
        shop,
        productId: productGid(product.id),
        runId: analysisRun.id,
        title: product.title,
        productType: product.productType,
        vendor: product.vendor,
        status: "ACTIVE",
        healthScore: product.healthScore,
        flagCount: product.flags.length,
        topSeverity: worst,
        moneyAtStakeMinor: BigInt(money.moneyAtStakeMinor),
        stockValueMinor: BigInt(money.stockValueMinor),
        revenueAtRiskMinor: BigInt(money.revenueAtRiskMinor),
        units: product.unitsInWindow,
        revenueMinor: 0n,
        marginMinor: null,
        abcClass: product.abcClass,
        metrics: JSON.stringify({ productId: productGid(product.id), healthScore: product.healthScore }),
      };
    }),
  });
  await db.productFlag.createMany({
    data: products.flatMap((product) =>
      product.flags.map((flag) => ({
        shop,
        productId: productGid(product.id),
        variantId: null,
        kind: flag.kind,
        severity: flag.severity,
        confidence: flag.confidence,
        windowStart: run.windowStart,
        windowEnd: run.windowEnd,
        summary: flag.summary,
        evidence: JSON.stringify(flag.evidence),
        stockValueMinor: BigInt(flag.stockValueMinor),
        revenueAtRiskMinor: BigInt(flag.revenueAtRiskMinor),
      })),
    ),
  });
}

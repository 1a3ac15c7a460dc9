import type { Db } from "../app/db-client.server";

export const CUSTOMER_OF_SEED = "gid://shopify/Customer/1";

/**
 * One row in every shop-owned table for `shop`. When a model is added, add it here: the
 * data-layer tests fail until every model in SHOP_SCOPED_MODELS has a row.
 */
export async function seedShopRows(db: Db, shop: string): Promise<void> {
  const at = new Date("2026-10-01T12:00:00Z");
  const product = "gid://shopify/Product/1";
  const variant = "gid://shopify/ProductVariant/1";
  const order = "gid://shopify/Order/1";
  await db.shop.create({
    data: {
      domain: shop,
      name: shop,
      currencyCode: "USD",
      ianaTimezone: "America/New_York",
      planName: "Basic",
    },
  });
  await db.session.create({
    data: { id: `offline_${shop}`, shop, state: "s", accessToken: "shpat_x", scope: "read_products" },
  });
  await db.webhookDelivery.create({ data: { shop, webhookId: `wh-${shop}`, topic: "APP_UNINSTALLED" } });
  await db.complianceRequest.create({
    data: { shop, topic: "customers/data_request", customerId: CUSTOMER_OF_SEED },
  });
  await db.product.create({
    data: {
      shop,
      id: product,
      title: "Board",
      handle: "board",
      status: "ACTIVE",
      productType: "Snowboard",
      vendor: "Acme",
      tags: "winter",
      descriptionHtml: "<p>A board</p>",
      mediaCount: 1,
      totalInventory: 4,
      createdAt: at,
      updatedAt: at,
      syncedAt: at,
    },
  });
  await db.variant.create({
    data: {
      shop,
      id: variant,
      productId: product,
      title: "Default",
      priceMinor: 49_900,
      inventoryQuantity: 4,
      unitCostMinor: 20_000,
      createdAt: at,
      syncedAt: at,
    },
  });
  await db.order.create({
    data: {
      shop,
      id: order,
      name: "#1001",
      createdAt: at,
      updatedAt: at,
      test: false,
      currencyCode: "USD",
      customerId: CUSTOMER_OF_SEED,
      discountCodes: "",
      syncedAt: at,
    },
  });
  await db.orderLine.create({
    data: {
      shop,
      id: "gid://shopify/LineItem/1",
      orderId: order,
      variantId: variant,
      productId: product,
      day: "2026-10-01",
      quantity: 1,
      currentQuantity: 1,
      originalUnitMinor: 49_900,
      discountedUnitMinor: 49_900,
    },
  });
  await db.variantDailySales.create({
    data: {
      shop,
      variantId: variant,
      productId: product,
      day: "2026-10-01",
      units: 1,
      grossMinor: 49_900,
      discountMinor: 0,
      refundedUnits: 0,
      orders: 1,
      discountedUnits: 0,
      maxLineUnits: 1,
    },
  });
  await db.customer.create({
    data: {
      shop,
      customerId: CUSTOMER_OF_SEED,
      createdAt: at,
      updatedAt: at,
      numberOfOrders: 1,
      amountSpentMinor: 49_900,
      tags: "",
      syncedAt: at,
    },
  });
  await db.abandonedCheckout.create({
    data: {
      shop,
      id: "gid://shopify/AbandonedCheckout/1",
      createdAt: at,
      customerId: CUSTOMER_OF_SEED,
      syncedAt: at,
    },
  });
  await db.abandonedCheckoutLine.create({
    data: {
      shop,
      checkoutId: "gid://shopify/AbandonedCheckout/1",
      lineIndex: 0,
      variantId: variant,
      quantity: 1,
    },
  });
  await db.inventorySnapshot.create({
    data: { shop, variantId: variant, day: "2026-10-01", quantity: 4, unitCostMinor: 20_000 },
  });
  await db.syncRun.create({ data: { shop, resource: "products", kind: "bulk", status: "COMPLETED" } });
  await db.job.create({ data: { shop, kind: "sync", payload: "{}", dedupeKey: "products" } });
  await db.tombstone.create({
    data: { shop, resource: "products", resourceId: "gid://shopify/Product/2", deletedAt: at },
  });
  const run = await db.analysisRun.create({ data: { shop, status: "completed", asOf: "2026-10-01" } });
  await db.productHealth.create({
    data: {
      shop,
      productId: product,
      runId: run.id,
      title: "Board",
      productType: "Snowboard",
      vendor: "Acme",
      status: "ACTIVE",
      healthScore: 60,
      flagCount: 1,
      topSeverity: "medium",
      moneyAtStakeMinor: 80_000n,
      stockValueMinor: 80_000n,
      revenueAtRiskMinor: 0n,
      units: 1,
      revenueMinor: 49_900n,
      abcClass: "C",
      metrics: "{}",
    },
  });
  const suggestion = await db.suggestion.create({
    data: {
      shop,
      key: `markdown:${product}`,
      fingerprint: "f1",
      kind: "markdown",
      status: "proposed",
      title: "Mark down Board by 20 %",
      rationale: "Slow mover with 4 in stock.",
      productIds: JSON.stringify([product]),
      currencyCode: "USD",
      stakeMinor: 80_000n,
      proposal: "{}",
    },
  });
  await db.suggestionEvent.create({
    data: { shop, suggestionId: suggestion.id, action: "proposed", toStatus: "proposed" },
  });
  await db.productFlag.create({
    data: {
      shop,
      productId: product,
      kind: "overstock",
      severity: "medium",
      confidence: 0.9,
      windowStart: "2026-07-04",
      windowEnd: "2026-10-01",
      summary: "4 in stock",
      evidence: "{}",
      stockValueMinor: 80_000n,
      revenueAtRiskMinor: 0n,
    },
  });
}

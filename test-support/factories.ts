import type { Db } from "../app/db-client.server";

/**
 * One row in every shop-owned table for `shop`. When a model is added, add it here: the
 * data-layer tests fail until every model in SHOP_SCOPED_MODELS has a row.
 */
export async function seedShopRows(db: Db, shop: string): Promise<void> {
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
    data: { shop, topic: "customers/data_request", customerId: "gid://shopify/Customer/1" },
  });
}

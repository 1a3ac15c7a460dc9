import type { Db } from "../db.server";

export interface Delivery {
  shop: string;
  webhookId: string;
  topic: string;
}

/**
 * Runs a webhook's work once per X-Shopify-Webhook-Id. Shopify redelivers on timeouts and
 * sometimes twice anyway; the handlers are idempotent too, so the rare race of two concurrent
 * first deliveries is harmless. The delivery is recorded only after the work succeeded, so a
 * failure leaves it to Shopify's retry.
 */
export async function handleOnce(
  db: Db,
  delivery: Delivery,
  work: () => Promise<void>,
): Promise<"handled" | "duplicate"> {
  const key = { shop_webhookId: { shop: delivery.shop, webhookId: delivery.webhookId } };
  if (await db.webhookDelivery.findUnique({ where: key })) return "duplicate";
  await work();
  await db.webhookDelivery.upsert({ where: key, create: delivery, update: {} });
  return "handled";
}

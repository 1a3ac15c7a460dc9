import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { markUninstalled } from "../models/shop.server";
import { authenticate } from "../shopify.server";
import { handleOnce } from "../webhooks/deliveries.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, triggeredAt } = await authenticate.webhook(request);
  const at = triggeredAt ? new Date(triggeredAt) : new Date();
  await handleOnce(db, { shop, webhookId, topic }, () => markUninstalled(db, shop, at));
  return new Response();
};

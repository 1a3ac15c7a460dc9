import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { redactShop } from "../models/compliance.server";
import { authenticate } from "../shopify.server";

// Not deduplicated through WebhookDelivery: that table is the shop's too and must end up empty.
// Deleting what is already gone is a no-op, so a redelivery is harmless.
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await authenticate.webhook(request);
  await redactShop(db, shop);
  return new Response();
};

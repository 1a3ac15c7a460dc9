import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { customerGid, redactCustomer } from "../models/compliance.server";
import { authenticate } from "../shopify.server";
import { handleOnce } from "../webhooks/deliveries.server";
import { customersRedactPayload } from "../webhooks/payloads";
import { parsePayload } from "../webhooks/respond.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  const { customer, orders_to_redact } = parsePayload(topic, customersRedactPayload, payload);
  await handleOnce(db, { shop, webhookId, topic }, async () => {
    await redactCustomer(db, shop, customerGid(customer.id), orders_to_redact);
  });
  return new Response();
};

import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { customerGid, recordCustomerDataRequest } from "../models/compliance.server";
import { authenticate } from "../shopify.server";
import { handleOnce } from "../webhooks/deliveries.server";
import { customersDataRequestPayload } from "../webhooks/payloads";
import { parsePayload } from "../webhooks/respond.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  const { customer, orders_requested } = parsePayload(topic, customersDataRequestPayload, payload);
  await handleOnce(db, { shop, webhookId, topic }, async () => {
    await recordCustomerDataRequest(db, shop, customerGid(customer.id), orders_requested);
  });
  return new Response();
};

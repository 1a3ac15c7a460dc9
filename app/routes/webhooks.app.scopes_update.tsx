import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { updateGrantedScopes } from "../models/shop.server";
import { authenticate } from "../shopify.server";
import { handleOnce } from "../webhooks/deliveries.server";
import { scopesUpdatePayload } from "../webhooks/payloads";
import { parsePayload } from "../webhooks/respond.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId, payload } = await authenticate.webhook(request);
  const { current } = parsePayload(topic, scopesUpdatePayload, payload);
  await handleOnce(db, { shop, webhookId, topic }, () => updateGrantedScopes(db, shop, current));
  return new Response();
};

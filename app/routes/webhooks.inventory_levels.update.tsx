import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { authenticate } from "../shopify.server";
import { acceptChangeNotice } from "../sync/webhooks.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, webhookId, payload } = await authenticate.webhook(request);
  return acceptChangeNotice(db, { shop, webhookId, topic: "inventory_levels/update" }, payload);
};

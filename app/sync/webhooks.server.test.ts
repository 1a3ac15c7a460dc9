import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db.server";
import { action as ordersUpdated } from "../routes/webhooks.orders.updated";
import { action as productsDelete } from "../routes/webhooks.products.delete";
import { action as productsUpdate } from "../routes/webhooks.products.update";
import { deliver, webhookRequest, type WebhookAction } from "../../test-support/shopify-http";
import { CHANGE_JOB_KIND } from "./webhooks.server";

const SECRET = "test-api-secret";
const SHOP = "notices.myshopify.com";
type Action = WebhookAction;

const orderUpdate = (updatedAt: string, webhookId?: string) =>
  webhookRequest(
    "orders/updated",
    "orders/updated",
    SHOP,
    { id: 1001, admin_graphql_api_id: "gid://shopify/Order/1001", updated_at: updatedAt },
    { secret: SECRET, webhookId },
  );

beforeEach(async () => {
  await db.job.deleteMany({});
  await db.tombstone.deleteMany({});
  await db.webhookDelivery.deleteMany({});
});

describe("sync webhooks", () => {
  it("queue one job per record however many notices arrive, and ignore redeliveries", async () => {
    expect((await deliver(ordersUpdated as Action, orderUpdate("2026-11-29T10:00:00Z", "a"))).status).toBe(
      200,
    );
    expect((await deliver(ordersUpdated as Action, orderUpdate("2026-11-29T10:00:00Z", "a"))).status).toBe(
      200,
    );
    expect((await deliver(ordersUpdated as Action, orderUpdate("2026-11-29T10:05:00Z", "b"))).status).toBe(
      200,
    );
    const jobs = await db.job.findMany({ where: { shop: SHOP } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: CHANGE_JOB_KIND, dedupeKey: "order:gid://shopify/Order/1001" });
    // the job carries the newest notice, so the later edit is not judged stale against the store
    expect(JSON.parse(jobs[0]!.payload)).toMatchObject({
      resource: "order",
      id: "gid://shopify/Order/1001",
      updatedAt: "2026-11-29T10:05:00Z",
    });
    expect(await db.webhookDelivery.count({ where: { shop: SHOP } })).toBe(2);
  });

  it("writes a tombstone for a deleted product at once", async () => {
    const response = await deliver(
      productsDelete as Action,
      webhookRequest("products/delete", "products/delete", SHOP, { id: 42 }, { secret: SECRET }),
    );
    expect(response.status).toBe(200);
    const tombstone = await db.tombstone.findFirstOrThrow({ where: { shop: SHOP } });
    expect(tombstone).toMatchObject({ resource: "products", resourceId: "gid://shopify/Product/42" });
    expect(await db.job.count({ where: { shop: SHOP, kind: CHANGE_JOB_KIND } })).toBe(1);
  });

  it("turns a queued update into a deletion when the product is deleted before the job runs", async () => {
    const update = webhookRequest(
      "products/update",
      "products/update",
      SHOP,
      { id: 42, admin_graphql_api_id: "gid://shopify/Product/42", updated_at: "2026-11-29T10:00:00Z" },
      { secret: SECRET },
    );
    expect((await deliver(productsUpdate as Action, update)).status).toBe(200);
    const deletion = webhookRequest(
      "products/delete",
      "products/delete",
      SHOP,
      { id: 42 },
      { secret: SECRET },
    );
    expect((await deliver(productsDelete as Action, deletion)).status).toBe(200);
    const jobs = await db.job.findMany({ where: { shop: SHOP, kind: CHANGE_JOB_KIND } });
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(jobs[0]!.payload)).toEqual({
      resource: "product",
      id: "gid://shopify/Product/42",
      updatedAt: null,
      deleted: true,
    });
  });

  it("answers a malformed payload with 422 and writes nothing; a bad signature with 401", async () => {
    const malformed = await deliver(
      ordersUpdated as Action,
      webhookRequest("orders/updated", "orders/updated", SHOP, { id: "x" }, { secret: SECRET }),
    );
    expect(malformed.status).toBe(422);
    expect(await malformed.text()).toMatch(/admin_graphql_api_id/);
    const forged = await deliver(
      ordersUpdated as Action,
      webhookRequest(
        "orders/updated",
        "orders/updated",
        SHOP,
        { admin_graphql_api_id: "gid://shopify/Order/1" },
        {
          secret: "not-the-secret",
        },
      ),
    );
    expect(forged.status).toBe(401);
    expect(await db.job.count()).toBe(0);
    expect(await db.webhookDelivery.count()).toBe(0);
  });
});

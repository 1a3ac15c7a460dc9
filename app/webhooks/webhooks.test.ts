import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db.server";
import { action as uninstalled } from "../routes/webhooks.app.uninstalled";
import { action as scopesUpdate } from "../routes/webhooks.app.scopes_update";
import { action as customersRedact } from "../routes/webhooks.customers.redact";
import { action as customersDataRequest } from "../routes/webhooks.customers.data_request";
import { action as shopRedact } from "../routes/webhooks.shop.redact";
import { redactShop } from "../models/compliance.server";
import { seedShopRows } from "../../test-support/factories";
import { deliver, webhookRequest, type WebhookAction } from "../../test-support/shopify-http";

const SECRET = "test-api-secret";
const SHOP = "hooked.myshopify.com";
const OTHER = "bystander.myshopify.com";
type Action = WebhookAction;

async function snapshot() {
  return {
    shops: await db.shop.findMany({ orderBy: { domain: "asc" } }),
    sessions: await db.session.findMany({ orderBy: { id: "asc" } }),
    deliveries: await db.webhookDelivery.findMany({ orderBy: { webhookId: "asc" } }),
    requests: await db.complianceRequest.findMany({ orderBy: { id: "asc" } }),
  };
}

beforeEach(async () => {
  await redactShop(db, SHOP);
  await redactShop(db, OTHER);
  await seedShopRows(db, SHOP);
  await seedShopRows(db, OTHER);
});

describe("webhook routes", () => {
  it.each([
    ["app/uninstalled", "app/uninstalled", uninstalled, {}],
    ["shop/redact", "shop/redact", shopRedact, { shop_domain: SHOP }],
    ["customers/redact", "customers/redact", customersRedact, { customer: { id: 1 }, orders_to_redact: [] }],
  ] as const)(
    "answers %s with a bad HMAC with 401 and changes nothing",
    async (path, topic, route, payload) => {
      const before = await snapshot();
      const response = await deliver(
        route as Action,
        webhookRequest(path, topic, SHOP, payload, { secret: SECRET, hmac: "bm90LXRoZS1yaWdodC1obWFj" }),
      );
      expect(response.status).toBe(401);
      expect(await snapshot()).toEqual(before);
    },
  );

  it("rejects a body signed with another app's secret", async () => {
    const before = await snapshot();
    const response = await deliver(
      uninstalled as Action,
      webhookRequest("app/uninstalled", "app/uninstalled", SHOP, {}, { secret: "another-apps-secret" }),
    );
    expect(response.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  it("app/uninstalled delivered twice leaves the same state as once", async () => {
    const request = () =>
      webhookRequest(
        "app/uninstalled",
        "app/uninstalled",
        SHOP,
        {},
        { secret: SECRET, webhookId: "same-id" },
      );
    expect((await deliver(uninstalled as Action, request())).status).toBe(200);
    const once = await snapshot();
    expect((await deliver(uninstalled as Action, request())).status).toBe(200);
    expect(await snapshot()).toEqual(once);
    // A fresh delivery of the same event (new id) changes nothing either, apart from its record.
    expect(
      (
        await deliver(
          uninstalled as Action,
          webhookRequest("app/uninstalled", "app/uninstalled", SHOP, {}, { secret: SECRET }),
        )
      ).status,
    ).toBe(200);
    const thrice = await snapshot();
    expect(thrice.shops).toEqual(once.shops);
    expect(thrice.sessions).toEqual(once.sessions);

    expect(once.sessions.map((session) => session.shop)).toEqual([OTHER]);
    expect(once.shops.find((shop) => shop.domain === SHOP)?.uninstalledAt).toBeInstanceOf(Date);
    expect(once.shops.find((shop) => shop.domain === OTHER)?.uninstalledAt).toBeNull();
  });

  it("shop/redact leaves no row of the shop and every row of the other", async () => {
    const before = await snapshot();
    const response = await deliver(
      shopRedact as Action,
      webhookRequest(
        "shop/redact",
        "shop/redact",
        SHOP,
        { shop_id: 1, shop_domain: SHOP },
        { secret: SECRET },
      ),
    );
    expect(response.status).toBe(200);
    const after = await snapshot();
    const ofShop = (rows: Array<{ shop?: string; domain?: string }>) =>
      rows.filter((row) => (row.shop ?? row.domain) === SHOP);
    expect([after.shops, after.sessions, after.deliveries, after.requests].flatMap(ofShop)).toEqual([]);
    const ofOther = (rows: Array<{ shop?: string; domain?: string }>) =>
      rows.filter((row) => (row.shop ?? row.domain) === OTHER);
    expect(after.shops.filter((s) => s.domain === OTHER)).toEqual(
      before.shops.filter((s) => s.domain === OTHER),
    );
    expect(ofOther(after.sessions)).toEqual(ofOther(before.sessions));
    expect(ofOther(after.deliveries)).toEqual(ofOther(before.deliveries));
    expect(ofOther(after.requests)).toEqual(ofOther(before.requests));
  });

  it("app/scopes_update records the scopes now granted", async () => {
    const response = await deliver(
      scopesUpdate as Action,
      webhookRequest(
        "app/scopes_update",
        "app/scopes_update",
        SHOP,
        {
          id: 1,
          previous: ["read_products"],
          current: ["read_products", "read_orders"],
          updated_at: "2026-11-29",
        },
        { secret: SECRET },
      ),
    );
    expect(response.status).toBe(200);
    const session = await db.session.findFirstOrThrow({ where: { shop: SHOP } });
    expect(session.scope).toBe("read_products,read_orders");
    expect((await db.session.findFirstOrThrow({ where: { shop: OTHER } })).scope).toBe("read_products");
  });

  it("records a customer data request and a redaction, once per delivery", async () => {
    const dataRequest = () =>
      webhookRequest(
        "customers/data_request",
        "customers/data_request",
        SHOP,
        {
          shop_domain: SHOP,
          customer: { id: 191167, email: "john@example.com" },
          orders_requested: [299938],
        },
        { secret: SECRET, webhookId: "dr-1" },
      );
    expect((await deliver(customersDataRequest as Action, dataRequest())).status).toBe(200);
    expect((await deliver(customersDataRequest as Action, dataRequest())).status).toBe(200);
    const recorded = await db.complianceRequest.findMany({
      where: { shop: SHOP, topic: "customers/data_request", customerId: "gid://shopify/Customer/191167" },
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.ordersRequested).toBe("299938");
    expect(recorded[0]?.summary).toMatch(/No data held for gid:\/\/shopify\/Customer\/191167/);

    const redact = await deliver(
      customersRedact as Action,
      webhookRequest(
        "customers/redact",
        "customers/redact",
        SHOP,
        { shop_domain: SHOP, customer: { id: "191167" }, orders_to_redact: [299938] },
        { secret: SECRET },
      ),
    );
    expect(redact.status).toBe(200);
    expect(await db.complianceRequest.count({ where: { shop: SHOP, topic: "customers/redact" } })).toBe(1);
  });

  it("answers a signed but malformed compliance payload with 422 and writes nothing", async () => {
    const before = await snapshot();
    const response = await deliver(
      customersRedact as Action,
      webhookRequest(
        "customers/redact",
        "customers/redact",
        SHOP,
        { customer: { id: "not-a-number" } },
        { secret: SECRET },
      ),
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toMatch(/customer\.id/);
    expect(await snapshot()).toEqual(before);
  });
});

import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fakeClock, fixtureShopify, TEST_APP, TEST_SHOP } from "./test-fixtures";

interface Delivery {
  url: string;
  headers: Headers;
  body: string;
}

function recorder() {
  const deliveries: Delivery[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    deliveries.push({ url: String(input), headers: new Headers(init?.headers), body: String(init?.body) });
    return new Response(null, { status: 200 });
  };
  return { deliveries, fetch };
}

/** What an app does with a webhook: recompute the HMAC of the raw body and compare in constant time. */
function verified(delivery: Delivery, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(delivery.body, "utf8").digest("base64"));
  const received = Buffer.from(delivery.headers.get("X-Shopify-Hmac-Sha256") ?? "");
  return expected.length === received.length && timingSafeEqual(expected, received);
}

describe("webhook delivery", () => {
  it("signs deliveries so HMAC verification with the app secret passes, with Shopify's headers", async () => {
    const { deliveries, fetch } = recorder();
    const clock = fakeClock();
    const server = fixtureShopify({ webhookTarget: "https://app.example/", fetch, clock: clock.now });
    server.emitWebhook({ topic: "products/update", payload: { id: 101, title: "Linen Shirt — ünïcode" } });
    server.emitWebhook({ topic: "app/uninstalled", payload: { id: 1 } });
    await server.settled();

    expect(deliveries.map((delivery) => delivery.url)).toEqual([
      "https://app.example/webhooks/products/update",
      "https://app.example/webhooks/app/uninstalled",
    ]);
    const [first, second] = deliveries;
    if (!first || !second) throw new Error("two deliveries expected");
    expect(verified(first, TEST_APP.apiSecret)).toBe(true);
    expect(verified(first, "another-secret")).toBe(false);
    expect(JSON.parse(first.body)).toEqual({ id: 101, title: "Linen Shirt — ünïcode" });
    expect(Object.fromEntries(first.headers)).toMatchObject({
      "content-type": "application/json",
      "x-shopify-topic": "products/update",
      "x-shopify-shop-domain": TEST_SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-triggered-at": "2026-06-30T12:00:00.000Z",
    });
    expect(first.headers.get("X-Shopify-Webhook-Id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.headers.get("X-Shopify-Webhook-Id")).not.toBe(second.headers.get("X-Shopify-Webhook-Id"));
  });

  it("logs a failed delivery instead of throwing it into the request", async () => {
    const logged: string[] = [];
    const server = fixtureShopify({
      webhookTarget: "https://app.example",
      fetch: () => Promise.reject(new Error("connection refused")),
      log: (message) => logged.push(message),
    });
    expect(() => server.emitWebhook({ topic: "orders/create", payload: {} })).not.toThrow();
    await server.settled();
    expect(logged).toEqual(["local Shopify: webhook orders/create failed"]);
  });

  it("delivers nothing without a target", async () => {
    const { deliveries, fetch } = recorder();
    const server = fixtureShopify({ fetch });
    server.emitWebhook({ topic: "orders/create", payload: {} });
    await server.settled();
    expect(deliveries).toEqual([]);
  });
});

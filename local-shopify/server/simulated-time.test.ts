import { describe, expect, it } from "vitest";
import { generateStore } from "../generator/index";
import { createLocalShopify } from "./index";

const ORDERS_QUERY = `query RecentOrders($query: String) {
  orders(first: 250, query: $query) { nodes { id } }
}`;

describe("simulated time", () => {
  it("appends orders after the store's now, serves them through the API and announces each", async () => {
    const store = generateStore({ seed: 5, products: 40, now: "2026-11-01T00:00:00Z" });
    const topics: string[] = [];
    const shopify = createLocalShopify({
      store,
      apiKey: "key",
      apiSecret: "secret",
      webhookTarget: "http://app.test",
      fetch: async (input, init) => {
        topics.push(new Headers(init?.headers).get("X-Shopify-Topic") ?? "");
        return new Response(null, { status: 200 });
      },
      log: () => {},
    });
    const before = store.orders.length;
    const lastIdBefore = Math.max(...store.orders.map((order) => order.id));

    const created = shopify.advanceDays(7, 3);
    await shopify.settled();

    expect(created.length).toBeGreaterThan(0);
    expect(store.orders).toHaveLength(before + created.length);
    expect(new Date(store.now).toISOString()).toBe("2026-11-08T00:00:00.000Z");
    expect(Math.min(...created.map((order) => order.id))).toBeGreaterThan(lastIdBefore);
    expect(topics.filter((topic) => topic === "orders/create")).toHaveLength(created.length);

    const response = await shopify.fetch(`https://${shopify.shop}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shopify.issueAccessToken() },
      body: JSON.stringify({
        query: ORDERS_QUERY,
        variables: { query: "created_at:>='2026-11-01T00:00:00Z'" },
      }),
    });
    const body = (await response.json()) as { data: { orders: { nodes: Array<{ id: string }> } } };
    const served = body.data.orders.nodes.map((order) => order.id);
    expect(served).toEqual(created.slice(0, 250).map((order) => `gid://shopify/Order/${order.id}`));
  });
});

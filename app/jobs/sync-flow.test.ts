import { describe, expect, it } from "vitest";
import { db } from "../db.server";
import { action as productsUpdate } from "../routes/webhooks.products.update";
import { generateStore } from "../../local-shopify/generator/index";
import { createLocalShopify } from "../../local-shopify/server/index";
import type { WebhookEvent } from "../../local-shopify/server/context";
import { localShopifyClient, onClock, simulatedTime } from "../../test-support/local-shopify";
import { webhookRequest } from "../../test-support/shopify-http";
import { jobHandlers, scheduleSyncs } from "./handlers.server";
import { claimNext, complete, fail } from "./queue.server";

const STORE = generateStore({ seed: 21, products: 30, now: "2026-11-01T00:00:00Z" });
const SHOP = STORE.shop.myshopifyDomain;

describe("sync, end to end through the job queue", () => {
  it("syncs the store after install, analyses it, then follows a price change announced by webhook", async () => {
    // Simulated time starts now: the webhook route queues its job on the real clock.
    const time = simulatedTime(Date.now());
    const sent: WebhookEvent[] = [];
    const shopify = createLocalShopify({
      store: structuredClone(STORE),
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      clock: time.now,
      sleep: time.sleep,
      webhookTarget: "http://app.test",
      fetch: async (_url, init) => {
        sent.push({
          topic: new Headers(init?.headers).get("X-Shopify-Topic") ?? "",
          payload: JSON.parse(String(init?.body)),
        });
        return new Response(null);
      },
      log: () => {},
    });
    const client = localShopifyClient(shopify, time);
    await db.shop.create({
      data: {
        domain: SHOP,
        name: STORE.shop.name,
        currencyCode: "USD",
        ianaTimezone: STORE.shop.ianaTimezone,
      },
    });
    const handlers = jobHandlers({
      db,
      clientFor: async () => client,
      now: () => new Date(time.now()),
      syncOptions: onClock(shopify, time),
    });
    const runDueJobs = async () => {
      for (;;) {
        const job = await claimNext(db, new Date(time.now()), 60_000);
        if (!job) return;
        try {
          await handlers[job.kind]!({
            shop: job.shop,
            payload: JSON.parse(job.payload),
            attempts: job.attempts,
          });
          await complete(db, job, new Date(time.now()));
        } catch (error) {
          await fail(db, job, error, new Date(time.now()));
          throw error;
        }
      }
    };

    await scheduleSyncs(db, SHOP, new Date(time.now()));
    await runDueJobs();
    expect(await db.product.count({ where: { shop: SHOP } })).toBe(STORE.products.length);
    expect(await db.orderLine.count({ where: { shop: SHOP } })).toBe(
      STORE.orders.reduce((sum, order) => sum + order.lineItems.length, 0),
    );
    expect(await db.inventorySnapshot.count({ where: { shop: SHOP } })).toBe(STORE.variants.length);
    // The sync queued an analysis of what it brought in, which stored a result per product.
    const analysis = await db.analysisRun.findFirstOrThrow({ where: { shop: SHOP } });
    expect(analysis).toMatchObject({ status: "completed", products: STORE.products.length });
    expect(await db.productHealth.count({ where: { shop: SHOP } })).toBe(STORE.products.length);
    // The daily job waits for tomorrow.
    expect(await db.job.count({ where: { shop: SHOP, kind: "daily", status: "queued" } })).toBe(1);

    // The merchant changes a price in Shopify; Shopify sends products/update; the app catches up.
    const product = STORE.products[0]!;
    const variant = STORE.variants.find((candidate) => candidate.productId === product.id)!;
    const response = await shopify.fetch(`https://${SHOP}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": shopify.issueAccessToken() },
      body: JSON.stringify({
        query: `mutation Reprice($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
          productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { message } }
        }`,
        variables: {
          productId: `gid://shopify/Product/${product.id}`,
          variants: [{ id: `gid://shopify/ProductVariant/${variant.id}`, price: "1.23" }],
        },
      }),
    });
    expect(response.status).toBe(200);
    await shopify.settled();
    const update = sent.find((event) => event.topic === "products/update")!;
    const delivered = await productsUpdate({
      request: webhookRequest("products/update", "products/update", SHOP, update.payload, {
        secret: "test-api-secret",
      }),
      params: {},
      context: {},
    });
    expect(delivered.status).toBe(200);
    await runDueJobs();
    const stored = await db.variant.findUniqueOrThrow({
      where: { shop_id: { shop: SHOP, id: `gid://shopify/ProductVariant/${variant.id}` } },
    });
    expect(stored.priceMinor).toBe(123n);
  });
});

describe("the daily job", () => {
  const shop = "daily-chain.myshopify.com";
  const run = (at: Date) =>
    jobHandlers({
      db,
      clientFor: async () => {
        throw new Error("Shopify is unreachable");
      },
      now: () => at,
    }).daily!({ shop, payload: {}, attempts: 1 });
  const queuedDaily = () => db.job.findMany({ where: { shop, kind: "daily", status: "queued" } });

  it("keeps tomorrow's run queued when today's fails, and ends with the installation", async () => {
    await db.shop.create({ data: { domain: shop, currencyCode: "USD", ianaTimezone: "UTC" } });
    await expect(run(new Date("2026-11-29T03:00:00Z"))).rejects.toThrow(/unreachable/);
    const [next] = await queuedDaily();
    expect(next?.runAt.toISOString()).toBe("2026-11-30T03:00:00.000Z");

    await db.job.deleteMany({ where: { shop } });
    await db.shop.update({
      where: { domain: shop },
      data: { uninstalledAt: new Date("2026-11-29T12:00:00Z") },
    });
    await run(new Date("2026-11-30T03:00:00Z"));
    expect(await queuedDaily()).toHaveLength(0);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { generateStore } from "../../local-shopify/generator/index";
import { createLocalShopify, type FaultOptions, type LocalShopify } from "../../local-shopify/server/index";
import { db } from "../db.server";
import { REQUIRED_SCOPES } from "../env.server";
import { authenticate, sessionStorage, unauthenticated } from "../shopify.server";
import { createShopifyClient, type GraphqlTransport, type ShopifyClientOptions } from "./client.server";
import { localShopifyTransport, simulatedTime, type SimulatedTime } from "../../test-support/local-shopify";
import {
  type UserError,
  ShopifyGraphqlError,
  ShopifyHttpError,
  ShopifyThrottledError,
  ShopifyUncertainWriteError,
  ShopifyUserErrors,
} from "./errors";

/*
 * The client against the local Shopify: Shopify's schema, cost model, leaky bucket and injected
 * faults. The local Shopify and the client share a simulated clock that only the client's sleeps
 * move, so a burst that takes minutes of Shopify time runs in milliseconds.
 */

const STORE = generateStore({ seed: 1, products: 40 });
const PRODUCT_IDS = STORE.products.map((product) => product.id).sort((a, b) => a - b);

/** Requested and actual cost 50: 2 + 12 products × (1 + variants(first: 1) at 2 + 1). */
const PRODUCT_PAGE = `
  query ProductPage($query: String) {
    products(first: 12, query: $query) {
      nodes { id title variants(first: 1) { nodes { price } } }
    }
  }`;
const PAGE_COST = 50;

interface ProductPage {
  products: { nodes: Array<{ id: string; title: string; variants: { nodes: Array<{ price: string }> } }> };
}

const REPRICE = `
  mutation Reprice($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants) {
      productVariants { id price }
      userErrors { field message code }
    }
  }`;

const ANNOTATE = `
  mutation Annotate($input: AnalyticsAnnotationCreateInput!) {
    analyticsAnnotationCreate(input: $input) {
      analyticsAnnotation { id }
      userErrors { field message code }
    }
  }`;
interface Annotated {
  analyticsAnnotationCreate: { analyticsAnnotation: { id: string } | null; userErrors: UserError[] };
}
const ANNOTATION = {
  title: "Markdown 20%",
  type: "product_events.price_change",
  startedAt: "2026-06-30T12:00:00Z",
};

const ANNOTATIONS = `query Annotations { shop { analyticsAnnotations(first: 10) { nodes { id title } } } }`;

type Time = SimulatedTime;

function localShopify(time: Time, faults?: FaultOptions) {
  return createLocalShopify({
    store: structuredClone(STORE),
    apiKey: "test-api-key",
    apiSecret: "test-api-secret",
    clock: time.now,
    sleep: time.sleep,
    faults,
    log: () => {},
  });
}

const transport = localShopifyTransport;

function client(graphql: GraphqlTransport, time: Time, options: Partial<ShopifyClientOptions> = {}) {
  return createShopifyClient({
    graphql,
    now: time.now,
    sleep: time.sleep,
    random: () => 0.5,
    log: () => {},
    ...options,
  });
}

/** The page after the product at `index` (in id order), as the store holds it. */
function expectedPage(shopify: LocalShopify, index: number) {
  return PRODUCT_IDS.slice(index + 1, index + 13).map((id) => {
    const product = shopify.state.productsById.get(id);
    const variant = shopify.state.variantsByProduct.get(id)?.[0];
    return {
      id: `gid://shopify/Product/${id}`,
      title: product?.title,
      variants: { nodes: [{ price: variant?.price }] },
    };
  });
}

const pageAfter = (index: number) => ({ query: `id:>${PRODUCT_IDS[index]}` });
/** Page starts that leave 12 products to return, so every page costs the full 50 points. */
const pageStart = (request: number) => request % (PRODUCT_IDS.length - 12);

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

function variantGid(shopify: LocalShopify, productId: number) {
  const variant = shopify.state.variantsByProduct.get(productId)?.[0];
  if (!variant) throw new Error(`product ${productId} has no variant`);
  return { gid: `gid://shopify/ProductVariant/${variant.id}`, variant };
}

/** Another worker on the same shop spends the whole bucket: two queries of 1,000 objects. */
async function drainBucket(shopify: LocalShopify) {
  const thousandObjects = Array.from({ length: 1000 }, (_, i) => `s${i}: shop { id }`).join(" ");
  const raw = transport(shopify);
  for (let i = 0; i < 2; i += 1) await raw(`query Drain { ${thousandObjects} }`, {});
  expect(shopify.throttleStatus().currentlyAvailable).toBe(0);
}

describe("pacing", () => {
  it("runs a burst of 200 queries at the restore rate without being throttled", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time);
    const debug: Array<Record<string, unknown> | undefined> = [];
    const shopifyClient = client(transport(shopify), time, {
      log: (level, _message, detail) => {
        if (level === "debug") debug.push(detail);
      },
    });

    for (let request = 0; request < 200; request += 1) {
      const data = await shopifyClient.query<ProductPage>(PRODUCT_PAGE, pageAfter(pageStart(request)));
      expect(data.products.nodes).toEqual(expectedPage(shopify, pageStart(request)));
    }

    const stats = shopifyClient.stats;
    expect(stats).toMatchObject({
      requests: 200,
      retries: 0,
      throttledResponses: 0,
      pointsSpent: 200 * PAGE_COST,
    });
    // 10,000 points through a 2,000-point bucket refilling at 100/s: at least 80 s.
    const minimumMs = ((stats.pointsSpent - 2000) / 100) * 1000;
    expect(time.elapsedMs()).toBeGreaterThanOrEqual(minimumMs);
    expect(time.elapsedMs()).toBeLessThanOrEqual(1.2 * minimumMs);
    expect(stats.waitedMs).toBe(time.elapsedMs());
    // Every answer's cost was logged.
    expect(debug).toHaveLength(200);
    expect(debug[0]).toMatchObject({
      operation: "ProductPage",
      requestedQueryCost: 50,
      actualQueryCost: 50,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1950, restoreRate: 100 },
    });
  });

  it("spreads 200 concurrent queries the same way", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time);
    const shopifyClient = client(transport(shopify), time);

    const pages = await Promise.all(
      Array.from({ length: 200 }, (_, request) =>
        shopifyClient.query<ProductPage>(PRODUCT_PAGE, pageAfter(pageStart(request))),
      ),
    );

    pages.forEach((page, request) =>
      expect(page.products.nodes).toEqual(expectedPage(shopify, pageStart(request))),
    );
    // Points reserved for requests in flight are counted until their answers come, which errs
    // on the side of waiting: 82.5 s against the 80 s minimum.
    expect(shopifyClient.stats).toMatchObject({ requests: 200, throttledResponses: 0 });
    expect(time.elapsedMs()).toBeLessThanOrEqual(1.2 * 80_000);
  });
});

describe("retries", () => {
  it("gets every answer right through 10% server errors and 10% THROTTLED", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time, { serverErrorRate: 0.1, throttleRate: 0.1, seed: 11 });
    const shopifyClient = client(transport(shopify), time);

    for (let request = 0; request < 100; request += 1) {
      const data = await shopifyClient.query<ProductPage>(PRODUCT_PAGE, pageAfter(pageStart(request)));
      expect(data.products.nodes).toEqual(expectedPage(shopify, pageStart(request)));
    }

    const stats = shopifyClient.stats;
    expect(stats.throttledResponses).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(stats.throttledResponses);
    expect(stats.requests).toBe(100 + stats.retries);
  });

  it("gives up after six tries when every answer is a server error, with a plain message", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time, { serverErrorRate: 1, seed: 3 });
    const shopifyClient = client(transport(shopify), time);

    const error = await rejection(shopifyClient.query(PRODUCT_PAGE, pageAfter(0)));

    expect(error).toBeInstanceOf(ShopifyHttpError);
    const httpError = error as ShopifyHttpError;
    expect([500, 502, 503]).toContain(httpError.status);
    expect(httpError).toMatchObject({ attempts: 6, operation: "ProductPage" });
    expect(httpError.message).toMatch(/^Shopify had a problem answering \(HTTP 50\d\) after 6 tries\./);
    expect(shopifyClient.stats).toMatchObject({ requests: 6, retries: 5 });
    // Backoff ceilings 1, 2, 4, 8, 16 s at the middle of the jitter (75%), or Retry-After's 1 s.
    expect(time.elapsedMs()).toBeGreaterThanOrEqual(750 + 1500 + 3000 + 6000 + 12000);
    expect(time.elapsedMs()).toBeLessThanOrEqual(1000 + 1500 + 3000 + 6000 + 12000);
  });

  it("stops at the time bound before the try count", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time, { serverErrorRate: 1, seed: 3 });
    const shopifyClient = client(transport(shopify), time, { maxElapsedMs: 5_000 });

    expect(await rejection(shopifyClient.query(PRODUCT_PAGE, pageAfter(0)))).toMatchObject({ attempts: 3 });
    expect(time.elapsedMs()).toBeLessThanOrEqual(5_000);
  });

  it("gives up on a bucket that stays empty with ShopifyThrottledError", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time, { throttleRate: 1 });
    const shopifyClient = client(transport(shopify), time);

    const error = await rejection(shopifyClient.query(PRODUCT_PAGE, pageAfter(0)));

    expect(error).toBeInstanceOf(ShopifyThrottledError);
    expect((error as ShopifyThrottledError).message).toMatch(/still refused after 6 tries/);
    expect(shopifyClient.stats).toMatchObject({ requests: 6, throttledResponses: 6, pointsSpent: 0 });
  });

  it("retries when Shopify cannot be reached, then says so", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time);
    const server = await shopify.listen(0);
    await server.close();
    const shopifyClient = client(transport(shopify, { origin: server.url, fetch: globalThis.fetch }), time);

    const error = await rejection(shopifyClient.query(PRODUCT_PAGE, pageAfter(0)));

    expect(error).toBeInstanceOf(ShopifyHttpError);
    expect(error).toMatchObject({ status: null, attempts: 6 });
    expect((error as Error).message).toBe(
      "Shopify could not be reached after 6 tries. Try again in a few minutes.",
    );
  });
});

describe("errors that are not retried", () => {
  it("reports a validation error naming the field, after one request", async () => {
    const time = simulatedTime();
    const shopifyClient = client(transport(localShopify(time)), time);

    const error = await rejection(
      shopifyClient.query(`query Colours { products(first: 5) { nodes { id colour } } }`),
    );

    expect(error).toBeInstanceOf(ShopifyGraphqlError);
    const graphqlError = error as ShopifyGraphqlError;
    expect(graphqlError.message).toBe(
      "Shopify refused the request: Field 'colour' doesn't exist on type 'Product'.",
    );
    expect(graphqlError.codes).toEqual(["undefinedField"]);
    expect(graphqlError.errors[0]?.path).toEqual(["query Colours", "products", "nodes", "colour"]);
    expect(shopifyClient.stats.requests).toBe(1);
  });

  it("reports a query over the single-query cost limit, after one request", async () => {
    const time = simulatedTime();
    const shopifyClient = client(transport(localShopify(time)), time);

    const error = await rejection(
      shopifyClient.query(
        `query Everything { products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }`,
      ),
    );

    expect((error as ShopifyGraphqlError).codes).toEqual(["MAX_COST_EXCEEDED"]);
    expect(shopifyClient.stats.requests).toBe(1);
  });

  it("reports a refused access token, after one request", async () => {
    const time = simulatedTime();
    const shopifyClient = client(transport(localShopify(time), { token: "shpat_revoked" }), time);

    const error = await rejection(shopifyClient.query(PRODUCT_PAGE));

    expect(error).toBeInstanceOf(ShopifyHttpError);
    expect(error).toMatchObject({
      status: 401,
      detail: expect.stringMatching(/Invalid API key or access token/),
    });
    expect(shopifyClient.stats.requests).toBe(1);
  });

  it("refuses to run a mutation as a query, which would retry it", async () => {
    const time = simulatedTime();
    const shopifyClient = client(transport(localShopify(time)), time);
    await expect(shopifyClient.query(ANNOTATE, { input: ANNOTATION })).rejects.toThrow(/use mutate/);
    expect(shopifyClient.stats.requests).toBe(0);
  });
});

describe("mutations", () => {
  it("does not repeat a mutation answered with a server error", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time, { serverErrorRate: 1, seed: 5 });
    const shopifyClient = client(transport(shopify), time);
    const productId = PRODUCT_IDS[0] ?? 0;
    const { gid, variant } = variantGid(shopify, productId);
    const priceBefore = variant.price;

    const error = await rejection(
      shopifyClient.mutate(
        REPRICE,
        { productId: `gid://shopify/Product/${productId}`, variants: [{ id: gid, price: "1.00" }] },
        { userErrorsPath: "productVariantsBulkUpdate.userErrors" },
      ),
    );

    expect(error).toBeInstanceOf(ShopifyUncertainWriteError);
    expect([500, 502, 503]).toContain((error as ShopifyUncertainWriteError).status);
    expect((error as Error).message).toMatch(/not known whether the change was made\. Check the store/);
    expect(shopifyClient.stats).toMatchObject({ requests: 1, retries: 0 });
    expect(variantGid(shopify, productId).variant.price).toBe(priceBefore);
  });

  it("repeats a THROTTLED mutation, which Shopify did not run, and it is applied once", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time);
    await drainBucket(shopify);
    const shopifyClient = client(transport(shopify), time);

    const data = await shopifyClient.mutate<Annotated>(
      ANNOTATE,
      { input: ANNOTATION },
      { userErrorsAt: (result) => result.analyticsAnnotationCreate.userErrors },
    );

    expect(data.analyticsAnnotationCreate.analyticsAnnotation?.id).toMatch(
      /^gid:\/\/shopify\/AnalyticsAnnotation\//,
    );
    expect(shopifyClient.stats).toMatchObject({ requests: 2, retries: 1, throttledResponses: 1 });
    const listed = await shopifyClient.query<{ shop: { analyticsAnnotations: { nodes: unknown[] } } }>(
      ANNOTATIONS,
    );
    expect(listed.shop.analyticsAnnotations.nodes).toHaveLength(1);
  });

  it("turns userErrors into ShopifyUserErrors and leaves the store as it was", async () => {
    const time = simulatedTime();
    const shopify = localShopify(time);
    const shopifyClient = client(transport(shopify), time);
    const productId = PRODUCT_IDS[1] ?? 0;
    const { gid } = variantGid(shopify, productId);
    const variantsBefore = structuredClone(shopify.state.data.variants);

    const error = await rejection(
      shopifyClient.mutate(
        REPRICE,
        { productId: `gid://shopify/Product/${productId}`, variants: [{ id: gid, price: "-5.00" }] },
        { userErrorsPath: "productVariantsBulkUpdate.userErrors" },
      ),
    );

    expect(error).toBeInstanceOf(ShopifyUserErrors);
    const userErrors = error as ShopifyUserErrors;
    expect(userErrors.userErrors).toEqual([
      {
        field: ["variants", "0", "price"],
        message: "Price must be greater than or equal to 0",
        code: "GREATER_THAN_OR_EQUAL_TO",
      },
    ]);
    expect(userErrors.message).toBe(
      "Shopify did not accept the change: Price must be greater than or equal to 0.",
    );
    expect(shopify.state.data.variants).toEqual(variantsBefore);
  });

  it("reports a write whose answer never came as uncertain, and Shopify did apply it", async () => {
    // Real time here: the client's timeout aborts a real HTTP request that the local Shopify holds.
    const shopify = createLocalShopify({
      store: structuredClone(STORE),
      apiKey: "test-api-key",
      apiSecret: "test-api-secret",
      faults: { slowRate: 1, slowMs: 300 },
      log: () => {},
    });
    const server = await shopify.listen(0);
    try {
      const graphql = transport(shopify, { origin: server.url, fetch: globalThis.fetch });
      const hasty = createShopifyClient({ graphql, timeoutMs: 50, log: () => {} });

      const error = await rejection(
        hasty.mutate(
          ANNOTATE,
          { input: ANNOTATION },
          { userErrorsPath: "analyticsAnnotationCreate.userErrors" },
        ),
      );

      expect(error).toBeInstanceOf(ShopifyUncertainWriteError);
      expect(error).toMatchObject({ status: null });
      expect(hasty.stats.requests).toBe(1);
      const patient = createShopifyClient({ graphql, log: () => {} });
      const listed = await patient.query<{ shop: { analyticsAnnotations: { nodes: unknown[] } } }>(
        ANNOTATIONS,
      );
      expect(listed.shop.analyticsAnnotations.nodes).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe("through the library's admin.graphql", () => {
  afterEach(async () => {
    setAbstractFetchFunc(globalThis.fetch);
    await db.session.deleteMany({});
  });

  /** A local Shopify that the library's HTTP goes to, with a stored offline session for its shop. */
  async function libraryShopify(time: Time, faults?: FaultOptions, accessToken?: string) {
    const shopify = localShopify(time, faults);
    setAbstractFetchFunc(shopify.fetch);
    await sessionStorage.storeSession(
      new Session({
        id: `offline_${shopify.shop}`,
        shop: shopify.shop,
        state: "state",
        isOnline: false,
        scope: REQUIRED_SCOPES.join(","),
        accessToken: accessToken ?? shopify.issueAccessToken(),
        expires: new Date(Date.now() + 3_600_000),
      }),
    );
    return shopify;
  }

  /** A request as the app's embedded pages send it, with a session token from the local Shopify. */
  const pageRequest = (shopify: LocalShopify) =>
    new Request("https://shelfwise.test/app", {
      headers: {
        Authorization: `Bearer ${shopify.mintSessionToken({ shop: shopify.shop, userId: 1 })}`,
        "User-Agent": "Mozilla/5.0 Chrome/120.0",
      },
    });

  // Session tokens are checked against the real clock, so these clocks start now.
  it("in a job (unauthenticated.admin): retries the library's thrown errors and reports the rest", async () => {
    const time = simulatedTime(Date.now());
    const shopify = await libraryShopify(time, { serverErrorRate: 0.15, throttleRate: 0.15, seed: 2 });
    const { admin } = await unauthenticated.admin(shopify.shop);
    const shopifyClient = client(admin.graphql, time);

    for (let request = 0; request < 40; request += 1) {
      const data = await shopifyClient.query<ProductPage>(PRODUCT_PAGE, pageAfter(pageStart(request)));
      expect(data.products.nodes).toEqual(expectedPage(shopify, pageStart(request)));
    }
    const stats = shopifyClient.stats;
    expect(stats.throttledResponses).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(stats.throttledResponses);
    expect(stats.pointsSpent).toBe(40 * PAGE_COST);

    const error = await rejection(
      shopifyClient.query(`query Colours { products(first: 5) { nodes { colour } } }`),
    );
    expect(error).toBeInstanceOf(ShopifyGraphqlError);
    expect((error as Error).message).toMatch(/Field 'colour' doesn't exist on type 'Product'/);
    expect(shopifyClient.stats.requests).toBe(stats.requests + 1);
  });

  it("in a job: a THROTTLED mutation (thrown as GraphqlQueryError) is repeated and applied once", async () => {
    const time = simulatedTime(Date.now());
    const shopify = await libraryShopify(time);
    await drainBucket(shopify);
    const { admin } = await unauthenticated.admin(shopify.shop);
    const shopifyClient = client(admin.graphql, time);

    await shopifyClient.mutate(
      ANNOTATE,
      { input: ANNOTATION },
      { userErrorsPath: "analyticsAnnotationCreate.userErrors" },
    );

    expect(shopifyClient.stats).toMatchObject({ requests: 2, throttledResponses: 1 });
    const listed = await shopifyClient.query<{ shop: { analyticsAnnotations: { nodes: unknown[] } } }>(
      ANNOTATIONS,
    );
    expect(listed.shop.analyticsAnnotations.nodes).toHaveLength(1);
  });

  it("in a job: a mutation answered with a server error is uncertain and not repeated", async () => {
    const time = simulatedTime(Date.now());
    const shopify = await libraryShopify(time, { serverErrorRate: 1, seed: 4 });
    const { admin } = await unauthenticated.admin(shopify.shop);
    const shopifyClient = client(admin.graphql, time);

    const error = await rejection(
      shopifyClient.mutate(
        ANNOTATE,
        { input: ANNOTATION },
        { userErrorsPath: "analyticsAnnotationCreate.userErrors" },
      ),
    );

    expect(error).toBeInstanceOf(ShopifyUncertainWriteError);
    expect([500, 502, 503]).toContain((error as ShopifyUncertainWriteError).status);
    expect(shopifyClient.stats.requests).toBe(1);
  });

  it("in a page (authenticate.admin): retries the Responses the library throws", async () => {
    const time = simulatedTime(Date.now());
    const shopify = await libraryShopify(time, { serverErrorRate: 0.15, throttleRate: 0.15, seed: 2 });
    const { admin } = await authenticate.admin(pageRequest(shopify));
    const shopifyClient = client(admin.graphql, time);

    for (let request = 0; request < 40; request += 1) {
      const data = await shopifyClient.query<ProductPage>(PRODUCT_PAGE, pageAfter(pageStart(request)));
      expect(data.products.nodes).toEqual(expectedPage(shopify, pageStart(request)));
    }
    const stats = shopifyClient.stats;
    expect(stats.throttledResponses).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(stats.throttledResponses);
  });

  it("in a page: lets the library's 401 Response through, so Remix can re-authenticate", async () => {
    const time = simulatedTime(Date.now());
    const shopify = await libraryShopify(time, undefined, "shpat_revoked");
    const { admin } = await authenticate.admin(pageRequest(shopify));
    const shopifyClient = client(admin.graphql, time);

    const thrown = await rejection(shopifyClient.query(PRODUCT_PAGE));

    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(401);
    expect(shopifyClient.stats.requests).toBe(1);
  });
});

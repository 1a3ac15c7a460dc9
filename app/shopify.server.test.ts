import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { Session } from "@shopify/shopify-api";
import { db } from "./db.server";
import { REQUIRED_SCOPES } from "./env.server";
import { authenticate, sessionStorage } from "./shopify.server";
import { installFakeShopify, type FakeShopify } from "../test-support/shopify-http";

const API_KEY = "test-api-key";
const API_SECRET = "test-api-secret";
const STORE = "auth-shop";
const SHOP = `${STORE}.myshopify.com`;
const SCOPES = REQUIRED_SCOPES.join(",");

let fake: FakeShopify;

beforeAll(() => {
  fake = installFakeShopify({
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    scopes: SCOPES,
    shopData: {
      shop: {
        name: "Auth Shop",
        currencyCode: "EUR",
        ianaTimezone: "Europe/Berlin",
        plan: { publicDisplayName: "Basic" },
      },
    },
  });
  return () => fake.restore();
});

afterEach(async () => {
  await db.session.deleteMany({});
  await db.shop.deleteMany({});
});

// A document request as Shopify admin makes it when it loads the app in its iframe.
function embeddedRequest(token: string): Request {
  const url = new URL("https://shelfwise.test/app");
  url.searchParams.set("embedded", "1");
  url.searchParams.set("shop", SHOP);
  url.searchParams.set("host", Buffer.from(`admin.shopify.com/store/${STORE}`).toString("base64"));
  url.searchParams.set("id_token", token);
  return new Request(url, {
    headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36" },
  });
}

function bearerRequest(token: string): Request {
  return new Request("https://shelfwise.test/app", {
    headers: { Authorization: `Bearer ${token}`, "User-Agent": "Mozilla/5.0 Chrome/120.0" },
  });
}

async function rejection(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  throw new Error("expected authenticate.admin to reject the request");
}

async function storeOfflineSession() {
  const session = new Session({
    id: `offline_${SHOP}`,
    shop: SHOP,
    state: "state",
    isOnline: false,
    scope: SCOPES,
    accessToken: "shpat_stored",
    expires: new Date(Date.now() + 3_600_000),
  });
  await sessionStorage.storeSession(session);
}

describe("authenticate.admin", () => {
  it("accepts a valid session token and exchanges it for an expiring offline token", async () => {
    const { token } = await getJwt(STORE, API_KEY, API_SECRET);
    const { session } = await authenticate.admin(embeddedRequest(token));

    expect(session.shop).toBe(SHOP);
    expect(fake.tokenExchanges).toBe(1);
    const stored = await db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(stored.refreshToken).toMatch(/^shprt_/);
    expect(stored.refreshTokenExpires!.getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    expect(stored.expires!.getTime()).toBeGreaterThan(Date.now());
    // afterAuth read the shop's details through the Admin API (validated against the real schema).
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    expect(shop).toMatchObject({
      name: "Auth Shop",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Berlin",
      planName: "Basic",
    });
  });

  it("accepts a valid bearer token for a shop with a stored session, without another exchange", async () => {
    await storeOfflineSession();
    const before = fake.tokenExchanges;
    const { token } = await getJwt(STORE, API_KEY, API_SECRET);
    const { session } = await authenticate.admin(bearerRequest(token));
    expect(session.accessToken).toBe("shpat_stored");
    expect(fake.tokenExchanges).toBe(before);
  });

  it("rejects a session token signed with another secret", async () => {
    await storeOfflineSession();
    const { token } = await getJwt(STORE, API_KEY, "not-the-app-secret");
    const response = await rejection(authenticate.admin(bearerRequest(token)));
    expect(response.status).toBe(401);
    expect(await db.shop.count()).toBe(0);
  });

  it("rejects an expired session token", async () => {
    await storeOfflineSession();
    const past = Math.floor(Date.now() / 1000) - 600;
    const { token } = await getJwt(STORE, API_KEY, API_SECRET, { exp: past, nbf: past - 60, iat: past - 60 });
    const response = await rejection(authenticate.admin(bearerRequest(token)));
    expect(response.status).toBe(401);
  });

  it("rejects a token minted for another app", async () => {
    await storeOfflineSession();
    const { token } = await getJwt(STORE, "some-other-app", API_SECRET);
    const response = await rejection(authenticate.admin(bearerRequest(token)));
    expect(response.status).toBe(401);
  });
});

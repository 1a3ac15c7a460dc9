import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { getJwt } from "@shopify/shopify-api/test-helpers";
import { afterAll, describe, expect, it } from "vitest";
import { isLoopbackAddress } from "./http";
import { fakeClock, fixtureShopify, graphql, TEST_APP, TEST_SHOP } from "./test-fixtures";

/** getJwt takes the store's name, not its domain. */
const STORE = TEST_SHOP.replace(".myshopify.com", "");

/** The real @shopify/shopify-api, its HTTP pointed at the local Shopify (its documented seam). */
function library(server: ReturnType<typeof fixtureShopify>) {
  setAbstractFetchFunc((input, init) => server.fetch(input as Request | string | URL, init));
  return shopifyApi({
    apiKey: TEST_APP.apiKey,
    apiSecretKey: TEST_APP.apiSecret,
    scopes: TEST_APP.scopes.split(","),
    hostName: "app.example",
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
}

const exchange = (body: Record<string, unknown>, server: ReturnType<typeof fixtureShopify>) =>
  server.fetch(`https://${TEST_SHOP}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      client_id: TEST_APP.apiKey,
      client_secret: TEST_APP.apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      ...body,
    }),
  });

describe("token exchange", () => {
  afterAll(() => setAbstractFetchFunc(globalThis.fetch));

  it("exchanges a valid session token through the real library; the token then works, a made-up one does not", async () => {
    const server = fixtureShopify();
    const shopify = library(server);
    const { token: sessionToken } = await getJwt(STORE, TEST_APP.apiKey, TEST_APP.apiSecret);
    const { session } = await shopify.auth.tokenExchange({
      shop: TEST_SHOP,
      sessionToken,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });
    expect(session.scope).toBe(TEST_APP.scopes);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires?.getTime()).toBeGreaterThan(Date.now() + 3590_000);

    const client = new shopify.clients.Graphql({ session });
    const response = await client.request("query ShopName { shop { name } }");
    expect(response.data).toEqual({ shop: { name: "Fixture Store" } });

    expect((await graphql(server, session.accessToken ?? "", "{ shop { name } }")).status).toBe(200);
    expect((await graphql(server, "shpat_0123456789abcdef", "{ shop { name } }")).status).toBe(401);
  });

  it("answers Shopify's expiring-token fields and refreshes with a single-use refresh token", async () => {
    const server = fixtureShopify();
    const shopify = library(server);
    const { token } = await getJwt(STORE, TEST_APP.apiKey, TEST_APP.apiSecret);
    const response = await exchange({ subject_token: token, expiring: "1" }, server);
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([
      "access_token",
      "expires_in",
      "refresh_token",
      "refresh_token_expires_in",
      "scope",
    ]);
    expect(body).toMatchObject({
      expires_in: 3600,
      refresh_token_expires_in: 7_776_000,
      scope: TEST_APP.scopes,
    });

    const { session } = await shopify.auth.refreshToken({
      shop: TEST_SHOP,
      refreshToken: String(body.refresh_token),
    });
    expect((await graphql(server, session.accessToken ?? "", "{ shop { name } }")).status).toBe(200);
    await expect(
      shopify.auth.refreshToken({ shop: TEST_SHOP, refreshToken: String(body.refresh_token) }),
    ).rejects.toThrow();
  });

  it("lets an expiring access token lapse after an hour", async () => {
    const clock = fakeClock(Date.now());
    const server = fixtureShopify({ clock: clock.now });
    const { token } = await getJwt(STORE, TEST_APP.apiKey, TEST_APP.apiSecret);
    const { access_token: accessToken } = (await (
      await exchange({ subject_token: token, expiring: "1" }, server)
    ).json()) as {
      access_token: string;
    };
    expect((await graphql(server, accessToken, "{ shop { name } }")).status).toBe(200);
    clock.advance(3601_000);
    expect((await graphql(server, accessToken, "{ shop { name } }")).status).toBe(401);
  });

  it("issues online tokens with the associated user", async () => {
    const server = fixtureShopify();
    const shopify = library(server);
    const { token } = await getJwt(STORE, TEST_APP.apiKey, TEST_APP.apiSecret);
    const { session } = await shopify.auth.tokenExchange({
      shop: TEST_SHOP,
      sessionToken: token,
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(session.isOnline).toBe(true);
    expect(session.onlineAccessInfo?.associated_user.id).toBe(12345);
  });

  it.each([
    ["signed with another secret", { secret: "not-the-secret" }, /signature/],
    ["for another app", { overrides: { aud: "another-app" } }, /audience/],
    ["expired", { overrides: { exp: Date.now() / 1000 - 60 } }, /expired/],
    ["for another shop", { overrides: { dest: "https://someone-else.myshopify.com" } }, /another shop/],
  ])(
    "refuses a session token %s",
    async (_what, { secret, overrides }: { secret?: string; overrides?: object }, reason) => {
      const server = fixtureShopify();
      const { token } = await getJwt(STORE, TEST_APP.apiKey, secret ?? TEST_APP.apiSecret, overrides);
      const response = await exchange({ subject_token: token }, server);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: string; error_description: string };
      expect(body.error).toBe("invalid_subject_token");
      expect(body.error_description).toMatch(reason);
    },
  );

  it("refuses a wrong client secret with 401", async () => {
    const server = fixtureShopify();
    const { token } = await getJwt(STORE, TEST_APP.apiKey, TEST_APP.apiSecret);
    const response = await exchange({ subject_token: token, client_secret: "guess" }, server);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });
});

describe("session tokens", () => {
  it("mints session tokens the library accepts, also over HTTP for loopback callers", async () => {
    const server = fixtureShopify();
    const shopify = library(server);
    const payload = await shopify.session.decodeSessionToken(
      server.mintSessionToken({ shop: TEST_SHOP, userId: 42 }),
    );
    expect(payload).toMatchObject({ dest: `https://${TEST_SHOP}`, aud: TEST_APP.apiKey, sub: "42" });
    expect(payload.exp - payload.iat).toBe(60);

    const listening = await server.listen();
    try {
      const response = await fetch(`${listening.url}/local/session-token?shop=${TEST_SHOP}`);
      const { token } = (await response.json()) as { token: string };
      expect((await shopify.session.decodeSessionToken(token)).sub).toBe("1");
      expect((await fetch(`${listening.url}/local/session-token?shop=other.myshopify.com`)).status).toBe(404);

      // The demo reaches the GraphQL endpoint on the loopback URL, naming the shop in a header.
      const api = await fetch(`${listening.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Shop-Domain": TEST_SHOP,
          "X-Shopify-Access-Token": server.issueAccessToken(),
        },
        body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
      });
      expect(((await api.json()) as { data: unknown }).data).toEqual({
        shop: { myshopifyDomain: TEST_SHOP },
      });
    } finally {
      await listening.close();
    }
    expect(isLoopbackAddress("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("10.0.0.7")).toBe(false);
  });
});

import { createHmac, randomBytes } from "node:crypto";
import { execute, parse, validate, type GraphQLFormattedError } from "graphql";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { adminSchema } from "./admin-schema";

/**
 * Shopify's side of the HTTP boundary for auth tests: the token-exchange endpoint and an Admin
 * GraphQL endpoint that validates every request against the real 2026-10 schema and executes it
 * over the given shop data. (The full local Shopify, with a synthetic store, replaces this.)
 */
export interface FakeShopifyOptions {
  apiKey: string;
  apiSecret: string;
  scopes: string;
  shopData: Record<string, unknown>;
}

export interface FakeShopify {
  tokenExchanges: number;
  graphqlRequests: string[];
  issuedTokens: Set<string>;
  restore(): void;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

export function installFakeShopify(options: FakeShopifyOptions): FakeShopify {
  const state: FakeShopify = {
    tokenExchanges: 0,
    graphqlRequests: [],
    issuedTokens: new Set(),
    restore: () => setAbstractFetchFunc(globalThis.fetch),
  };

  setAbstractFetchFunc(async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const body = JSON.parse(String(init?.body ?? "{}")) as Record<string, unknown>;

    if (url.pathname === "/admin/oauth/access_token") {
      if (body.client_id !== options.apiKey || body.client_secret !== options.apiSecret) {
        return json({ error: "invalid_client" }, 401);
      }
      state.tokenExchanges += 1;
      const accessToken = `shpat_${randomBytes(8).toString("hex")}`;
      state.issuedTokens.add(accessToken);
      return json({
        access_token: accessToken,
        scope: options.scopes,
        ...(body.expiring === "1"
          ? {
              expires_in: 3600,
              refresh_token: `shprt_${randomBytes(8).toString("hex")}`,
              refresh_token_expires_in: 7_776_000,
            }
          : {}),
      });
    }

    if (/^\/admin\/api\/[\d-]+\/graphql\.json$/.test(url.pathname)) {
      const token = new Headers(init?.headers).get("X-Shopify-Access-Token") ?? "";
      if (!state.issuedTokens.has(token))
        return json({ errors: "[API] Invalid API key or access token" }, 401);
      const query = String(body.query);
      state.graphqlRequests.push(query);
      let errors: readonly GraphQLFormattedError[];
      try {
        const document = parse(query);
        errors = validate(adminSchema(), document).map((error) => error.toJSON());
        if (errors.length === 0) {
          const result = await execute({
            schema: adminSchema(),
            document,
            rootValue: options.shopData,
            variableValues: body.variables as Record<string, unknown> | undefined,
          });
          return json(result);
        }
      } catch (error) {
        errors = [{ message: (error as Error).message }];
      }
      return json({ errors });
    }

    return json({ errors: `no such endpoint: ${url.pathname}` }, 404);
  });
  return state;
}

/** The X-Shopify-Hmac-Sha256 Shopify computes for a webhook body. */
export function webhookHmac(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export function webhookRequest(
  topicPath: string,
  topic: string,
  shop: string,
  payload: unknown,
  {
    secret,
    webhookId = randomBytes(8).toString("hex"),
    hmac,
  }: { secret: string; webhookId?: string; hmac?: string },
): Request {
  const body = JSON.stringify(payload);
  return new Request(`https://shelfwise.test/webhooks/${topicPath}`, {
    method: "POST",
    body,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Api-Version": "2026-10",
      "X-Shopify-Triggered-At": new Date().toISOString(),
      "X-Shopify-Hmac-Sha256": hmac ?? webhookHmac(body, secret),
    },
  });
}

export type WebhookAction = (args: {
  request: Request;
  params: object;
  context: object;
}) => Promise<Response>;

/** Delivers a webhook to a route's action; a Response it throws (401, 422) is the answer. */
export async function deliver(route: WebhookAction, request: Request): Promise<Response> {
  try {
    return await route({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/*
 * The Shopify side of embedded-app auth: session tokens (JWTs Shopify admin signs with the app
 * secret, HS256, one minute), token exchange at /admin/oauth/access_token exactly as
 * @shopify/shopify-api calls it (lib/auth/oauth/token-exchange), the refresh-token grant of
 * expiring offline tokens (lib/auth/oauth/refresh-token), and the access tokens it issued.
 */

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
  scopes: string;
}

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
const SESSION_TOKEN_SECONDS = 60;
/** the clock skew @shopify/shopify-api tolerates, and so does the exchange here */
const CLOCK_TOLERANCE_SECONDS = 10;
const EXPIRING_TOKEN_SECONDS = 3600;
const REFRESH_TOKEN_SECONDS = 7_776_000;
const ONLINE_TOKEN_SECONDS = 86_400;

const base64url = (value: Buffer | string) => Buffer.from(value).toString("base64url");

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function signJwt(payload: Record<string, unknown>, secret: string): string {
  const body = `${base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }))}.${base64url(JSON.stringify(payload))}`;
  return `${body}.${base64url(createHmac("sha256", secret).update(body).digest())}`;
}

/** The payload of an HS256 JWT signed with `secret`, or why it is not acceptable. */
function verifyJwt(token: string, secret: string): Record<string, unknown> | string {
  const [header, payload, signature] = token.split(".");
  if (!header || !payload || signature === undefined) return "the token is not a JWT";
  try {
    const { alg } = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown };
    if (alg !== "HS256") return "the token is not signed with HS256";
    const expected = base64url(createHmac("sha256", secret).update(`${header}.${payload}`).digest());
    if (!safeEqual(signature, expected)) return "the signature does not match";
    return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return "the token is not a JWT";
  }
}

interface IssuedToken {
  shop: string;
  /** epoch ms, or null for a token that does not expire */
  expiresAt: number | null;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const oauthError = (status: number, error: string, description: string) =>
  json({ error, error_description: description }, status);

async function readForm(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if ((request.headers.get("Content-Type") ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export class ShopifyAuth {
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly refreshTokens = new Map<string, IssuedToken>();

  constructor(
    private readonly app: AppCredentials,
    private readonly clock: () => number,
  ) {}

  /** A session token as Shopify admin hands it to the app's frontend. */
  mintSessionToken({ shop, userId }: { shop: string; userId: number | string }): string {
    const now = Math.floor(this.clock() / 1000);
    return signJwt(
      {
        iss: `https://${shop}/admin`,
        dest: `https://${shop}`,
        aud: this.app.apiKey,
        sub: String(userId),
        exp: now + SESSION_TOKEN_SECONDS,
        nbf: now,
        iat: now,
        jti: randomBytes(16).toString("hex"),
        sid: randomBytes(16).toString("hex"),
      },
      this.app.apiSecret,
    );
  }

  /** An access token for `shop`, as token exchange would issue (for tests and scripts). */
  issueAccessToken(shop: string, expiresInSeconds: number | null = null): string {
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    this.accessTokens.set(token, {
      shop,
      expiresAt: expiresInSeconds === null ? null : this.clock() + expiresInSeconds * 1000,
    });
    return token;
  }

  isValidAccessToken(token: string | null, shop: string): boolean {
    const issued = token ? this.accessTokens.get(token) : undefined;
    return !!issued && issued.shop === shop && (issued.expiresAt === null || issued.expiresAt > this.clock());
  }

  /** POST /admin/oauth/access_token: the token-exchange and refresh-token grants. */
  async accessTokenEndpoint(request: Request, shop: string): Promise<Response> {
    const body = await readForm(request);
    const clientId = typeof body.client_id === "string" ? body.client_id : "";
    const clientSecret = typeof body.client_secret === "string" ? body.client_secret : "";
    if (clientId !== this.app.apiKey || !safeEqual(clientSecret, this.app.apiSecret)) {
      return oauthError(
        401,
        "invalid_client",
        "Client authentication failed: unknown client or wrong client secret.",
      );
    }
    if (body.grant_type === TOKEN_EXCHANGE_GRANT) return this.exchange(body, shop);
    if (body.grant_type === "refresh_token") return this.refresh(body, shop);
    return oauthError(400, "unsupported_grant_type", "The grant type is not supported.");
  }

  private exchange(body: Record<string, unknown>, shop: string): Response {
    if (body.subject_token_type !== ID_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", "subject_token_type must be an id_token.");
    }
    const problem = this.checkSessionToken(String(body.subject_token ?? ""), shop);
    if (typeof problem === "string") return oauthError(400, "invalid_subject_token", problem);

    if (body.requested_token_type === ONLINE_TOKEN_TYPE) {
      const userId = Number(problem.sub);
      return json({
        access_token: this.issueAccessToken(shop, ONLINE_TOKEN_SECONDS),
        scope: this.app.scopes,
        expires_in: ONLINE_TOKEN_SECONDS,
        associated_user_scope: this.app.scopes,
        session: problem.sid,
        // The store has no staff accounts: a placeholder user stands for the session's user.
        associated_user: {
          id: userId,
          first_name: "Local",
          last_name: "Staff",
          email: `staff-${userId}@${shop}`,
          account_owner: true,
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      });
    }
    if (body.requested_token_type !== OFFLINE_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", "requested_token_type is not supported.");
    }
    if (body.expiring !== "1")
      return json({ access_token: this.issueAccessToken(shop), scope: this.app.scopes });
    return json(this.expiringTokens(shop));
  }

  private refresh(body: Record<string, unknown>, shop: string): Response {
    const token = typeof body.refresh_token === "string" ? body.refresh_token : "";
    const issued = this.refreshTokens.get(token);
    if (!issued || issued.shop !== shop || (issued.expiresAt ?? 0) <= this.clock()) {
      return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or already used.");
    }
    // Refresh tokens are single use: the grant rotates them.
    this.refreshTokens.delete(token);
    return json(this.expiringTokens(shop));
  }

  private expiringTokens(shop: string) {
    const refreshToken = `shprt_${randomBytes(16).toString("hex")}`;
    this.refreshTokens.set(refreshToken, { shop, expiresAt: this.clock() + REFRESH_TOKEN_SECONDS * 1000 });
    return {
      access_token: this.issueAccessToken(shop, EXPIRING_TOKEN_SECONDS),
      scope: this.app.scopes,
      expires_in: EXPIRING_TOKEN_SECONDS,
      refresh_token: refreshToken,
      refresh_token_expires_in: REFRESH_TOKEN_SECONDS,
    };
  }

  /** The session token's claims if Shopify would accept it for `shop`, else the reason. */
  private checkSessionToken(token: string, shop: string): Record<string, unknown> | string {
    const payload = verifyJwt(token, this.app.apiSecret);
    if (typeof payload === "string") return `Invalid session token: ${payload}.`;
    const now = this.clock() / 1000;
    if (payload.aud !== this.app.apiKey) return "Invalid session token: the audience is not this app.";
    if (typeof payload.exp !== "number" || payload.exp + CLOCK_TOLERANCE_SECONDS < now) {
      return "Invalid session token: the token has expired.";
    }
    if (typeof payload.nbf === "number" && payload.nbf - CLOCK_TOLERANCE_SECONDS > now) {
      return "Invalid session token: the token is not valid yet.";
    }
    if (payload.dest !== `https://${shop}`) return "Invalid session token: the token is for another shop.";
    return payload;
  }
}

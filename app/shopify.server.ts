import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { db } from "./db.server";
import { routeShopifyTrafficToLocalShopify } from "./demo.server";
import { env } from "./env.server";
import { scheduleSyncs } from "./jobs/handlers.server";
import { recordInstall } from "./models/shop.server";

export const API_VERSION = ApiVersion.October26;

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES,
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  logger: { level: config.NODE_ENV === "test" ? LogSeverity.Error : LogSeverity.Info },
  future: {
    // Embedded auth by token exchange (no OAuth redirects inside the iframe), and offline tokens
    // that expire and are refreshed, as Shopify now issues them to new public apps.
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await recordInstall(db, admin.graphql, session.shop, session.scope);
      await scheduleSyncs(db, session.shop);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

routeShopifyTrafficToLocalShopify();

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;

import type { AdminApiContext } from "@shopify/shopify-app-remix/server";

/** The Admin GraphQL client that domain code receives as a parameter (never a global). */
export type AdminGraphql = AdminApiContext["graphql"];

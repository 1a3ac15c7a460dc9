import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

// Types for every `#graphql` document in the app, generated offline from the schema file that
// `npm run graphql:schema` extracts from @shopify/dev-mcp (the same file the schema test uses).
export default {
  schema: "https://shopify.dev/admin-graphql-direct-proxy/2026-10",
  documents: ["./app/**/*.{js,ts,jsx,tsx}", "./extensions/**/*.{js,ts,jsx,tsx,graphql}"],
  projects: {
    default: shopifyApiProject({
      apiType: ApiType.Admin,
      apiVersion: "2026-10",
      documents: ["./app/**/*.{js,ts,jsx,tsx}", "./extensions/**/*.{js,ts,jsx,tsx,graphql}"],
      outputDir: "./app/types",
    }),
  },
};

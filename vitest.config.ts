import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // One graphql module instance, or schema objects from two copies fail instanceof checks.
    alias: { graphql: path.resolve(import.meta.dirname, "node_modules/graphql/index.js") },
  },
  test: {
    include: ["app/**/*.test.{ts,tsx}", "scripts/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test-support/global-setup.ts"],
    setupFiles: ["test-support/setup-file.ts"],
    env: {
      SHOPIFY_API_KEY: "test-api-key",
      SHOPIFY_API_SECRET: "test-api-secret",
      SHOPIFY_APP_URL: "https://shelfwise.test",
      NODE_ENV: "test",
    },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

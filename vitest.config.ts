import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // One graphql module instance, or schema objects from two copies fail instanceof checks.
    alias: { graphql: path.resolve(import.meta.dirname, "node_modules/graphql/index.js") },
  },
  test: {
    globalSetup: ["test-support/global-setup.ts"],
    env: {
      SHOPIFY_API_KEY: "test-api-key",
      SHOPIFY_API_SECRET: "test-api-secret",
      SHOPIFY_APP_URL: "https://shelfwise.test",
      NODE_ENV: "test",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.{ts,tsx}", "local-shopify/**/*.test.ts", "test/*.test.ts"],
          setupFiles: ["test-support/setup-file.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Drives Debian's Chromium against the production build (`npm run build` first).
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.browser.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { describe, expect, it } from "vitest";
import { EnvError, REQUIRED_SCOPES, parseEnv } from "./env.server";

const valid = {
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "https://shelfwise.example",
};

function problemsOf(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("fills in the embedded defaults: SQLite and the app's scopes", () => {
    const env = parseEnv(valid);
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.sqlite");
    expect(env.SCOPES).toEqual([...REQUIRED_SCOPES]);
  });

  it("takes a PostgreSQL URL and the scopes the Shopify CLI passes", () => {
    const env = parseEnv({
      ...valid,
      DATABASE_URL: "postgresql://u@db:5432/shelfwise",
      SCOPES: "read_products, read_orders",
    });
    expect(env.DATABASE_URL).toBe("postgresql://u@db:5432/shelfwise");
    expect(env.SCOPES).toEqual(["read_products", "read_orders"]);
  });

  it("names each missing variable", () => {
    expect(problemsOf({})).toEqual([
      "SHOPIFY_API_KEY is missing",
      "SHOPIFY_API_SECRET is missing",
      "SHOPIFY_APP_URL is missing",
    ]);
    expect(problemsOf({ ...valid, SHOPIFY_API_SECRET: "" })).toEqual(["SHOPIFY_API_SECRET is missing"]);
  });

  it("names each malformed variable and says what it should be", () => {
    const problems = problemsOf({
      ...valid,
      SHOPIFY_APP_URL: "shelfwise.example",
      DATABASE_URL: "mysql://x",
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^SHOPIFY_APP_URL is malformed: must be an http\(s\) URL/);
    expect(problems[1]).toMatch(/^DATABASE_URL is malformed: must start with file:/);
    expect(() => parseEnv({})).toThrow(/Shelfwise cannot start: SHOPIFY_API_KEY is missing/);
  });

  describe("demo mode", () => {
    const demo = {
      ...valid,
      SHOPIFY_APP_URL: "http://localhost:3000",
      SHELFWISE_DEMO: "1",
      LOCAL_SHOPIFY_URL: "http://127.0.0.1:3457",
      DEMO_SHOP: "sample-store.myshopify.com",
    };

    it("is off unless asked for", () => {
      expect(parseEnv(valid).SHELFWISE_DEMO).toBe(false);
      expect(parseEnv(demo).SHELFWISE_DEMO).toBe(true);
    });

    it("is refused with NODE_ENV=production", () => {
      expect(problemsOf({ ...demo, NODE_ENV: "production" })).toEqual([
        "SHELFWISE_DEMO demo mode is refused with NODE_ENV=production",
      ]);
    });

    it("is refused off the loopback interface", () => {
      expect(problemsOf({ ...demo, LOCAL_SHOPIFY_URL: "http://10.0.0.5:3457" })).toEqual([
        "LOCAL_SHOPIFY_URL must be a loopback address in demo mode",
      ]);
      expect(problemsOf({ ...demo, SHOPIFY_APP_URL: "https://shelfwise.example" })).toEqual([
        "SHOPIFY_APP_URL must be a loopback address in demo mode",
      ]);
    });
  });
});

import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { REQUIRED_SCOPES } from "../app/env.server";

const root = path.resolve(import.meta.dirname, "..");
const toml = parse(readFileSync(path.join(root, "shopify.app.toml"), "utf8")) as {
  access_scopes: { scopes: string };
  webhooks: {
    api_version: string;
    subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }>;
  };
};

// Remix flat routes: /webhooks/app/uninstalled is app/routes/webhooks.app.uninstalled.tsx
const routeFileFor = (uri: string) =>
  path.join(root, "app/routes", `${uri.replace(/^\//, "").split("/").join(".")}.tsx`);

describe("shopify.app.toml", () => {
  it("declares exactly the scopes the app asks for", () => {
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual([...REQUIRED_SCOPES].sort());
  });

  it("subscribes to webhooks on the app's API version, each with its own existing route", () => {
    expect(toml.webhooks.api_version).toBe("2026-10");
    const uris = toml.webhooks.subscriptions.map((subscription) => subscription.uri);
    expect(new Set(uris).size).toBe(uris.length);
    for (const uri of uris) expect(existsSync(routeFileFor(uri)), `${uri} has no route`).toBe(true);
  });

  it("declares every webhook route and the three compliance topics", () => {
    const declared = new Set(
      toml.webhooks.subscriptions.map((subscription) => routeFileFor(subscription.uri)),
    );
    const routes = readdirSync(path.join(root, "app/routes"))
      .filter((file) => file.startsWith("webhooks.") && !file.includes(".test."))
      .map((file) => path.join(root, "app/routes", file));
    expect(routes.filter((route) => !declared.has(route))).toEqual([]);
    const compliance = toml.webhooks.subscriptions.flatMap(
      (subscription) => subscription.compliance_topics ?? [],
    );
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });
});

describe("the app's boundaries", () => {
  it("never imports the local Shopify, which exists for the demo and the tests only", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.includes(".test.")) {
          if (/from\s+["'][^"']*local-shopify/.test(readFileSync(full, "utf8"))) offenders.push(full);
        }
      }
    };
    walk(path.join(root, "app"));
    expect(offenders).toEqual([]);
  });
});

import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db-client.server";
import { REQUIRED_SCOPES } from "../../app/env.server";
import {
  launchChromium,
  startAppServer,
  type AppServer,
  freshDatabase,
  seedInstalledSession,
  openEmbedded,
} from "../../test-support/browser";

const API_KEY = "browser-api-key";
const API_SECRET = "browser-api-secret";
const STORE = "shell-shop";
const SHOP = `${STORE}.myshopify.com`;
const databaseFile = path.resolve(import.meta.dirname, "../../tmp/browser-shell.sqlite");

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const db = freshDatabase(databaseFile);
  await seedInstalledSession(db, SHOP);
  await db.shop.create({
    data: {
      domain: SHOP,
      name: "Shell Shop",
      currencyCode: "CAD",
      ianaTimezone: "America/Toronto",
      planName: "Grow",
    },
  });
  await db.$disconnect();

  server = await startAppServer({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    DATABASE_URL: `file:${databaseFile}`,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function openApp(): Promise<Page> {
  const { page, status } = await openEmbedded(browser, server, {
    store: STORE,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
  });
  expect(status, server.output()).toBe(200);
  return page;
}

describe("the app shell without App Bridge", () => {
  it("renders the dashboard with the shop's details and navigates every page from its own menu", async () => {
    const page = await openApp();
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Dashboard");
    await expect
      .poll(() => page.getByText("Currency: CAD · Time zone: America/Toronto").isVisible())
      .toBe(true);

    const menu = page.getByRole("navigation", { name: "Shelfwise" });
    for (const [label, heading, path] of [
      ["Products", "Products", "/app/products"],
      ["Suggestions", "Suggestions", "/app/suggestions"],
      ["Segments", "Customer segments", "/app/segments"],
      ["Activity", "Activity", "/app/activity"],
      ["Sync", "Sync", "/app/sync"],
      ["Settings", "Settings", "/app/settings"],
      ["Dashboard", "Dashboard", "/app"],
    ] as const) {
      await menu.getByRole("link", { name: label, exact: true }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(path);
      await expect.poll(() => page.locator("h1").first().textContent()).toBe(heading);
      expect(await menu.getByRole("link", { name: label, exact: true }).getAttribute("aria-current")).toBe(
        "page",
      );
    }
    await page.close();
  });

  it("shows the scopes the shop granted on the settings page", async () => {
    const page = await openApp();
    await page.getByRole("navigation", { name: "Shelfwise" }).getByRole("link", { name: "Settings" }).click();
    await expect.poll(() => page.getByText("read_all_orders").isVisible()).toBe(true);
    expect(await page.getByText("Not granted").count()).toBe(0);
    expect(await page.getByText("Granted", { exact: true }).count()).toBe(REQUIRED_SCOPES.length);
    await page.close();
  });

  it("saves analysis thresholds and suggestion settings, refusing nonsense field by field", async () => {
    const page = await openApp();
    await page.getByRole("navigation", { name: "Shelfwise" }).getByRole("link", { name: "Settings" }).click();
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Settings");

    const slowShare = page.getByLabel("Slow mover: share of category rate");
    await slowShare.fill("400");
    await page.getByRole("button", { name: "Save thresholds" }).click();
    await expect.poll(() => page.getByText("Between 1 and 100").isVisible()).toBe(true);
    await slowShare.fill("25");
    await page.getByRole("button", { name: "Save thresholds" }).click();
    await expect.poll(() => page.getByText("Thresholds saved").isVisible()).toBe(true);

    await page.getByLabel("Lowest margin a suggested price may leave").fill("-3");
    await page.getByText("Only the staff listed").click();
    await page.getByRole("button", { name: "Save suggestion settings" }).click();
    await expect.poll(() => page.getByText("Between 0 and 95").isVisible()).toBe(true);
    expect(
      await page.getByText("List at least one staff id or email, or let all staff approve").count(),
    ).toBe(1);
    await page.getByLabel("Lowest margin a suggested price may leave").fill("30");
    // A list without the signed-in staff member (getJwt's 12345) would lock them out.
    await page.getByLabel("Staff allowed to approve").fill("42\nana@example.com");
    await page.getByRole("button", { name: "Save suggestion settings" }).click();
    await expect
      .poll(() => page.getByText("Include yourself (12345)", { exact: false }).isVisible())
      .toBe(true);
    await page.getByLabel("Staff allowed to approve").fill("42\nana@example.com\n12345");
    await page.getByRole("button", { name: "Save suggestion settings" }).click();
    await expect.poll(() => page.getByText("Suggestion settings saved").isVisible()).toBe(true);
    await page.close();

    const db = createDb(`file:${databaseFile}`);
    const shop = await db.shop.findUniqueOrThrow({ where: { domain: SHOP } });
    await db.$disconnect();
    expect(JSON.parse(shop.analysisSettings ?? "{}")).toEqual({ slowRatio: 0.25 });
    expect(JSON.parse(shop.suggestionSettings ?? "{}")).toMatchObject({
      minMarginPercent: 30,
      approvers: ["42", "ana@example.com", "12345"],
    });
  });
});

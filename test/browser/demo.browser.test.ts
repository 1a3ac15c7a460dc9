import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemo, type RunningDemo } from "../../scripts/demo";
import { BROWSER_USER_AGENT, freePort, launchChromium } from "../../test-support/browser";

const screenshots = path.resolve(import.meta.dirname, "../../tmp/screenshots");
let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  demo = await startDemo({
    port: await freePort(),
    databaseFile: path.resolve(import.meta.dirname, "../../tmp/demo-browser.sqlite"),
    products: 60,
    log: () => {},
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

describe("npm run demo", () => {
  it("signs in through token exchange with the local Shopify and renders Polaris pages", async () => {
    const page = await browser.newPage({ userAgent: BROWSER_USER_AGENT });
    await page.goto(demo.appUrl);
    await expect.poll(() => page.locator("h1").first().textContent(), { timeout: 20_000 }).toBe("Dashboard");
    expect(await page.locator(".Polaris-Page").count()).toBeGreaterThan(0);
    // The shop's details came from the local Shopify through the app's afterAuth query.
    await expect.poll(() => page.getByText("Currency: USD").isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, "demo-dashboard.png"), fullPage: true });

    // Client-side navigation: the loader fetch carries a fresh session token.
    await page.getByRole("navigation", { name: "Shelfwise" }).getByRole("link", { name: "Settings" }).click();
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Settings");
    expect(await page.getByText("Granted", { exact: true }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, "demo-settings.png"), fullPage: true });
    await page.close();
  });

  it("syncs the sample store in the background after sign-in, then analyses it for the Dashboard", async () => {
    const page = await browser.newPage({ userAgent: BROWSER_USER_AGENT });
    await page.goto(demo.appUrl);
    await expect.poll(() => page.locator("h1").first().textContent(), { timeout: 20_000 }).toBe("Dashboard");
    await page.getByRole("navigation", { name: "Shelfwise" }).getByRole("link", { name: "Sync" }).click();
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Sync");
    // The page refreshes itself while the sync runs.
    await expect
      .poll(() => page.getByText("completed", { exact: true }).count(), { timeout: 45_000, interval: 1_000 })
      .toBe(4);
    expect(await page.getByText(/^Last synced /).count()).toBe(4);
    await page.screenshot({ path: path.join(screenshots, "demo-sync.png"), fullPage: true });
    await page
      .getByRole("navigation", { name: "Shelfwise" })
      .getByRole("link", { name: "Dashboard" })
      .click();
    // The sync queued an analysis; the Dashboard refreshes itself until its results are in.
    const findings = page.getByRole("list", { name: "Flagged products by finding" });
    await expect.poll(() => findings.isVisible(), { timeout: 45_000, interval: 1_000 }).toBe(true);
    await expect.poll(() => page.getByText(/^As of [A-Z][a-z]{2} \d{1,2}, \d{4}/).count()).toBe(1);
    await page.screenshot({ path: path.join(screenshots, "demo-analysis.png"), fullPage: true });
    await page.close();
  });

  it("refuses the demo's token endpoint for another shop", async () => {
    const response = await fetch(
      `${demo.appUrl.replace("localhost", "127.0.0.1")}/demo/session-token?shop=other.myshopify.com`,
    );
    expect(response.status).toBe(404);
  });
});

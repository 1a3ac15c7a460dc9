import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../app/db-client.server";
import { startDemo, type RunningDemo } from "../../scripts/demo";
import { BROWSER_USER_AGENT, freePort, launchChromium } from "../../test-support/browser";

/*
 * The whole loop as a member of staff lives it, on the demo: the app behind a local Shopify.
 * Sign in, wait for sync, analysis and suggestions, approve a markdown, see it applied (and the
 * price changed in the local Shopify), revert it (the old price back), and find both in Activity.
 */

const screenshots = path.resolve(import.meta.dirname, "../../tmp/screenshots");
const databaseFile = path.resolve(import.meta.dirname, "../../tmp/demo-suggestions.sqlite");
let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  demo = await startDemo({ port: await freePort(), databaseFile, products: 60, log: () => {} });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** One call to the local Shopify's Admin API with the app's own token (from the demo's database). */
async function adminApi<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const db = createDb(`file:${databaseFile}`);
  const session = await db.session.findFirstOrThrow({ where: { shop: demo.shop } });
  await db.$disconnect();
  const response = await fetch(`${demo.localShopifyUrl}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Access-Token": session.accessToken,
      "X-Shopify-Shop-Domain": demo.shop,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`Admin API: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const shopifyPrice = async (variantId: string) =>
  (
    await adminApi<{ productVariant: { price: string } }>(
      "query VariantPrice($id: ID!) { productVariant(id: $id) { price } }",
      { id: variantId },
    )
  ).productVariant.price;

/** The merchant edits the price in Shopify admin after the suggestion was applied. */
async function setShopifyPrice(productId: string, variantId: string, price: string) {
  const data = await adminApi<{ productVariantsBulkUpdate: { userErrors: Array<{ message: string }> } }>(
    `mutation SetPrice($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
      productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { message } }
    }`,
    { productId, variants: [{ id: variantId, price }] },
  );
  expect(data.productVariantsBulkUpdate.userErrors).toEqual([]);
}

/** The first markdown's id and its first variant's before and after prices, from the app's database. */
async function firstMarkdown(): Promise<{
  id: string;
  title: string;
  productId: string;
  variantId: string;
  before: number;
  after: number;
}> {
  const db = createDb(`file:${databaseFile}`);
  const row = await db.suggestion.findFirstOrThrow({
    where: { shop: demo.shop, kind: "markdown", status: "proposed" },
    orderBy: [{ stakeMinor: "desc" }, { createdAt: "desc" }, { id: "asc" }],
  });
  await db.$disconnect();
  const proposal = JSON.parse(row.proposal) as {
    assumed: { variants: Array<{ variantId: string; productId: string; priceMinor: number }> };
    changes: { variants: Array<{ variantId: string; priceMinor: number }> };
  };
  const change = proposal.changes.variants[0]!;
  const before = proposal.assumed.variants.find((variant) => variant.variantId === change.variantId)!;
  return {
    id: row.id,
    title: row.title,
    productId: before.productId,
    variantId: change.variantId,
    before: before.priceMinor,
    after: change.priceMinor,
  };
}

const rows = (page: Page) => page.locator("table tbody tr");
const nav = (page: Page, label: string) =>
  page.getByRole("navigation", { name: "Shelfwise" }).getByRole("link", { name: label, exact: true }).click();

describe("suggestions on the demo", () => {
  it(
    "approves a markdown, applies it in the local Shopify, reverts it, and shows both in Activity",
    { timeout: 240_000 },
    async () => {
      const page = await browser.newPage({ userAgent: BROWSER_USER_AGENT });
      await page.goto(demo.appUrl);
      await expect
        .poll(() => page.locator("h1").first().textContent(), { timeout: 20_000 })
        .toBe("Dashboard");

      // Sync, then analysis, then suggestions: reopen the queue until markdowns are proposed.
      await nav(page, "Suggestions");
      await expect.poll(() => page.locator("h1").first().textContent()).toBe("Suggestions");
      await page.getByLabel("Type").selectOption("markdown");
      await expect
        .poll(
          async () => {
            await page.reload();
            return rows(page)
              .filter({ has: page.getByRole("link") })
              .count();
          },
          { timeout: 150_000, interval: 3_000 },
        )
        .toBeGreaterThan(0);

      const markdown = await firstMarkdown();
      const major = (minor: number) => (minor / 100).toFixed(2);
      expect(await shopifyPrice(markdown.variantId)).toBe(major(markdown.before));

      // Approve it in the queue, through the confirmation.
      await rows(page).filter({ hasText: markdown.title }).first().locator("td").first().click();
      await page.getByRole("button", { name: "Approve", exact: true }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Approve" }).click();
      await expect
        .poll(() => page.getByText("Applied approved suggestions: 1 of 1 done").isVisible(), {
          timeout: 30_000,
        })
        .toBe(true);
      expect(await page.getByText("1 applied.").isVisible()).toBe(true);
      await page.screenshot({ path: path.join(screenshots, "suggestions-applied.png"), fullPage: true });
      expect(await shopifyPrice(markdown.variantId)).toBe(major(markdown.after));

      // Revert from the detail page: the local Shopify has the old price again.
      await page.getByLabel("Status").selectOption("applied");
      await page.getByRole("link", { name: markdown.title }).click();
      await expect.poll(() => page.locator("h1").first().textContent()).toBe(markdown.title);
      // The merchant changed the price since: revert shows the difference and asks first.
      await setShopifyPrice(markdown.productId, markdown.variantId, "1.23");
      await page.getByRole("button", { name: "Revert" }).click();
      const dialog = page.getByRole("dialog");
      await expect.poll(() => dialog.getByText("Revert over later changes?").isVisible()).toBe(true);
      expect(await dialog.locator("tbody tr").first().locator("td, th").allTextContents()).toEqual([
        expect.any(String),
        "Price",
        major(markdown.after),
        "1.23",
      ]);
      expect(await shopifyPrice(markdown.variantId)).toBe("1.23");
      await dialog.getByRole("button", { name: "Revert anyway" }).click();
      await expect
        .poll(() => page.getByText("Reverted: the store has its earlier values again.").isVisible(), {
          timeout: 20_000,
        })
        .toBe(true);
      expect(await shopifyPrice(markdown.variantId)).toBe(major(markdown.before));
      const history = page.getByRole("list", { name: "History" }).getByRole("listitem");
      await expect
        .poll(async () => (await history.allTextContents()).map((text) => text.split(" by ")[0]))
        .toEqual(["Reverted", "Applied", "Apply started", "Approved", "Proposed"]);
      await page.screenshot({ path: path.join(screenshots, "suggestions-reverted.png"), fullPage: true });

      // Activity: every step, newest first, by the signed-in member of staff.
      await nav(page, "Activity");
      const ours = rows(page).filter({ hasText: markdown.title });
      await expect
        .poll(async () => (await ours.allTextContents()).length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(4);
      const actions = await ours.locator("td:nth-child(3)").allTextContents();
      expect(actions.slice(0, 4)).toEqual(["Reverted", "Applied", "Apply started", "Approved"]);
      expect(await ours.first().locator("td:nth-child(2)").textContent()).toMatch(/^Staff member \d+$/);
      await page.screenshot({ path: path.join(screenshots, "suggestions-activity.png"), fullPage: true });
      await page.close();
    },
  );
});

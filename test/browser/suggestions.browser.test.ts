import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../app/db-client.server";
import type { Outcome, Proposal } from "../../app/suggestions/types";
import { productGid, variantGid } from "../../test-support/analysis-results";
import {
  launchChromium,
  startAppServer,
  type AppServer,
  freshDatabase,
  seedInstalledSession,
  openEmbedded,
} from "../../test-support/browser";

/*
 * The Suggestions, suggestion detail and Activity pages on seeded suggestions, without App Bridge.
 * Approve and reject go through the real workflow (the session token's user is getJwt's 12345).
 * Apply and revert against a local Shopify are in suggestions-demo.browser.test.ts.
 */

const API_KEY = "suggestions-key";
const API_SECRET = "suggestions-secret";
const STORE = "queue-shop";
const SHOP = `${STORE}.myshopify.com`;
const RIVAL = "rival-queue.myshopify.com";
const STAFF = "Staff member 12345";
const databaseFile = path.resolve(import.meta.dirname, "../../tmp/browser-suggestions.sqlite");

const AT = new Date("2026-03-01T15:00:00Z");

function markdown(id: number, priceMinor: number, p50: number): Proposal {
  return {
    kind: "markdown",
    key: `markdown:${productGid(id)}`,
    fingerprint: `f${id}`,
    productIds: [productGid(id)],
    variantIds: [variantGid(id * 10)],
    currencyCode: "EUR",
    title: `Mark down Board ${id} by 20 %`,
    rationale: `Board ${id} sold 2 in 90 days; 20 % off should clear its stock.`,
    evidence: {
      flags: [
        {
          kind: "slow_mover",
          productId: productGid(id),
          variantId: null,
          confidence: 0.91,
          summary: `Board ${id} sells 0.02 a day where similar boards sell 0.3.`,
        },
      ],
      numbers: { elasticity: -1.8, stockValueMinor: 40_000, exposureDays: 90 },
    },
    assumed: {
      variants: [
        { variantId: variantGid(id * 10), productId: productGid(id), priceMinor, compareAtPriceMinor: null },
      ],
      products: [],
    },
    changes: {
      clearance: false,
      variants: [
        {
          variantId: variantGid(id * 10),
          priceMinor: Math.round(priceMinor * 0.8),
          compareAtPriceMinor: priceMinor,
          step: 20,
        },
      ],
    },
    impact: {
      kind: "estimated",
      p10: -2_000,
      p50,
      p90: p50 * 3,
      probabilityPositive: 0.78,
      horizonDays: 60,
      note: "Simulated sales at the new price over 60 days.",
    },
    stakeMinor: 10_000 * id,
    alternativeKeys: [],
  };
}

const content: Proposal = {
  kind: "content",
  key: `content:${productGid(4)}`,
  fingerprint: "c4",
  productIds: [productGid(4)],
  variantIds: [],
  currencyCode: "EUR",
  title: "Write an SEO title and description for Board 4",
  rationale: "Board 4 has no SEO description.",
  evidence: { flags: [], numbers: {} },
  assumed: {
    variants: [],
    products: [
      { productId: productGid(4), seoTitle: null, seoDescription: null, status: "ACTIVE", tags: [] },
    ],
  },
  changes: { seoTitle: "Board 4 | Snowboards", seoDescription: "A stiff all-mountain board.", missing: [] },
  impact: { kind: "directional", note: "Content changes cannot be priced from sales alone." },
  stakeMinor: 500,
  alternativeKeys: [],
};

const outcome: Outcome = {
  label: "worked",
  metrics: [
    {
      metric: "gross_profit",
      effect: 1.3,
      interval: [1.1, 1.5],
      label: "worked",
      treatedBefore: 10,
      treatedAfter: 20,
      controlsBefore: 100,
      controlsAfter: 104,
      minimumDetectableEffect: 1.2,
    },
  ],
  placeboEffects: [1.01, 0.98],
  summary: "Gross profit rose against similar untouched boards.",
};

async function seedShop(db: Db, shop: string, title: (id: number) => string) {
  await db.shop.create({
    data: { domain: shop, name: shop, currencyCode: "EUR", ianaTimezone: "Europe/Berlin", planName: "Grow" },
  });
  for (const id of [1, 2, 3, 4, 5]) {
    await db.product.create({
      data: {
        shop,
        id: productGid(id),
        title: title(id),
        handle: `board-${id}`,
        status: "ACTIVE",
        productType: "Snowboard",
        vendor: "Acme",
        tags: "",
        descriptionHtml: "",
        mediaCount: 1,
        totalInventory: 5,
        createdAt: AT,
        updatedAt: AT,
        syncedAt: AT,
      },
    });
    await db.variant.create({
      data: {
        shop,
        id: variantGid(id * 10),
        productId: productGid(id),
        title: `${150 + id} cm`,
        priceMinor: 50_000,
        inventoryQuantity: 5,
        createdAt: AT,
        syncedAt: AT,
      },
    });
  }
}

async function insertSuggestion(db: Db, shop: string, id: string, proposal: Proposal, status = "proposed") {
  await db.suggestion.create({
    data: {
      id,
      shop,
      key: proposal.key,
      fingerprint: proposal.fingerprint,
      kind: proposal.kind,
      status,
      title: proposal.title,
      rationale: proposal.rationale,
      productIds: JSON.stringify(proposal.productIds),
      currencyCode: proposal.currencyCode,
      stakeMinor: BigInt(proposal.stakeMinor),
      proposal: JSON.stringify(proposal),
      outcome: status === "applied" ? JSON.stringify(outcome) : null,
      appliedAt: status === "applied" ? new Date("2026-03-10T09:00:00Z") : null,
      createdAt: AT,
    },
  });
  await db.suggestionEvent.create({
    data: { shop, suggestionId: id, action: "proposed", toStatus: "proposed", at: AT },
  });
}

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const db = freshDatabase(databaseFile);
  await seedInstalledSession(db, SHOP);
  await seedShop(db, SHOP, (id) => `Board ${id}`);
  await seedShop(db, RIVAL, (id) => `Rival board ${id}`);
  await insertSuggestion(db, SHOP, "s-board-1", markdown(1, 50_000, 12_000));
  await insertSuggestion(db, SHOP, "s-board-2", markdown(2, 40_000, 8_000));
  await insertSuggestion(db, SHOP, "s-board-3", markdown(3, 30_000, 6_000));
  await insertSuggestion(db, SHOP, "s-content-4", content);
  await insertSuggestion(db, SHOP, "s-board-5", markdown(5, 20_000, 4_000), "applied");
  await db.suggestionEvent.create({
    data: {
      shop: SHOP,
      suggestionId: "s-board-5",
      action: "applied",
      fromStatus: "applying",
      toStatus: "applied",
      staffId: "777",
      staffName: "Ada Lovelace",
      detail: "Price of 1 variant changed.",
      at: new Date("2026-03-10T09:00:00Z"),
    },
  });
  // An "Apply now" whose request died a while ago, leaving it applying.
  await insertSuggestion(db, SHOP, "s-board-6", markdown(6, 10_000, 2_000), "applying");
  await db.suggestion.update({ where: { id: "s-board-6" }, data: { updatedAt: AT } });
  // A revert whose request died a while ago, leaving it reverting.
  await insertSuggestion(db, SHOP, "s-board-7", markdown(7, 10_000, 2_000), "reverting");
  await db.suggestion.update({ where: { id: "s-board-7" }, data: { updatedAt: AT } });
  // The rival's suggestion is worth the most: it would lead the queue if scoping failed.
  await insertSuggestion(db, RIVAL, "s-rival", { ...markdown(1, 90_000, 50_000), stakeMinor: 9_000_000 });
  await db.$disconnect();

  server = await startAppServer({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    DATABASE_URL: `file:${databaseFile}`,
    // Nothing is applied in the background: approved suggestions stay approved for these checks.
    JOB_WORKER: "off",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens an app URL the way the admin's first load does (session token in the query). */
async function open(appPath: string, expectedStatus = 200): Promise<Page> {
  const app = { store: STORE, apiKey: API_KEY, apiSecret: API_SECRET };
  const { page, status } = await openEmbedded(browser, server, app, appPath);
  expect(status, server.output()).toBe(expectedStatus);
  return page;
}

const rows = (page: Page) => page.locator("table tbody tr");
const titles = (page: Page) =>
  rows(page)
    .locator("td:nth-child(2) a")
    .allTextContents()
    .then((texts) => texts.map((text) => text.trim()));
const rowOf = (page: Page, title: string) => rows(page).filter({ hasText: title });

/** Ticks a row's checkbox (Polaris draws its own over a hidden input). */
const select = (page: Page, title: string) => rowOf(page, title).locator("td").first().click();

describe("suggestions list", () => {
  it("opens on proposed suggestions by money at stake, with impact, money in euros and the shop's time", async () => {
    const page = await open("/app/suggestions");
    await expect
      .poll(() => titles(page))
      .toEqual([
        "Mark down Board 3 by 20 %",
        "Mark down Board 2 by 20 %",
        "Mark down Board 1 by 20 %",
        "Write an SEO title and description for Board 4",
      ]);
    const first = (await rowOf(page, "Board 3 by").locator("td").allTextContents()).slice(1);
    expect(first).toEqual([
      "Mark down Board 3 by 20 %",
      "Markdown",
      // the badge's tone is read out first to screen readers
      "InfoProposed",
      "Board 3",
      "+€60.00 (−€20.00 to +€180.00)",
      "€300.00",
      // 15:00 UTC is 16:00 in Berlin
      "Mar 1, 2026, 4:00 PM GMT+1",
    ]);
    expect(await rowOf(page, "SEO title").locator("td").nth(5).textContent()).toBe("Directional");
    await page.close();
  });

  it("filters by type and status in the URL", async () => {
    const page = await open("/app/suggestions");
    await page.getByLabel("Type").selectOption("content");
    await expect.poll(() => titles(page)).toEqual(["Write an SEO title and description for Board 4"]);
    expect(new URL(page.url()).searchParams.get("kind")).toBe("content");
    await page.getByLabel("Type").selectOption("");
    await expect.poll(() => rows(page).count()).toBe(4);
    await page.getByLabel("Status").selectOption("applied");
    await expect.poll(() => titles(page)).toEqual(["Mark down Board 5 by 20 %"]);
    // The admin context stays in the URL for the next request's authentication.
    expect(new URL(page.url()).searchParams.get("shop")).toBe(SHOP);
    await page.close();
  });

  it("rejects only with a reason, then shows it in Activity", async () => {
    const page = await open("/app/suggestions");
    await expect.poll(() => rows(page).count()).toBe(4);
    await select(page, "SEO title");
    await page.getByRole("button", { name: "Reject", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByText("Reject 1 suggestion?").isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Reject" }).click();
    await expect
      .poll(() => dialog.getByText("Say why these suggestions are rejected.").isVisible())
      .toBe(true);
    await dialog.getByLabel("Reason").fill("We rewrite SEO texts ourselves.");
    await dialog.getByRole("button", { name: "Reject" }).click();
    await expect.poll(() => page.getByText("Rejected 1 suggestion.").isVisible()).toBe(true);
    await expect.poll(() => rows(page).count()).toBe(3);

    await page.getByRole("navigation", { name: "Shelfwise" }).getByRole("link", { name: "Activity" }).click();
    const rejected = rows(page).filter({ hasText: "Rejected" }).first();
    await expect.poll(() => rejected.isVisible()).toBe(true);
    expect((await rejected.locator("td").allTextContents()).slice(1)).toEqual([
      STAFF,
      "Rejected",
      "Write an SEO title and description for Board 4",
      "Proposed → Rejected",
      "We rewrite SEO texts ourselves.",
    ]);
    await page.close();
  });

  it("approves the selected suggestions after a confirmation", async () => {
    const page = await open("/app/suggestions?kind=markdown");
    await expect.poll(() => rows(page).count()).toBe(3);
    await select(page, "Board 1 by");
    await select(page, "Board 2 by");
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByText("Approve 2 suggestions?").isVisible()).toBe(true);
    await dialog.getByRole("button", { name: "Approve" }).click();
    await expect
      .poll(() => page.getByText("Approved 2 suggestions; applying them to your store.").isVisible())
      .toBe(true);
    await expect.poll(() => titles(page)).toEqual(["Mark down Board 3 by 20 %"]);
    // The job worker is off here: the apply job stays queued and the page shows it waiting.
    await expect
      .poll(() => page.getByText("Applying approved suggestions: 0 of 2 done").isVisible())
      .toBe(true);
    expect(new URL(page.url()).searchParams.get("applyJob")).toMatch(/^[\w-]+$/);
    await page.getByLabel("Status").selectOption("approved");
    await expect.poll(() => titles(page)).toEqual(["Mark down Board 2 by 20 %", "Mark down Board 1 by 20 %"]);
    await page.close();
  });
});

describe("suggestion detail", () => {
  it("shows before and after, impact, evidence, outcome and history", async () => {
    const page = await open("/app/suggestions/s-board-5");
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Mark down Board 5 by 20 %");
    const changes = page.locator("table").first();
    expect(await changes.locator("tbody tr").first().locator("td, th").allTextContents()).toEqual([
      "Board 5 · 155 cm",
      "Price (20 % off)",
      "€200.00",
      "€160.00",
    ]);
    await expect
      .poll(() =>
        page
          .getByText(
            "Expected change in gross profit over 60 days: +€40.00 (median), between −€20.00 and +€120.00 in 8 of 10 simulations.",
          )
          .isVisible(),
      )
      .toBe(true);
    expect(await page.getByText("Chance the change is positive: 78%.").isVisible()).toBe(true);
    expect(await page.getByText("Board 5 sells 0.02 a day where similar boards sell 0.3.").isVisible()).toBe(
      true,
    );
    expect(await page.getByText("€400.00").isVisible()).toBe(true);
    expect(await page.getByText("Worked", { exact: true }).isVisible()).toBe(true);
    expect(
      await page
        .getByText(
          "Gross profit: +30% against similar untouched products (95 % interval +10% to +50%); worked. The smallest change these sales could reliably detect is about 20%.",
        )
        .isVisible(),
    ).toBe(true);
    const history = page.getByRole("list", { name: "History" }).getByRole("listitem");
    expect(await history.allTextContents()).toEqual([
      "Applied by Ada Lovelace, Mar 10, 2026, 10:00 AM GMT+1 (Applying → Applied)Price of 1 variant changed.",
      "Proposed by Shelfwise (automatic), Mar 1, 2026, 4:00 PM GMT+1",
    ]);
    // Applied: nothing to approve or reject here.
    expect(await page.getByRole("button", { name: "Approve" }).count()).toBe(0);
    await page.close();
  });

  it("approves from the detail page and records who did it", async () => {
    const page = await open("/app/suggestions/s-board-3");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect
      .poll(() => page.getByText("Approved; applying it to your store.", { exact: true }).isVisible())
      .toBe(true);
    await expect.poll(() => page.getByText("Approved: waiting to be applied").isVisible()).toBe(true);
    await expect.poll(() => page.locator("h1").first().locator("..").textContent()).toContain("Approved");
    const history = page.getByRole("list", { name: "History" }).getByRole("listitem");
    await expect.poll(() => history.first().textContent()).toMatch(/^Approved by Staff member 12345, /);
    await page.close();
  });

  it("offers to finish an apply or a revert that stopped part-way instead of waiting for it", async () => {
    for (const [id, stopped] of [
      ["s-board-6", "Applying stopped part-way"],
      ["s-board-7", "Reverting stopped part-way"],
    ] as const) {
      const page = await open(`/app/suggestions/${id}`);
      await expect.poll(() => page.getByText(stopped).isVisible()).toBe(true);
      expect(await page.getByRole("button", { name: "Check the store and finish" }).isEnabled()).toBe(true);
      expect(await page.getByText("Applying to your store").count()).toBe(0);
      await page.close();
    }
  });

  it("answers 404 for an unknown id and for another shop's suggestion", async () => {
    for (const id of ["no-such-suggestion", "s-rival"]) {
      const page = await open(`/app/suggestions/${id}`, 404);
      await expect.poll(() => page.getByText("Suggestion not found").first().isVisible()).toBe(true);
      expect(await page.getByText("Rival").count()).toBe(0);
      await page.close();
    }
  });
});

describe("activity", () => {
  it("filters by action and links to the suggestion", async () => {
    const page = await open("/app/activity?action=applied");
    await expect.poll(() => rows(page).count()).toBe(1);
    expect((await rows(page).first().locator("td").allTextContents()).slice(0, 3)).toEqual([
      "Mar 10, 2026, 10:00 AM GMT+1",
      "Ada Lovelace",
      "Applied",
    ]);
    await page.getByLabel("Action").selectOption("");
    await expect.poll(() => rows(page).count()).toBeGreaterThan(5);
    expect(await page.getByText("Rival").count()).toBe(0);
    await page.getByLabel("Action").selectOption("applied");
    await expect.poll(() => rows(page).count()).toBe(1);
    await rows(page).first().getByRole("link", { name: "Mark down Board 5 by 20 %" }).click();
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Mark down Board 5 by 20 %");
    // The activity filter is left behind; the admin context is kept.
    expect(new URL(page.url()).searchParams.get("action")).toBeNull();
    expect(new URL(page.url()).searchParams.get("shop")).toBe(SHOP);
    await page.close();
  });
});

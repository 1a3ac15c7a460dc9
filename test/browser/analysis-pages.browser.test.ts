import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlagKind } from "../../app/analysis/types";
import {
  productGid,
  seedAnalysedCatalog,
  variantGid,
  type SeededFlag,
  type SeededProduct,
} from "../../test-support/analysis-results";
import {
  launchChromium,
  startAppServer,
  type AppServer,
  freshDatabase,
  seedInstalledSession,
  openEmbedded,
} from "../../test-support/browser";

const API_KEY = "analysis-pages-key";
const API_SECRET = "analysis-pages-secret";
const STORE = "pages-shop";
const SHOP = `${STORE}.myshopify.com`;
const RIVAL = "rival-shop.myshopify.com";
// A shop with nothing synced yet, and one synced whose only analysis failed.
const FRESH = "fresh-shop";
const FAILING = "failing-shop";
const FAILURE = "failing-shop.myshopify.com: the shop's currency and time zone are not known yet";
const databaseFile = path.resolve(import.meta.dirname, "../../tmp/browser-analysis-pages.sqlite");
const RUN = { asOf: "2026-03-01", windowStart: "2025-12-02", windowEnd: "2026-03-01", currencyCode: "JPY" };

const GLACIER_SUMMARY =
  "Sold 3 in 90 days in stock while similar Snowboards sell about 21; 140 in stock is four years of cover.";

const flag = (
  kind: FlagKind,
  index: number,
  summary = `Finding ${kind} on product ${index}.`,
): SeededFlag => ({
  kind,
  severity: kind === "dead_stock" ? "high" : "medium",
  confidence: 0.93,
  summary,
  evidence: { units: index, exposureDays: 90 },
  // JPY has no minor digits: these amounts are whole yen.
  stockValueMinor: kind === "overstock" ? 500 * index : 1_000 * index,
  revenueAtRiskMinor: 100 * index,
});

/**
 * 60 flagged products (more than a page of 50) and 2 without flags. Product i holds ¥1,000 × i of
 * slow stock and ¥100 × i of revenue at risk: ¥1,830,000 and ¥183,000 in all. Products 1-4 are
 * dead stock, the rest slow movers, every tenth also overstocked; every third is Birch & Co's.
 */
function pagesCatalog(): SeededProduct[] {
  const products: SeededProduct[] = [];
  for (let index = 1; index <= 62; index++) {
    const flagged = index <= 60;
    const kinds: FlagKind[] = !flagged ? [] : index <= 4 ? ["dead_stock"] : ["slow_mover"];
    if (flagged && index % 10 === 0) kinds.push("overstock");
    products.push({
      id: index,
      title: index === 1 ? "Glacier Snowboard" : `Product ${String(index).padStart(2, "0")}`,
      vendor: index % 3 === 0 ? "Birch & Co" : "Acme",
      productType: index % 2 ? "Snowboard" : "Wax",
      healthScore: 100 - index,
      abcClass: "C",
      unitsInWindow: index === 1 ? 3 : index,
      variants: [
        index === 1
          ? {
              id: 1001,
              title: "158 cm",
              sku: "GL-158",
              priceMinor: 5_000,
              unitCostMinor: 2_000,
              inventoryQuantity: 140,
            }
          : {
              id: 1000 + index,
              title: "Default",
              priceMinor: 3_000,
              unitCostMinor: 1_000,
              inventoryQuantity: index,
            },
      ],
      flags: kinds.map((kind) => (index === 1 ? glacierFlag() : flag(kind, index))),
    });
  }
  return products;
}

function glacierFlag(): SeededFlag {
  return {
    kind: "dead_stock",
    severity: "high",
    confidence: 0.97,
    summary: GLACIER_SUMMARY,
    evidence: {
      rule: "stock > 0 and no sale in >= 60 in-stock days",
      units: 3,
      exposureDays: 90,
      exposureBasis: "in_stock_days",
      expectedAtCategoryRate: 21,
      lastSaleDay: "2025-12-20",
    },
    stockValueMinor: 1_000,
    revenueAtRiskMinor: 100,
  };
}

let server: AppServer;
let browser: Browser;

beforeAll(async () => {
  const db = freshDatabase(databaseFile);
  for (const store of [STORE, FRESH, FAILING]) await seedInstalledSession(db, `${store}.myshopify.com`);
  for (const [domain, name] of [
    [SHOP, "Pages Shop"],
    [RIVAL, "Rival Shop"],
    [`${FRESH}.myshopify.com`, "Fresh Shop"],
    [`${FAILING}.myshopify.com`, "Failing Shop"],
  ] as const) {
    await db.shop.create({
      data: { domain, name, currencyCode: "JPY", ianaTimezone: "Asia/Tokyo", planName: "Grow" },
    });
  }
  await seedAnalysedCatalog(db, SHOP, RUN, pagesCatalog());
  // The rival shop: the same product numbers plus one of its own, all flagged, worth more.
  await seedAnalysedCatalog(
    db,
    RIVAL,
    RUN,
    [
      ...pagesCatalog().slice(0, 5),
      { ...pagesCatalog()[4]!, id: 9001, variants: [{ ...pagesCatalog()[4]!.variants[0]!, id: 99_001 }] },
    ].map((product) => ({
      ...product,
      title: `Rival ${product.title}`,
      vendor: "Rival Vendor",
      flags: [flag("dead_stock", 900)],
    })),
  );
  // Glacier's sales: 2 units in the prior window's first week, 3 in the analysis window.
  await db.variantDailySales.createMany({
    data: [
      ["2025-09-05", 2],
      ["2025-12-10", 1],
      ["2026-01-15", 2],
    ].map(([day, units]) => ({
      shop: SHOP,
      variantId: variantGid(1001),
      productId: productGid(1),
      day: day as string,
      units: units as number,
      grossMinor: (units as number) * 5_000,
      discountMinor: 0,
      refundedUnits: 0,
      orders: units as number,
      discountedUnits: 0,
      maxLineUnits: 1,
    })),
  });
  const failing = `${FAILING}.myshopify.com`;
  await db.product.create({
    data: {
      shop: failing,
      id: productGid(1),
      title: "Lonely Board",
      handle: "lonely-board",
      status: "ACTIVE",
      productType: "Snowboard",
      vendor: "Acme",
      tags: "",
      descriptionHtml: "",
      mediaCount: 0,
      totalInventory: 1,
      createdAt: new Date("2025-01-01T00:00:00Z"),
      updatedAt: new Date("2025-01-01T00:00:00Z"),
      syncedAt: new Date("2025-01-01T00:00:00Z"),
    },
  });
  await db.analysisRun.create({
    data: { shop: failing, status: "failed", error: FAILURE, finishedAt: new Date() },
  });
  await db.$disconnect();

  server = await startAppServer({
    SHOPIFY_API_KEY: API_KEY,
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_APP_URL: "http://127.0.0.1",
    DATABASE_URL: `file:${databaseFile}`,
    // Queued analyses stay queued, so the page's progress state can be seen and nothing replaces the seed.
    JOB_WORKER: "off",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens an app URL the way the admin's first load does (session token in the query). */
async function open(appPath: string, expectedStatus = 200, store = STORE): Promise<Page> {
  const app = { store, apiKey: API_KEY, apiSecret: API_SECRET };
  const { page, status } = await openEmbedded(browser, server, app, appPath);
  expect(status, server.output()).toBe(expectedStatus);
  return page;
}

/** Polaris draws its own radio buttons over visually hidden inputs: choose by the label. */
const choose = (page: Page, label: string) =>
  page
    .locator("label")
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();

const productRows = (page: Page) => page.locator("table tbody tr");
const rowTitles = (page: Page) =>
  productRows(page)
    .locator("td:nth-child(2) a")
    .allTextContents()
    .then((titles) => titles.map((title) => title.trim()));

describe("dashboard", () => {
  it("shows counts by finding, money in yen, the analysis window and a chart", async () => {
    const page = await open("/app");
    await expect.poll(() => page.locator("#slow-stock-value").textContent()).toBe("¥1,830,000");
    expect(await page.locator("#revenue-at-risk").textContent()).toBe("¥183,000");
    const counts = page.getByRole("list", { name: "Flagged products by finding" });
    expect(await counts.getByRole("listitem").filter({ hasText: "Dead stock" }).textContent()).toBe(
      "Dead stock4 products",
    );
    expect(await counts.getByRole("listitem").filter({ hasText: "Slow movers" }).textContent()).toBe(
      "Slow movers56 products",
    );
    expect(await counts.getByRole("listitem").filter({ hasText: "Overstocked" }).textContent()).toBe(
      "Overstocked6 products",
    );
    expect(
      await page.getByText("As of Mar 1, 2026, sales window Dec 2, 2025 – Mar 1, 2026 (90 days)").count(),
    ).toBe(1);
    // The largest amount at stake first: product 60 (¥60,000 + ¥6,000).
    const top = page.getByRole("list", { name: "Top opportunities" }).getByRole("listitem").first();
    expect(await top.getByRole("link").textContent()).toBe("Product 60");
    expect(await top.getByText("¥66,000 at stake").count()).toBe(1);
    // polaris-viz draws after mount
    await expect
      .poll(() => page.locator('figure[aria-label="Units sold per week"] svg').count())
      .toBeGreaterThan(0);
    expect(await page.getByText("Currency: JPY · Time zone: Asia/Tokyo").count()).toBe(1);
    expect(await page.getByText("Rival").count()).toBe(0);
    await page.close();
  });
});

describe("dashboard before results", () => {
  it("says the store is not synced yet and offers no analysis", async () => {
    const page = await open("/app", 200, FRESH);
    await expect.poll(() => page.getByText("Your store has not been synced yet").count()).toBe(1);
    expect(await page.getByRole("button", { name: "Run analysis now" }).isDisabled()).toBe(true);
    await page.close();
  });

  it("shows why the last analysis failed, and queues a new one with progress shown", async () => {
    const page = await open("/app", 200, FAILING);
    await expect.poll(() => page.getByText("The last analysis did not finish").count()).toBe(1);
    expect(await page.getByText(FAILURE).count()).toBe(1);
    expect(await page.getByText("Shelfwise holds 1 product and 0 orders.", { exact: false }).count()).toBe(1);
    await page.getByRole("button", { name: "Run analysis now" }).click();
    await expect
      .poll(() =>
        page.getByText("An analysis is queued or running; this page updates when it finishes.").count(),
      )
      .toBe(1);
    expect(await page.getByRole("button", { name: "Run analysis now" }).isDisabled()).toBe(true);
    await page.close();
  });
});

describe("products", () => {
  it("pages through the shop's 60 flagged products, 50 at a time, largest money at stake first", async () => {
    const page = await open("/app/products");
    await expect.poll(() => productRows(page).count()).toBe(50);
    const first = await rowTitles(page);
    expect(first.slice(0, 3)).toEqual(["Product 60", "Product 59", "Product 58"]);
    expect(await page.getByText("1–50 of 60 products · page 1 of 2").count()).toBe(1);
    expect(await productRows(page).first().textContent()).toContain("¥66,000");

    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(() => page.getByText("51–60 of 60 products · page 2 of 2").count()).toBe(1);
    expect(await productRows(page).count()).toBe(10);
    expect((await rowTitles(page)).at(-1)).toBe("Glacier Snowboard");
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    await page.close();
  });

  it("filters by finding and by vendor from the filter bar", async () => {
    const page = await open("/app/products");
    await page.getByRole("button", { name: "Finding" }).click();
    await choose(page, "Dead stock");
    await expect.poll(() => productRows(page).count()).toBe(4);
    expect((await rowTitles(page)).sort()).toEqual([
      "Glacier Snowboard",
      "Product 02",
      "Product 03",
      "Product 04",
    ]);
    expect(new URL(page.url()).searchParams.get("flag")).toBe("dead_stock");
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: "Vendor" }).click();
    await choose(page, "Birch & Co");
    await expect.poll(() => rowTitles(page)).toEqual(["Product 03"]);
    await page.close();
  });

  it("filters by vendor alone and by product type from the URL", async () => {
    const page = await open(`/app/products?vendor=${encodeURIComponent("Birch & Co")}`);
    await expect.poll(() => productRows(page).count()).toBe(20);
    expect(await page.getByText("1–20 of 20 products · page 1 of 1").count()).toBe(1);
    await page.close();

    const wax = await open("/app/products?productType=Wax&flag=overstock");
    await expect
      .poll(() => rowTitles(wax))
      .toEqual(["Product 60", "Product 50", "Product 40", "Product 30", "Product 20", "Product 10"]);
    await wax.close();
  });

  it("searches titles as you type", async () => {
    const page = await open("/app/products");
    await page.getByRole("textbox", { name: /Search product titles/ }).fill("glacier");
    await expect.poll(() => rowTitles(page)).toEqual(["Glacier Snowboard"]);
    expect(new URL(page.url()).searchParams.get("q")).toBe("glacier");
    await page.close();
  });

  it("never shows another shop's products, even when searched for", async () => {
    const page = await open("/app/products?q=Rival");
    await expect.poll(() => page.getByText("No flagged products match").count()).toBe(1);
    expect(await productRows(page).filter({ hasText: "Rival" }).count()).toBe(0);
    await page.close();
    const vendors = await open("/app/products");
    await vendors.getByRole("button", { name: "Vendor" }).click();
    await expect
      .poll(() =>
        vendors
          .locator("label")
          .filter({ hasText: /^Acme$/ })
          .count(),
      )
      .toBe(1);
    expect(await vendors.locator("label").filter({ hasText: "Rival Vendor" }).count()).toBe(0);
    await vendors.close();
  });

  it("explains a link it cannot read instead of failing", async () => {
    const page = await open("/app/products?flag=best_seller&page=-1");
    expect(await page.getByText('The flag "best_seller" is not valid and was ignored.').count()).toBe(1);
    expect(await productRows(page).count()).toBe(50);
    await page.close();
  });

  it("selects rows and says suggestions come with the Suggestions feature", async () => {
    const page = await open("/app/products?flag=dead_stock");
    await expect.poll(() => productRows(page).count()).toBe(4);
    await productRows(page).first().getByRole("checkbox").check();
    await expect.poll(() => page.getByText("1 product selected").count()).toBe(1);
    expect(
      await page.getByRole("button", { name: "Create suggestions (coming with Suggestions)" }).isDisabled(),
    ).toBe(true);
    await page.close();
  });
});

describe("product detail", () => {
  it("shows the finding's sentence and evidence, the variants' stock and margin, and the sales chart", async () => {
    const page = await open("/app/products/1");
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Glacier Snowboard");
    const finding = page.getByRole("region", { name: "Dead stock" });
    expect(await finding.getByText(GLACIER_SUMMARY).count()).toBe(1);
    expect(await finding.getByText("97% confidence").count()).toBe(1);
    const evidence = await finding
      .locator("dl")
      .evaluate((list) =>
        [...list.querySelectorAll("dt")].map(
          (term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`,
        ),
      );
    expect(evidence).toEqual([
      "Rule: stock > 0 and no sale in >= 60 in-stock days",
      "Units: 3 units",
      "Exposure: 90 days",
      "Exposure counted in: days in stock (from inventory history)",
      "Sales expected at similar products' rate: 21 units",
      "Last sale: Dec 20, 2025",
    ]);
    const variant = page.locator("table tbody tr").filter({ hasText: "158 cm" });
    expect(await variant.locator("td, th").allTextContents()).toEqual([
      "158 cm",
      "GL-158",
      "¥5,000",
      "—",
      "¥2,000",
      "¥3,000 (60%)",
      "140 units",
      "¥280,000",
    ]);
    expect(
      await page
        .getByText(
          "Analysis window Dec 2, 2025 – Mar 1, 2026 (90 days); compared with the prior window Sep 3, 2025 – Dec 1, 2025 (90 days).",
        )
        .count(),
    ).toBe(1);
    await expect
      .poll(() => page.locator('figure[aria-label="Units sold per week"] svg').count())
      .toBeGreaterThan(0);
    expect(await page.getByRole("link", { name: "Open in Shopify admin" }).getAttribute("href")).toBe(
      "https://admin.shopify.com/store/pages-shop/products/1",
    );
    await page.close();
  });

  it("answers 404 for an unknown id, a malformed id and another shop's product", async () => {
    for (const id of ["424242", "not-a-number", "9001"]) {
      const page = await open(`/app/products/${id}`, 404);
      await expect.poll(() => page.locator("h1").first().textContent()).toBe("Product not found");
      expect(await page.getByText("Rival").count()).toBe(0);
      await page.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db-client.server";
import { parseActivityParams, parseSuggestionListParams } from "../lib/suggestion-params";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";
import { listActivity, listSuggestions, suggestionDetail } from "./suggestion-queries.server";

const SHOP = "queue.myshopify.com";
const OTHER = "other-queue.myshopify.com";
const product = (n: number) => `gid://shopify/Product/${n}`;
const variant = (n: number) => `gid://shopify/ProductVariant/${n}`;

const impact = {
  kind: "estimated",
  p10: -100,
  p50: 400,
  p90: 900,
  probabilityPositive: 0.8,
  horizonDays: 60,
  note: "n",
};

async function seed(db: Db, shop: string, offset: number) {
  const at = new Date("2026-03-01T10:00:00Z");
  await db.product.create({
    data: {
      shop,
      id: product(1),
      title: `${shop} board`,
      handle: "board",
      status: "ACTIVE",
      productType: "Snowboard",
      vendor: "Acme",
      tags: "",
      descriptionHtml: "",
      mediaCount: 1,
      totalInventory: 4,
      createdAt: at,
      updatedAt: at,
      syncedAt: at,
    },
  });
  await db.variant.create({
    data: {
      shop,
      id: variant(11),
      productId: product(1),
      title: "158 cm",
      priceMinor: 5_000,
      inventoryQuantity: 4,
      createdAt: at,
      syncedAt: at,
    },
  });
  // Three markdowns (stakes 3000, 2000, 1000) and a content fix; the cheapest markdown applied.
  const rows = [
    { id: `${shop}-m3`, kind: "markdown", status: "proposed", stake: 3_000 },
    { id: `${shop}-m2`, kind: "markdown", status: "proposed", stake: 2_000 },
    { id: `${shop}-c1`, kind: "content", status: "proposed", stake: 1_500 },
    { id: `${shop}-m1`, kind: "markdown", status: "applied", stake: 1_000 },
  ];
  for (const [index, row] of rows.entries()) {
    await db.suggestion.create({
      data: {
        id: row.id,
        shop,
        key: `${row.kind}:${index}`,
        fingerprint: "f",
        kind: row.kind,
        status: row.status,
        title: `${row.id} title`,
        rationale: "Because.",
        productIds: JSON.stringify([product(1)]),
        currencyCode: "EUR",
        stakeMinor: BigInt(row.stake + offset),
        proposal: JSON.stringify({ kind: row.kind, variantIds: [variant(11)], impact }),
        outcome:
          row.status === "applied"
            ? JSON.stringify({ label: "worked", metrics: [], placeboEffects: [], summary: "s" })
            : null,
        createdAt: new Date(at.getTime() + index * 60_000),
      },
    });
  }
  await db.suggestionEvent.createMany({
    data: [
      {
        shop,
        suggestionId: `${shop}-m1`,
        action: "proposed",
        toStatus: "proposed",
        at: new Date("2026-03-01T10:00:00Z"),
      },
      {
        shop,
        suggestionId: `${shop}-m1`,
        action: "approved",
        fromStatus: "proposed",
        toStatus: "approved",
        staffId: "42",
        staffName: "Ada",
        at: new Date("2026-03-02T10:00:00Z"),
      },
      {
        shop,
        suggestionId: `${shop}-m1`,
        action: "applied",
        fromStatus: "applying",
        toStatus: "applied",
        staffId: "42",
        at: new Date("2026-03-02T10:01:00Z"),
      },
    ],
  });
}

describe.each(BOTH_DATABASES)("suggestion queries on %s", (_name, open) => {
  let database: TestDatabase;
  let db: Db;
  const list = (search: string) =>
    listSuggestions(db, SHOP, parseSuggestionListParams(new URLSearchParams(search)).query);

  beforeAll(async () => {
    database = await open();
    db = database.db;
    await seed(db, SHOP, 0);
    // The other shop's suggestions are worth more: they would lead the list if scoping failed.
    await seed(db, OTHER, 100_000);
  });
  afterAll(() => database.drop());

  it("lists the shop's proposed suggestions by money at stake, with product titles and impact", async () => {
    const result = await list("");
    expect(result.total).toBe(3);
    expect(result.rows.map((row) => [row.id, row.stakeMinor])).toEqual([
      [`${SHOP}-m3`, 3_000],
      [`${SHOP}-m2`, 2_000],
      [`${SHOP}-c1`, 1_500],
    ]);
    expect(result.rows[0]!.products).toEqual([{ id: product(1), title: `${SHOP} board` }]);
    expect(result.rows[0]!.impact).toEqual(impact);
    expect(result.rows[0]!.createdAt).toBe("2026-03-01T10:00:00.000Z");
  });

  it("filters by type and status and pages", async () => {
    expect((await list("kind=content")).rows.map((row) => row.id)).toEqual([`${SHOP}-c1`]);
    expect((await list("status=applied")).rows.map((row) => row.id)).toEqual([`${SHOP}-m1`]);
    expect((await list("status=all&kind=markdown")).total).toBe(3);
    const query = {
      ...parseSuggestionListParams(new URLSearchParams("status=all")).query,
      pageSize: 3,
      page: 2,
    };
    const second = await listSuggestions(db, SHOP, query);
    expect([second.total, second.rows.map((row) => row.id)]).toEqual([4, [`${SHOP}-m1`]]);
  });

  it("reads one suggestion with its history and names, and nothing of another shop's", async () => {
    const detail = await suggestionDetail(db, SHOP, `${SHOP}-m1`);
    expect(detail?.suggestion.status).toBe("applied");
    expect(detail?.names).toEqual({
      products: { [product(1)]: `${SHOP} board` },
      variants: { [variant(11)]: "158 cm" },
    });
    expect(detail?.events.map((event) => event.action)).toEqual(["applied", "approved", "proposed"]);
    expect(detail?.outcome?.label).toBe("worked");
    expect(await suggestionDetail(db, SHOP, `${OTHER}-m1`)).toBeNull();
    expect(await suggestionDetail(db, SHOP, "missing")).toBeNull();
  });

  it("lists the shop's activity newest first with titles, filtered by action", async () => {
    const all = await listActivity(db, SHOP, parseActivityParams(new URLSearchParams("")).query);
    expect(all.total).toBe(3);
    expect(all.rows.map((row) => [row.action, row.suggestionTitle, row.staffName])).toEqual([
      ["applied", `${SHOP}-m1 title`, null],
      ["approved", `${SHOP}-m1 title`, "Ada"],
      ["proposed", `${SHOP}-m1 title`, null],
    ]);
    const approvals = await listActivity(
      db,
      SHOP,
      parseActivityParams(new URLSearchParams("action=approved")).query,
    );
    expect(approvals.rows.map((row) => [row.staffId, row.at])).toEqual([["42", "2026-03-02T10:00:00.000Z"]]);
  });
});

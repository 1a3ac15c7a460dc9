import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAnalysis } from "../models/analysis.server";
import { seedShopRows } from "../../test-support/factories";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";
import { SUGGESTIONS_AS_OF, suggestionStore, syncedShop } from "../../test-support/suggestions";
import type { Db } from "../db-client.server";
import {
  approveSuggestions,
  canApprove,
  getSuggestion,
  listEvents,
  listSuggestions,
  NotAllowedToApprove,
  refreshSuggestions,
  rejectSuggestion,
  rejectSuggestions,
  saveSuggestionSettings,
  suggestionSettings,
  SuggestionNotFound,
} from "./workflow.server";

/*
 * The stored workflow on both databases, over a synced and analysed generated store: proposals
 * stored and expired as analyses change, approval and rejection with the staff member recorded,
 * and every id checked against the shop.
 */

const STORE = suggestionStore(42, 60, "workflow.myshopify.com");
const OTHER = "workflow-other.myshopify.com";
const ALICE = { id: "101", name: "Alice Approver", email: "alice@example.com" };
const BOB = { id: "202", name: "Bob Browser" };

/** Changes a product's stock in the synced copy, so the next analysis sees other evidence. */
async function restock(db: Db, shop: string, productId: string, units: number) {
  await db.variant.updateMany({ where: { shop, productId }, data: { inventoryQuantity: units } });
}

describe.each(BOTH_DATABASES)("the suggestions workflow on %s", (_name, open) => {
  let database: TestDatabase;
  let shop: string;
  let firstRun: Awaited<ReturnType<typeof syncedShop>>["run"];
  beforeAll(async () => {
    database = await open();
    ({ shop, run: firstRun } = await syncedShop(database.db, STORE));
    await seedShopRows(database.db, OTHER);
  }, 180_000);
  afterAll(() => database?.drop());

  it("stores each proposal once as proposed, with its event, and leaves them when the evidence is the same", async () => {
    const { db } = database;
    const first = await refreshSuggestions(db, shop, firstRun);
    expect(first.created).toBeGreaterThan(3);
    expect(first.expired).toBe(0);
    const rows = await db.suggestion.findMany({ where: { shop } });
    expect(rows).toHaveLength(first.created);
    expect(rows.every((row) => row.status === "proposed")).toBe(true);
    expect(new Set(rows.map((row) => row.kind)).size).toBeGreaterThan(1);
    expect(
      await db.suggestionEvent.count({ where: { shop, action: "proposed", toStatus: "proposed" } }),
    ).toBe(first.created);

    const again = await refreshSuggestions(db, shop, firstRun);
    expect(again).toEqual({ created: 0, expired: 0, unchanged: first.created });
    expect(await db.suggestion.count({ where: { shop } })).toBe(first.created);

    const { suggestions, total } = await listSuggestions(db, shop, { take: 5 });
    expect(total).toBe(first.created);
    expect(suggestions.map((suggestion) => suggestion.stakeMinor)).toEqual(
      [...suggestions.map((suggestion) => suggestion.stakeMinor)].sort((a, b) => b - a),
    );
    const one = await getSuggestion(db, shop, suggestions[0]!.id);
    expect(one.proposal.key).toBe(one.key);
    expect(one.productIds).toEqual(one.proposal.productIds);
  });

  it("expires an open suggestion whose evidence changed, and never touches an applied one", async () => {
    const { db } = database;
    // Stock is part of the evidence of every kind but content: two of those, on different products.
    const stockBased = await db.suggestion.findMany({
      where: { shop, kind: { not: "content" }, status: "proposed" },
      orderBy: { key: "asc" },
    });
    const [changing, applied] = stockBased.filter(
      (row, index) => stockBased.findIndex((other) => other.productIds === row.productIds) === index,
    );
    if (!changing || !applied) throw new Error("the store should yield two stock-based proposals");
    // As if applied earlier: the store history it belongs to is not the analysis' to rewrite.
    await db.suggestion.update({ where: { id: applied.id }, data: { status: "applied" } });
    for (const row of [changing, applied]) {
      await restock(db, shop, (JSON.parse(row.productIds) as string[])[0]!, 500);
    }
    const run = await runAnalysis(db, shop, { asOf: SUGGESTIONS_AS_OF });
    const result = await refreshSuggestions(db, shop, run);
    expect(result.expired).toBeGreaterThanOrEqual(1);

    const expired = await db.suggestion.findUniqueOrThrow({ where: { id: changing.id } });
    expect(expired.status).toBe("expired");
    expect(expired.version).toBe(changing.version + 1);
    const [event] = await listEvents(db, shop, { suggestionId: changing.id });
    expect(event).toMatchObject({
      action: "expired",
      fromStatus: "proposed",
      toStatus: "expired",
      staffId: null,
    });
    expect(event!.detail).toMatch(/newer analysis/);

    expect((await db.suggestion.findUniqueOrThrow({ where: { id: applied.id } })).status).toBe("applied");
    expect(await db.suggestionEvent.count({ where: { suggestionId: applied.id, action: "expired" } })).toBe(
      0,
    );
  });

  it("approves open suggestions once, with the staff member, and says why others were skipped", async () => {
    const { db } = database;
    const open = await db.suggestion.findMany({
      where: { shop, status: "proposed", kind: { not: "restock" } },
      orderBy: { id: "asc" },
      take: 2,
    });
    const ids = open.map((row) => row.id);
    const approved = await approveSuggestions(db, shop, [...ids, ids[0]!], ALICE);
    expect(approved).toEqual({ approved: ids, skipped: [] });
    const again = await approveSuggestions(db, shop, ids, BOB);
    expect(again.approved).toEqual([]);
    expect(again.skipped.map((skip) => skip.reason)).toEqual([
      "It is approved, not waiting for approval.",
      "It is approved, not waiting for approval.",
    ]);
    const events = await listEvents(db, shop, { suggestionId: ids[0]! });
    expect(events.filter((event) => event.action === "approved")).toEqual([
      expect.objectContaining({
        fromStatus: "proposed",
        toStatus: "approved",
        staffId: "101",
        staffName: "Alice Approver",
      }),
    ]);
  });

  it("lets only listed approvers act once the settings name them (by id or email)", async () => {
    const { db } = database;
    const saved = await saveSuggestionSettings(db, shop, { approvers: ["alice@example.com"] }, ALICE);
    try {
      expect(saved.minMarginPercent).toBe(20);
      expect(canApprove(saved, ALICE)).toBe(true);
      expect(canApprove(saved, { id: "alice@example.com" })).toBe(true);
      expect(canApprove(saved, BOB)).toBe(false);
      const [row] = await db.suggestion.findMany({ where: { shop, status: "proposed" }, take: 1 });
      await expect(approveSuggestions(db, shop, [row!.id], BOB)).rejects.toThrow(NotAllowedToApprove);
      await expect(rejectSuggestion(db, shop, row!.id, BOB, "no")).rejects.toThrow(NotAllowedToApprove);
      expect((await db.suggestion.findUniqueOrThrow({ where: { id: row!.id } })).status).toBe("proposed");
      // Bob cannot let everyone (himself included) approve, and Alice cannot shut herself out.
      await expect(saveSuggestionSettings(db, shop, { approvers: "all" }, BOB)).rejects.toThrow(
        NotAllowedToApprove,
      );
      await expect(saveSuggestionSettings(db, shop, { approvers: ["202"] }, ALICE)).rejects.toThrow(
        /"approvers"[\s\S]*Include yourself \(alice@example\.com\)/,
      );
      await expect(saveSuggestionSettings(db, shop, { maxDiscountPercent: -5 }, ALICE)).rejects.toThrow(
        /maxDiscountPercent/,
      );
      expect(await suggestionSettings(db, shop)).toEqual(saved);
    } finally {
      await saveSuggestionSettings(db, shop, { approvers: "all" }, ALICE);
    }
    expect((await suggestionSettings(db, shop)).approvers).toBe("all");
  });

  it("rejects with a reason only, and keeps the reason", async () => {
    const { db } = database;
    const [row] = await db.suggestion.findMany({ where: { shop, status: "proposed" }, take: 1 });
    await expect(rejectSuggestion(db, shop, row!.id, BOB, "   ")).rejects.toThrow("Say why");
    const rejected = await rejectSuggestion(
      db,
      shop,
      row!.id,
      BOB,
      " Brand rule: no discounts on this line ",
    );
    expect(rejected).toMatchObject({
      status: "rejected",
      rejectReason: "Brand rule: no discounts on this line",
    });
    const [event] = await listEvents(db, shop, { suggestionId: row!.id });
    expect(event).toMatchObject({
      action: "rejected",
      staffId: "202",
      detail: "Brand rule: no discounts on this line",
    });
    await expect(rejectSuggestion(db, shop, row!.id, BOB, "again")).rejects.toThrow(/already rejected/);

    const [open] = await db.suggestion.findMany({ where: { shop, status: "approved" }, take: 1 });
    expect(await rejectSuggestions(db, shop, [open!.id, row!.id, open!.id], BOB, "Not now")).toEqual({
      rejected: [open!.id],
      skipped: [{ id: row!.id, reason: "It is already rejected; only open suggestions can be rejected." }],
    });
  });

  it("treats another shop's suggestion as not found, and changes nothing of it", async () => {
    const { db } = database;
    const foreign = await db.suggestion.findFirstOrThrow({ where: { shop: OTHER } });
    const mine = await db.suggestion.findFirstOrThrow({ where: { shop, status: "proposed" } });
    await expect(getSuggestion(db, shop, foreign.id)).rejects.toThrow(SuggestionNotFound);
    await expect(listEvents(db, shop, { suggestionId: foreign.id })).rejects.toThrow(SuggestionNotFound);
    await expect(rejectSuggestion(db, shop, foreign.id, ALICE, "x")).rejects.toThrow(SuggestionNotFound);
    await expect(approveSuggestions(db, shop, [mine.id, foreign.id], ALICE)).rejects.toThrow(
      SuggestionNotFound,
    );
    await expect(rejectSuggestions(db, shop, [mine.id, foreign.id], ALICE, "x")).rejects.toThrow(
      SuggestionNotFound,
    );
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: mine.id } })).status).toBe("proposed");
    expect((await db.suggestion.findUniqueOrThrow({ where: { id: foreign.id } })).status).toBe(
      foreign.status,
    );
    expect((await listEvents(db, shop)).every((event) => event.shop === shop)).toBe(true);
  });
});

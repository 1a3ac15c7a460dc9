import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db-client.server";
import { dayInZone } from "./records";
import { snapshotInventory } from "./snapshots.server";
import { seedShopRows } from "../../test-support/factories";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";

describe("dayInZone", () => {
  it("buckets an instant by the shop's calendar, not UTC's", () => {
    const instant = new Date("2026-03-01T03:30:00Z");
    expect(dayInZone("America/Los_Angeles")(instant)).toBe("2026-02-28");
    expect(dayInZone("Europe/Berlin")(instant)).toBe("2026-03-01");
    expect(dayInZone("Pacific/Auckland")(new Date("2026-03-01T23:30:00Z"))).toBe("2026-03-02");
  });
});

describe.each(BOTH_DATABASES)("inventory snapshots on %s", (_name, open) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await open();
    db = database.db;
    await seedShopRows(db, "stock.myshopify.com");
    await seedShopRows(db, "other-stock.myshopify.com");
  });
  afterAll(async () => database.drop());

  it("records each variant's stock and cost for the day, once however often it runs", async () => {
    const shop = "stock.myshopify.com";
    expect(await snapshotInventory(db, shop, "2026-11-29")).toBe(1);
    await db.variant.updateMany({ where: { shop }, data: { inventoryQuantity: 2, unitCostMinor: 21_000 } });
    expect(await snapshotInventory(db, shop, "2026-11-29")).toBe(1);
    await snapshotInventory(db, shop, "2026-11-30");

    const rows = await db.inventorySnapshot.findMany({ where: { shop }, orderBy: { day: "asc" } });
    expect(rows.map((row) => [row.day, row.quantity, row.unitCostMinor])).toEqual([
      ["2026-10-01", 4, 20_000n],
      ["2026-11-29", 2, 21_000n],
      ["2026-11-30", 2, 21_000n],
    ]);
    // The other shop's history is untouched.
    expect(await db.inventorySnapshot.count({ where: { shop: "other-stock.myshopify.com" } })).toBe(1);
  });
});

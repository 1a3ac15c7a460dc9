import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { isStale, mergeNotices, parseChangeNotice, type ChangeNotice } from "./webhooks";

describe("parseChangeNotice", () => {
  it("reads which record changed and when from each topic's payload", () => {
    expect(
      parseChangeNotice("products/update", {
        id: 7,
        admin_graphql_api_id: "gid://shopify/Product/7",
        updated_at: "2026-11-29T05:00:00-05:00",
        title: "ignored",
      }),
    ).toEqual({
      resource: "product",
      id: "gid://shopify/Product/7",
      updatedAt: "2026-11-29T05:00:00-05:00",
      deleted: false,
    });
    expect(parseChangeNotice("products/delete", { id: 7 })).toEqual({
      resource: "product",
      id: "gid://shopify/Product/7",
      updatedAt: null,
      deleted: true,
    });
    expect(
      parseChangeNotice("refunds/create", { id: 3, order_id: 1001, created_at: "2026-11-29T10:00:00Z" }),
    ).toMatchObject({
      resource: "order",
      id: "gid://shopify/Order/1001",
    });
    expect(
      parseChangeNotice("inventory_levels/update", {
        inventory_item_id: 55,
        location_id: 1,
        available: 3,
        updated_at: "2026-11-29T10:00:00Z",
      }),
    ).toMatchObject({ resource: "inventoryItem", id: "gid://shopify/InventoryItem/55" });
  });

  it("rejects a payload without the record's id, naming the field", () => {
    expect(() => parseChangeNotice("orders/updated", { updated_at: "2026-11-29T10:00:00Z" })).toThrow(
      ZodError,
    );
    expect(() =>
      parseChangeNotice("orders/updated", { admin_graphql_api_id: "gid://shopify/Product/1" }),
    ).toThrow(/admin_graphql_api_id/);
  });
});

describe("isStale", () => {
  const notice = (updatedAt: string | null) =>
    ({ resource: "order", id: "gid://shopify/Order/1", updatedAt, deleted: false }) as const;

  it("drops a notice no newer than what is stored, and keeps anything it cannot compare", () => {
    const stored = new Date("2026-11-29T10:00:00Z");
    expect(isStale(notice("2026-11-29T05:00:00-05:00"), stored)).toBe(true);
    expect(isStale(notice("2026-11-29T09:59:59Z"), stored)).toBe(true);
    expect(isStale(notice("2026-11-29T10:00:01Z"), stored)).toBe(false);
    expect(isStale(notice(null), stored)).toBe(false);
    expect(isStale(notice("2026-11-29T09:00:00Z"), null)).toBe(false);
  });
});

describe("mergeNotices", () => {
  const update = (updatedAt: string | null): ChangeNotice => ({
    resource: "order",
    id: "gid://shopify/Order/1",
    updatedAt,
    deleted: false,
  });

  it("keeps the newer time whichever arrives first, and a deletion from either", () => {
    expect(mergeNotices(update("2026-11-29T10:00:00Z"), update("2026-11-29T10:05:00Z")).updatedAt).toBe(
      "2026-11-29T10:05:00Z",
    );
    expect(mergeNotices(update("2026-11-29T10:05:00Z"), update("2026-11-29T10:00:00Z")).updatedAt).toBe(
      "2026-11-29T10:05:00Z",
    );
    expect(mergeNotices(update(null), update("2026-11-29T10:00:00Z")).updatedAt).toBeNull();
    const deleted = { ...update(null), deleted: true };
    expect(mergeNotices(update("2026-11-29T10:00:00Z"), deleted)).toMatchObject({
      deleted: true,
      updatedAt: null,
    });
    expect(mergeNotices(deleted, update("2026-11-29T10:00:00Z")).deleted).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { formatShopDateTime } from "./format";

describe("formatShopDateTime", () => {
  it("shows the instant in the shop's time zone and names the zone", () => {
    // 02:30 UTC on 1 March is still 28 February in New York.
    expect(formatShopDateTime("2026-03-01T02:30:00Z", "America/New_York")).toBe("Feb 28, 2026, 9:30 PM EST");
    expect(formatShopDateTime("2026-03-01T02:30:00Z", "Asia/Tokyo")).toBe("Mar 1, 2026, 11:30 AM GMT+9");
  });

  it("falls back to UTC while the shop's zone is unknown", () => {
    expect(formatShopDateTime("2026-03-01T02:30:00Z", null)).toBe("Mar 1, 2026, 2:30 AM UTC");
  });
});

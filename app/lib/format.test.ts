import { describe, expect, it } from "vitest";
import {
  daysInRange,
  evidenceItems,
  formatCount,
  formatDay,
  formatDayRange,
  formatMoney,
  formatPercent,
  formatShopDateTime,
  formatShortDay,
  humanizeKey,
} from "./format";

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

describe("formatMoney", () => {
  it("scales minor units by the currency's own number of decimals", () => {
    expect(formatMoney(12_345, "USD")).toBe("$123.45");
    expect(formatMoney(1_234, "JPY")).toBe("¥1,234");
    expect(formatMoney(1_234, "KWD")).toBe("KWD\u00a01.234");
    expect(formatMoney(-500, "EUR")).toBe("-€5.00");
    expect(formatMoney(123_456_789, "CAD")).toBe("CA$1,234,567.89");
  });

  it("says the currency is unknown rather than guessing one", () => {
    expect(formatMoney(12_345, null)).toBe("123.45 (currency unknown)");
  });
});

describe("days", () => {
  it("formats a shop-calendar day without shifting it through a time zone", () => {
    expect(formatDay("2026-03-01")).toBe("Mar 1, 2026");
    expect(formatDay("2025-12-31")).toBe("Dec 31, 2025");
    expect(formatShortDay("2026-01-01")).toBe("Jan 1");
  });

  it("counts a range's days with both ends included", () => {
    expect(daysInRange("2025-12-02", "2026-03-01")).toBe(90);
    // a daylight-saving change in between does not lose or add a day
    expect(daysInRange("2026-03-01", "2026-03-31")).toBe(31);
    expect(formatDayRange("2025-12-02", "2026-03-01")).toBe("Dec 2, 2025 – Mar 1, 2026 (90 days)");
  });
});

describe("counts and shares", () => {
  it("pluralises by the number and groups thousands", () => {
    expect(formatCount(1, "unit")).toBe("1 unit");
    expect(formatCount(1_234, "unit")).toBe("1,234 units");
    expect(formatCount(2.25, "week")).toBe("2.3 weeks");
  });

  it("writes shares as percentages", () => {
    expect(formatPercent(0.4236)).toBe("42%");
    expect(formatPercent(0.4236, 1)).toBe("42.4%");
  });
});

describe("evidenceItems", () => {
  it("labels each number with its unit, money in the shop's currency", () => {
    const items = evidenceItems(
      {
        unitsInWindow: 3,
        inStockDays: 90,
        exposureBasis: "in_stock_days",
        ratePerDay: 0.0333,
        categoryRatePerDay: 0.233,
        rateInterval: [0.01, 0.07],
        probability: 0.953,
        trendRatio: 0.42,
        stockValueMinor: 140_000,
        weeksOfSupply: 208.4,
        costKnown: false,
        seasonal: null,
        rule: "P(rate < 0.3 × category) > 0.9",
      },
      "EUR",
    );
    expect(items.map(({ label, value }) => `${label}: ${value}`)).toEqual([
      "Units in window: 3 units",
      "In stock days: 90 days",
      "Exposure basis: days in stock (from inventory history)",
      "Rate per day: 0.03 per day",
      "Category rate per day: 0.23 per day",
      "Rate interval: 0.01 to 0.07",
      "Probability: 95.3%",
      "Trend ratio: ×0.42",
      "Stock value: €1,400.00",
      "Weeks of supply: 208.4 weeks",
      "Cost known: no",
      "Seasonal: not known",
      "Rule: P(rate < 0.3 × category) > 0.9",
    ]);
  });

  it("turns camelCase and snake_case keys into words", () => {
    expect(humanizeKey("categoryRatePerDay")).toBe("Category rate per day");
    expect(humanizeKey("days_on_sale")).toBe("Days on sale");
  });
});

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
    // a code Intl cannot read is named, never replaced by another currency's symbol
    expect(formatMoney(12_345, "dollars")).toBe("123.45 (dollars)");
  });

  it("rounds fractional minor units (averages) to the currency's precision", () => {
    expect(formatMoney(1_234.6, "USD")).toBe("$12.35");
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
  const lines = (items: ReturnType<typeof evidenceItems>) =>
    items.map(({ label, value }) => `${label}: ${value}`);

  it("labels a slow mover's evidence with units, money in the shop's currency", () => {
    const items = evidenceItems(
      {
        rule: "P(rate < 0.3 x category rate) > 0.9",
        units: 3,
        exposureDays: 90,
        exposureBasis: "in_stock_days",
        estimate: 0.0333,
        interval: [0.01, 0.07],
        comparison: 0.233,
        probability: 0.953,
        expectedAtCategoryRate: 21,
        categorySource: "category",
        stockValueAtPrice: false,
        lastSaleDay: "2026-02-14",
        lossMinor: 140_000,
        seasonal: null,
        pValue: 2e-7,
        qValue: 0.0421,
      },
      "EUR",
      "slow_mover",
    );
    expect(lines(items)).toEqual([
      "Rule: P(rate < 0.3 x category rate) > 0.9",
      "Units: 3 units",
      "Exposure: 90 days",
      "Exposure counted in: days in stock (from inventory history)",
      "Estimated sales rate: 0.03 units per day",
      "Sales rate, 90% interval: 0.01 units per day to 0.07 units per day",
      "Sales rate of similar products: 0.23 units per day",
      "Probability the rule holds: 95.3%",
      "Sales expected at similar products' rate: 21 units",
      "Category used: products of the same type",
      "Stock valued at price (cost unknown): no",
      "Last sale: Feb 14, 2026",
      "Loss: €1,400.00",
      "Seasonal: not known",
      "p-value: < 0.001",
      "False-discovery q-value: 0.04",
    ]);
  });

  it("shows a suggestion's percentages with their sign and its per-variant floor prices as money", () => {
    const items = evidenceItems(
      { requiredDiscountPercent: 53.1, floorPricesMinor: "1095,unknown,2000" },
      "USD",
    );
    expect(lines(items)).toEqual(["Required discount: 53.1 %", "Floor prices: $10.95, not known, $20.00"]);
  });

  it("reads the generic keys by the flag's kind", () => {
    const evidence = { estimate: 0.18, comparison: 0.06 };
    expect(lines(evidenceItems(evidence, "USD", "high_returns"))).toEqual([
      "Return rate: 18%",
      "Return rate of similar products: 6%",
    ]);
    expect(lines(evidenceItems({ estimate: 41.5, interval: [30, 60] }, "USD", "overstock"))).toEqual([
      "Weeks of supply (median): 41.5 weeks",
      "Weeks of supply, 10th to 90th percentile: 30 weeks to 60 weeks",
    ]);
  });

  it("infers units of keys it does not know from their words", () => {
    expect(
      lines(
        evidenceItems(
          {
            refundedUnits: 4,
            promotionDays: 12,
            fullPriceRatePerDay: 0.5,
            returnShare: 0.125,
            issues: "no_images,no_seo_title",
          },
          "JPY",
        ),
      ),
    ).toEqual([
      "Refunded units: 4 units",
      "Promotion days: 12 days",
      "Full price rate per day: 0.5 units per day",
      "Return share: 12.5%",
      "Issues: no images, no SEO title",
    ]);
  });

  it("turns camelCase and snake_case keys into words", () => {
    expect(humanizeKey("categoryRatePerDay")).toBe("Category rate per day");
    expect(humanizeKey("days_on_sale")).toBe("Days on sale");
  });
});

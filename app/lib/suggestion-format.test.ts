import { describe, expect, it } from "vitest";
import type { MetricOutcome, Proposal } from "../suggestions/types";
import {
  changeRows,
  eventDetailText,
  impactSentences,
  impactSummary,
  metricSentence,
  relativeChange,
  statusLabel,
  statusTone,
} from "./suggestion-format";

const base = {
  key: "markdown:gid://shopify/Product/1",
  fingerprint: "f",
  productIds: ["gid://shopify/Product/1"],
  variantIds: ["gid://shopify/ProductVariant/11", "gid://shopify/ProductVariant/12"],
  currencyCode: "USD",
  title: "Mark down Glacier by 20 %",
  rationale: "Slow.",
  evidence: { flags: [], numbers: {} },
  assumed: {
    variants: [
      {
        variantId: "gid://shopify/ProductVariant/11",
        productId: "gid://shopify/Product/1",
        priceMinor: 5_000,
        compareAtPriceMinor: null,
      },
      {
        variantId: "gid://shopify/ProductVariant/12",
        productId: "gid://shopify/Product/1",
        priceMinor: 5_500,
        compareAtPriceMinor: 6_000,
      },
    ],
    products: [
      {
        productId: "gid://shopify/Product/1",
        seoTitle: null,
        seoDescription: "Old",
        status: "ACTIVE",
        tags: [],
      },
    ],
  },
  impact: { kind: "directional" as const, note: "Too few sales to simulate." },
  stakeMinor: 10_000,
  alternativeKeys: [],
};
const names = {
  products: { "gid://shopify/Product/1": "Glacier Snowboard" },
  variants: {
    "gid://shopify/ProductVariant/11": "158 cm",
    "gid://shopify/ProductVariant/12": "Default Title",
  },
};

describe("changeRows", () => {
  it("lists a markdown's price and compare-at price per variant, before and after, in the currency", () => {
    const proposal: Proposal = {
      ...base,
      kind: "markdown",
      changes: {
        clearance: false,
        variants: [
          {
            variantId: "gid://shopify/ProductVariant/11",
            priceMinor: 4_000,
            compareAtPriceMinor: 5_000,
            step: 20,
          },
          {
            variantId: "gid://shopify/ProductVariant/12",
            priceMinor: 4_400,
            compareAtPriceMinor: 6_000,
            step: 20,
          },
        ],
      },
    };
    expect(changeRows(proposal, names)).toEqual([
      { subject: "Glacier Snowboard · 158 cm", field: "Price (20 % off)", before: "$50.00", after: "$40.00" },
      { subject: "Glacier Snowboard · 158 cm", field: "Compare-at price", before: "none", after: "$50.00" },
      { subject: "Glacier Snowboard", field: "Price (20 % off)", before: "$55.00", after: "$44.00" },
      { subject: "Glacier Snowboard", field: "Compare-at price", before: "$60.00", after: "$60.00" },
    ]);
  });

  it("shows content drafts against the current SEO fields, and archive as a status change", () => {
    const content: Proposal = {
      ...base,
      kind: "content",
      changes: { seoTitle: "Glacier 158", seoDescription: "A stiff board.", missing: [] },
    };
    expect(changeRows(content, names).map((row) => [row.field, row.before, row.after])).toEqual([
      ["SEO title", "none", "Glacier 158"],
      ["SEO description", "Old", "A stiff board."],
    ]);
    const archive: Proposal = { ...base, kind: "archive", changes: { status: "ARCHIVED" } };
    expect(changeRows(archive, names)).toEqual([
      { subject: "Glacier Snowboard", field: "Status", before: "active", after: "archived" },
    ]);
  });

  it("describes a discount's terms and window", () => {
    const discount: Proposal = {
      ...base,
      kind: "discount",
      changes: {
        type: "code",
        code: "WINTER15",
        title: "Winter boards",
        percentage: 15,
        productIds: ["gid://shopify/Product/1"],
        customerSegment: { id: "s1", name: "Lapsed buyers" },
        startsAt: "2026-03-02",
        endsAt: "2026-04-30",
      },
    };
    expect(changeRows(discount, names)).toEqual([
      {
        subject: "Glacier Snowboard",
        field: "Discount",
        before: "none",
        after: "Winter boards: 15 % off (code WINTER15, for Lapsed buyers), Mar 2, 2026 to Apr 30, 2026",
      },
    ]);
  });
});

describe("impact", () => {
  const estimated = {
    kind: "estimated" as const,
    p10: -3_000,
    p50: 12_000,
    p90: 30_000,
    probabilityPositive: 0.83,
    horizonDays: 60,
    note: "Simulated demand at the new price.",
  };

  it("summarises the median with its 80 % range, signed, in the currency", () => {
    expect(impactSummary(estimated, "EUR")).toBe("+€120.00 (−€30.00 to +€300.00)");
    expect(impactSummary({ kind: "directional", note: "x" }, "EUR")).toBe("Directional");
  });

  it("says the horizon and the chance it is positive", () => {
    expect(impactSentences(estimated, "USD")).toEqual([
      "Expected change in gross profit over 60 days: +$120.00 (median), between −$30.00 and +$300.00 in 8 of 10 simulations.",
      "Chance the change is positive: 83%.",
      "Simulated demand at the new price.",
    ]);
  });
});

describe("outcome", () => {
  it("states effect, interval and detectable effect in words", () => {
    const metric: MetricOutcome = {
      metric: "gross_profit",
      effect: 1.25,
      interval: [1.05, 1.5],
      label: "worked",
      treatedBefore: 10,
      treatedAfter: 20,
      controlsBefore: 100,
      controlsAfter: 110,
      minimumDetectableEffect: 1.18,
    };
    expect(metricSentence(metric)).toBe(
      "Gross profit: +25% against similar untouched products (95 % interval +5% to +50%); worked. " +
        "The smallest change these sales could reliably detect is about 18%.",
    );
    expect(relativeChange(0.8)).toBe("−20%");
    expect(relativeChange(1)).toBe("no change");
  });

  it("labels statuses, showing unknown ones as stored", () => {
    expect(statusLabel("applied")).toBe("Applied");
    expect(statusTone("failed")).toBe("critical");
    expect(statusLabel("archived_later")).toBe("archived_later");
  });
});

describe("eventDetailText", () => {
  it("keeps sentences and lists a JSON detail's fields", () => {
    expect(eventDetailText("Too expensive.")).toBe("Too expensive.");
    expect(eventDetailText('{"message":"Price is invalid"}')).toBe("Price is invalid");
    expect(eventDetailText('{"discountId":"gid://shopify/DiscountNode/1","variants":2}')).toBe(
      "Discount id: gid://shopify/DiscountNode/1; Variants: 2",
    );
    expect(eventDetailText(null)).toBeNull();
    expect(
      eventDetailText(
        '{"changes":[{"item":"gid://shopify/ProductVariant/11","field":"price","from":"23.99","to":"14.39"},' +
          '{"item":"gid://shopify/ProductVariant/11","field":"compareAtPrice","from":null,"to":"23.99"}]}',
      ),
    ).toBe("Changes: Price 23.99 → 14.39, Compare at price empty → 23.99");
  });

  it("leaves out a bulk run's id, which means nothing to staff", () => {
    const run = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
    expect(eventDetailText(JSON.stringify({ bulkRun: run }))).toBeNull();
    expect(
      eventDetailText(JSON.stringify({ bulkRun: run, discountId: "gid://shopify/DiscountNode/1" })),
    ).toBe("Discount id: gid://shopify/DiscountNode/1");
  });
});

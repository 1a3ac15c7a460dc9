import { describe, expect, it } from "vitest";
import { dayNumber, dayString } from "../analysis/format";
import { db } from "../db.server";
import { freezeBaseline, measureDueOutcomes, OUTCOME_WINDOW_DAYS } from "./outcome.server";
import { mulberry32, poisson } from "./random";
import type { Outcome, Proposal } from "./types";

/*
 * The outcome job end to end on stored rows: baselines frozen by the apply code, sales written as
 * VariantDailySales rows (8 a day, 120 days before the change and 28 after), one treated product
 * selling 1.6 times as much after its change and one unchanged, measured by the daily job's function.
 */

const SHOP = "outcome.myshopify.com";
const APPLY_DAY = "2026-06-01";
const PRODUCTS = 8;
const gid = (kind: string, index: number) => `gid://shopify/${kind}/${index + 1}`;

async function plantStore(effectOf: (index: number) => number) {
  await db.shop.create({ data: { domain: SHOP, currencyCode: "USD", ianaTimezone: "UTC" } });
  const at = new Date("2025-01-01T00:00:00Z");
  const random = mulberry32(7);
  for (let index = 0; index < PRODUCTS; index++) {
    const common = { shop: SHOP, createdAt: at };
    await db.product.create({
      data: {
        ...common,
        id: gid("Product", index),
        title: `Mug ${index}`,
        handle: `mug-${index}`,
        status: "ACTIVE",
        productType: "Mugs",
        vendor: "Acme",
        tags: "",
        descriptionHtml: "",
        mediaCount: 1,
        totalInventory: 100,
        updatedAt: at,
        syncedAt: at,
      },
    });
    await db.variant.create({
      data: {
        ...common,
        id: gid("ProductVariant", index),
        productId: gid("Product", index),
        title: "Default",
        priceMinor: 2000,
        inventoryQuantity: 100,
        unitCostMinor: 1200,
        syncedAt: at,
      },
    });
    const rows = [];
    for (let offset = -120; offset < OUTCOME_WINDOW_DAYS; offset++) {
      const units = poisson(random, 8 * (offset >= 0 ? effectOf(index) : 1));
      rows.push({
        shop: SHOP,
        variantId: gid("ProductVariant", index),
        productId: gid("Product", index),
        day: dayString(dayNumber(APPLY_DAY) + offset),
        units,
        grossMinor: units * 2000,
        discountMinor: 0,
        refundedUnits: 0,
        orders: units,
        discountedUnits: 0,
        maxLineUnits: 1,
      });
    }
    await db.variantDailySales.createMany({ data: rows });
  }
}

/** An applied suggestion on one product, its baseline frozen the way apply freezes it. */
async function appliedOn(index: number) {
  const proposal = { kind: "markdown", productIds: [gid("Product", index)] } as Proposal;
  const { baseline, outcomeDueOn } = await freezeBaseline(db, SHOP, proposal, APPLY_DAY);
  return db.suggestion.create({
    data: {
      shop: SHOP,
      key: `markdown:${index}`,
      fingerprint: "f",
      kind: "markdown",
      status: "applied",
      title: `Mug ${index} 20 % off`,
      rationale: "",
      productIds: JSON.stringify(proposal.productIds),
      currencyCode: "USD",
      stakeMinor: 0n,
      proposal: JSON.stringify(proposal),
      baseline: JSON.stringify(baseline),
      outcomeDueOn,
    },
  });
}

describe("the outcome job", () => {
  it("finds a planted x1.6 on the treated product and calls an unchanged one inconclusive", async () => {
    await plantStore((index) => (index === 0 ? 1.6 : 1));
    const planted = await appliedOn(0);
    const unchanged = await appliedOn(1);
    const frozen = JSON.parse(planted.baseline!) as {
      controls: Array<{ productId: string }>;
      forecast: { expectedUnits: number };
    };
    expect(frozen.controls).toHaveLength(5);
    expect(frozen.controls.map((control) => control.productId)).not.toContain(gid("Product", 1));
    expect(frozen.forecast.expectedUnits).toBeGreaterThan(8 * 28 * 0.8);
    expect(frozen.forecast.expectedUnits).toBeLessThan(8 * 28 * 1.2);
    expect(planted.outcomeDueOn).toBe("2026-06-29");

    // Not before the window's last day (June 28) is over; once only.
    expect(await measureDueOutcomes(db, SHOP, "2026-06-28")).toBe(0);
    expect(await measureDueOutcomes(db, SHOP, "2026-06-29")).toBe(2);
    expect(await measureDueOutcomes(db, SHOP, "2026-06-30")).toBe(0);

    const outcomeOf = async (id: string) =>
      JSON.parse((await db.suggestion.findUniqueOrThrow({ where: { id } })).outcome!) as Outcome;
    const worked = await outcomeOf(planted.id);
    expect(worked.label).toBe("worked");
    const units = worked.metrics.find((metric) => metric.metric === "units")!;
    expect(units.interval[0]).toBeLessThan(1.6);
    expect(units.interval[1]).toBeGreaterThan(1.6);
    expect((await outcomeOf(unchanged.id)).label).toBe("inconclusive");
    const events = await db.suggestionEvent.findMany({ where: { shop: SHOP, action: "measured" } });
    expect(events).toHaveLength(2);
    expect(JSON.parse(events.find((event) => event.suggestionId === planted.id)!.detail!).label).toBe(
      "worked",
    );
  });
});

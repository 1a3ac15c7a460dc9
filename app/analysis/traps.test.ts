/*
 * One small, explicit store per trap of notes/analytics-methods.md: a naive rule would flag the
 * product; the engine must not. Each store also holds a plain slow mover, so a silent engine fails.
 */
import { describe, expect, it } from "vitest";
import { sketchInput, steady, type SketchProduct } from "../../test-support/analysis-input";
import { analyze } from "./index";
import { DEFAULT_SETTINGS, type AnalysisInput, type FlagKind } from "./types";

const AS_OF = "2026-10-31";

/** Eight ordinary hoodies selling 0.3 to 0.65 a day, and one that sells 3 % of that. */
function hoodies(): SketchProduct[] {
  const peers = Array.from({ length: 8 }, (_, i) => ({ id: `peer-${i}`, sales: steady(0.3 + 0.05 * i) }));
  return [...peers, { id: "control-slow", sales: steady(0.015) }];
}

function kindsOf(input: AnalysisInput, productId: string): FlagKind[] {
  return analyze(input)
    .flags.filter((flag) => flag.productId === productId)
    .map((flag) => flag.kind);
}

describe("traps", () => {
  it("the control: a plain slow mover among the peers is flagged", () => {
    expect(kindsOf(sketchInput(AS_OF, hoodies()), "control-slow")).toContain("slow_mover");
  });

  it("a product live for 5 days with one sale is too new to judge", () => {
    const input = sketchInput(AS_OF, [
      ...hoodies(),
      { id: "trap", liveDays: 5, stock: 24, variants: 2, sales: (d, v) => (d === 2 && v === 0 ? 1 : 0) },
    ]);
    expect(kindsOf(input, "trap")).toEqual([]);
  });

  it("a winter item in July is out of season, not dead", () => {
    // Snowboards peak mid-January; now is mid-July; the trap sold well last winter, nothing since March.
    const asOf = "2026-07-15";
    const winter = (perDay: number) => (daysAgo: number) => {
      const season = 1 + 0.85 * Math.cos((2 * Math.PI * (daysAgo - 181)) / 365);
      return steady(perDay * season)(daysAgo);
    };
    const input = sketchInput(
      asOf,
      [
        ...Array.from({ length: 8 }, (_, i) => ({
          id: `board-${i}`,
          productType: "Snowboards",
          sales: winter(0.2 + 0.04 * i),
        })),
        {
          id: "trap",
          productType: "Snowboards",
          stock: 12,
          sales: (daysAgo: number) => (daysAgo > 130 && daysAgo < 260 ? winter(0.5)(daysAgo) : 0),
        },
      ],
      { days: 420 },
    );
    expect(kindsOf(input, "trap")).toEqual([]);
  });

  const outOfStock: SketchProduct = {
    id: "trap",
    sales: (daysAgo) => (daysAgo >= 15 && daysAgo < 75 ? 0 : steady(0.7)(daysAgo)),
    inStock: (daysAgo) => daysAgo < 15 || daysAgo >= 75,
  };

  it("an item out of stock 60 of 90 days sells as before per in-stock day (with stock history)", () => {
    const input = sketchInput(AS_OF, [...hoodies(), outOfStock], { history: true });
    expect(kindsOf(input, "trap")).toEqual([]);
    const metrics = analyze(input).products.find((product) => product.productId === "trap");
    expect(metrics?.inStockDays).toBe(30);
    expect(metrics?.exposureBasis).toBe("in_stock_days");
  });

  it("... and without history the ended 60-day gap is taken for a stockout and said so", () => {
    const input = sketchInput(AS_OF, [...hoodies(), outOfStock]);
    expect(kindsOf(input, "trap")).toEqual([]);
    const result = analyze(input);
    const metrics = result.products.find((product) => product.productId === "trap");
    expect(metrics?.exposureBasis).toBe("days_on_sale");
    expect(metrics?.inStockDays).toBe(30);
    expect(metrics?.trendRatio as number).toBeGreaterThan(0.8);
  });

  it("an ongoing zero-sale gap is never excused as a stockout", () => {
    const input = sketchInput(AS_OF, [
      ...hoodies(),
      { id: "stopped", stock: 14, sales: (d) => (d >= 75 ? steady(0.7)(d) : 0) },
    ]);
    expect(kindsOf(input, "stopped")).toContain("dead_stock");
    expect(analyze(input).products.find((product) => product.productId === "stopped")?.inStockDays).toBe(90);
  });

  it("one sale and one refund is no evidence of high returns", () => {
    const quiet = Array.from({ length: 8 }, (_, i) => ({
      id: `quiet-${i}`,
      productType: "Gloves",
      sales: steady(0.08 + 0.01 * i),
    }));
    const input = sketchInput(AS_OF, [
      ...quiet,
      {
        id: "trap",
        productType: "Gloves",
        liveDays: 40,
        // a launch quantity the category sells in a month, so stock is not the question here
        stock: 3,
        sales: (d) => (d === 36 ? 1 : 0),
        refunded: () => 1,
      },
    ]);
    expect(kindsOf(input, "trap")).toEqual([]);
  });

  it("returns on orders not past the return window do not count", () => {
    const input = sketchInput(AS_OF, [
      ...hoodies(),
      { id: "trap", liveDays: 26, sales: (d) => (d < 24 ? 1 : 0), refunded: (d) => (d % 5 === 2 ? 1 : 0) },
    ]);
    const result = analyze(input);
    expect(result.flags.filter((flag) => flag.productId === "trap")).toEqual([]);
    expect(result.products.find((product) => product.productId === "trap")?.returnRate).toBeNull();
  });

  it("an intermittent seller quiet for six weeks is neither dead, slow nor declining", () => {
    // a club buys three orders of two units within four days, every 43 days; the last burst ended 41 days ago
    const burst = (daysAgo: number) => {
      const phase = (daysAgo - 41) % 43;
      return daysAgo >= 41 && (phase === 0 || phase === 1 || phase === 3) ? 2 : 0;
    };
    const input = sketchInput(AS_OF, [
      ...hoodies(),
      { id: "trap", stock: 20, sales: burst, maxLine: () => 2, orders: () => 1 },
    ]);
    expect(kindsOf(input, "trap")).toEqual([]);
  });

  it("one 50-unit wholesale order does not make a steady seller look declining", () => {
    const input = sketchInput(AS_OF, [
      ...hoodies(),
      {
        id: "trap",
        productType: "Hoodies",
        sales: (d) => steady(0.33)(d) + (d === 130 ? 50 : 0),
        orders: (d, units) => (d === 130 ? units - 49 : units),
        maxLine: (d) => (d === 130 ? 50 : 1),
      },
    ]);
    const result = analyze(input);
    expect(result.flags.filter((flag) => flag.productId === "trap")).toEqual([]);
    // the raw units would say a 60 % drop
    const metrics = result.products.find((product) => product.productId === "trap");
    expect(metrics?.trendRatio as number).toBeGreaterThan(0.8);
  });

  it("one 50-unit order does not make a slow seller look declining either", () => {
    const input = sketchInput(AS_OF, [
      ...hoodies(),
      {
        id: "trap",
        productType: "Hoodies",
        sales: (d) => steady(0.02)(d) + (d === 130 ? 50 : 0),
        orders: (d, units) => (d === 130 ? units - 49 : units),
        maxLine: (d) => (d === 130 ? 50 : 1),
      },
    ]);
    const kinds = kindsOf(input, "trap");
    expect(kinds).not.toContain("declining");
    expect(kinds).toContain("slow_mover"); // it is slow, which the big order must not hide either
  });

  it("archived products' past sales neither make a category look off season nor hide a dead item", () => {
    const old: SketchProduct[] = Array.from({ length: 4 }, (_, i) => ({
      id: `old-${i}`,
      stock: 0,
      sales: (d) => (d >= 200 ? steady(1)(d) : 0),
    }));
    const dead: SketchProduct = { id: "dead", stock: 40, sales: (d) => (d >= 120 ? steady(0.5)(d) : 0) };
    const withArchived = sketchInput(AS_OF, [...hoodies(), ...old, dead], { days: 420 });
    withArchived.products = withArchived.products.map((product) =>
      product.id.startsWith("old-") ? { ...product, status: "ARCHIVED" } : product,
    );
    const without = sketchInput(AS_OF, [...hoodies(), dead], { days: 420 });
    expect(kindsOf(without, "dead")).toContain("dead_stock");
    expect(kindsOf(withArchived, "dead")).toEqual(kindsOf(without, "dead"));
  });

  it("active products sold only in person (no online publishing date) count as on sale", () => {
    const inPerson: SketchProduct[] = Array.from({ length: 4 }, (_, i) => ({
      id: `pos-${i}`,
      sales: steady(2),
    }));
    const stalled: SketchProduct = {
      id: "stalled",
      stock: 50,
      sales: (d) => (d >= 150 ? steady(0.5)(d) : 0),
    };
    const published = sketchInput(AS_OF, [...hoodies(), ...inPerson, stalled]);
    const posOnly = {
      ...published,
      products: published.products.map((product) =>
        product.id.startsWith("pos-") || product.id === "stalled"
          ? { ...product, publishedAt: null }
          : product,
      ),
    };
    const flagsOf = (input: AnalysisInput) =>
      analyze(input)
        .flags.map((flag) => `${flag.productId}:${flag.kind}`)
        .sort();
    expect(flagsOf(published)).toContain("stalled:dead_stock");
    expect(flagsOf(posOnly)).toEqual(flagsOf(published));
  });

  it("does not excuse as off season an item alone in its product type, or a category that fell", () => {
    // sold 0.5 a day, nothing in the last 100 days, 30 in stock
    const stopped = (productType: string): SketchProduct => ({
      id: "stopped",
      productType,
      stock: 30,
      sales: (d) => (d >= 100 ? steady(0.5)(d) : 0),
    });
    const alone = sketchInput(AS_OF, [...hoodies(), stopped("Lamps")], { days: 420 });
    // mugs sell half of what they sold until 200 days ago, which did not happen a year earlier
    const falling = Array.from({ length: 8 }, (_, i) => ({
      id: `mug-${i}`,
      productType: "Mugs",
      sales: (d: number) => steady((0.3 + 0.05 * i) * (d > 200 ? 1 : 0.5))(d),
    }));
    const amongFalling = sketchInput(AS_OF, [...falling, stopped("Mugs")], { days: 420 });
    expect(kindsOf(alone, "stopped")).toContain("dead_stock");
    expect(kindsOf(amongFalling, "stopped")).toContain("dead_stock");
  });

  it("variants that each look weak do not flag a product that is fine", () => {
    const input = sketchInput(AS_OF, [
      ...hoodies(),
      { id: "trap", variants: 4, sales: (d) => steady(0.115)(d) },
    ]);
    expect(kindsOf(input, "trap")).toEqual([]);
  });

  it("a store of one-time buyers: rates count units per in-stock day, so orders per customer change nothing", () => {
    // the module sees no customers; the same units bought one per order or several per order flag alike
    const oneTime = sketchInput(AS_OF, hoodies());
    const repeat = sketchInput(
      AS_OF,
      hoodies().map((sketch) => ({ ...sketch, orders: (_d: number, units: number) => Math.ceil(units / 2) })),
    );
    const kinds = (input: AnalysisInput) =>
      analyze(input).flags.map((flag) => `${flag.productId}:${flag.kind}`);
    expect(kinds(repeat)).toEqual(kinds(oneTime));
  });

  it("a slow seller a couple of units past half a year's need is not overstock; with forty it is", () => {
    // A category of slow waxes (0.2 to 0.25 a week) and one at 0.2 a week: 7 in stock is 37 weeks of
    // supply, but only 2 units beyond half a year's need, below overstockMinExcessUnits.
    const waxes = Array.from({ length: 8 }, (_, i) => ({
      id: `wax-${i}`,
      productType: "Wax",
      stock: 3,
      sales: steady(0.025 + 0.004 * i),
    }));
    const input = (stock: number, minExcess = DEFAULT_SETTINGS.overstockMinExcessUnits) => {
      const built = sketchInput(AS_OF, [
        ...waxes,
        { id: "trap", productType: "Wax", stock, sales: steady(0.2 / 7) },
      ]);
      return { ...built, settings: { ...built.settings, overstockMinExcessUnits: minExcess } };
    };
    expect(kindsOf(input(7), "trap")).not.toContain("overstock");
    expect(kindsOf(input(7, 0), "trap")).toContain("overstock");
    expect(kindsOf(input(40), "trap")).toContain("overstock");
  });
});

/*
 * Planted situations: products whose sales, stock and content are scripted so that an analysis
 * engine should (flags) or should not (traps) raise a given flag. Rates are set relative to the
 * expected rate of the product type's ordinary products, with wide margins around the thresholds
 * of notes/analytics-methods.md. docs/local-shopify/planted-situations.md describes each one.
 */
import type { PlantedSituation } from "../store/types";
import { DAY_MS, SEASON_PEAK_DAY, dayOfYear } from "./calendar";
import type { DemandCalendar } from "./demand";
import { planStock, type StockPlan, type StockPlanOptions } from "./inventory";
import type { ScriptedOrder } from "./model";
import { PRODUCT_TYPES, typeIndexOf } from "./product-types";
import { WeightedTable, type Rng } from "./random";

/** The analysis window of the notes' default rule set. */
export const WINDOW_DAYS = 90;
/** Orders younger than this are still inside the return window. */
export const RETURN_WINDOW_DAYS = 30;

export interface PlantShape {
  typeName: string;
  variants: number;
  /** default: a year or two before the history starts */
  createdMs?: number;
  title?: string;
  /** no images, a one-line description, no SEO fields */
  weakContent?: boolean;
  /** a price in the top fifth of the type's range */
  premium?: boolean;
  /** unit cost as a share of price */
  costRatio?: number;
}

export interface PlantedProduct {
  productId: number;
  title: string;
  typeIndex: number;
  variants: Array<{ index: number; id: number }>;
}

export interface PlantScript {
  orders: ScriptedOrder[];
  stock: Array<{ variantIndex: number; plan: StockPlan }>;
  situations: PlantedSituation[];
}

export interface PlantContext {
  rng: Rng;
  days: number;
  startMs: number;
  nowMs: number;
  calendar: DemandCalendar;
  /** expected units per product-day of the type's ordinary active products over days [from, to) */
  categoryRate(typeIndex: number, from: number, to: number): number;
  /** types with enough ordinary products to compare with */
  typesWithPeers: number[];
}

export interface PlantRecipe {
  kind: string;
  expectFlag: boolean;
  /** shortest history the recipe fits in */
  minDays: number;
  /** number of products it plants */
  size: number;
  /** types that need ordinary peers for the comparison to mean anything */
  hosts: string[];
  shapes(ctx: PlantContext): PlantShape[];
  script(ctx: PlantContext, products: PlantedProduct[]): PlantScript;
}

// ---- helpers -------------------------------------------------------------------------------

/** `count` days in [from, to), one per equal slice with some jitter: a steady trickle. */
function evenly(rng: Rng, from: number, to: number, count: number): number[] {
  const step = (to - from) / count;
  return Array.from(
    { length: count },
    (_, k) => from + Math.floor((k + 0.5 + rng.uniform(-0.35, 0.35)) * step),
  );
}

/** `count` days drawn uniformly from [from, to) (repeats allowed), sorted. */
function scatter(rng: Rng, from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, () => rng.int(from, to - 1)).sort((a, b) => a - b);
}

/** A Poisson count of sale days for each day in [from, to) at `rate(day)` units per day. */
function poissonDays(rng: Rng, from: number, to: number, rate: (day: number) => number): number[] {
  const days: number[] = [];
  for (let day = from; day < to; day++) {
    const count = rng.poisson(rate(day));
    for (let k = 0; k < count; k++) days.push(day);
  }
  return days;
}

/**
 * Sale days in [from, to) following `rate(day)`, with the total fixed at the rounded expected count:
 * planted numbers then depend on the design, not on Poisson luck.
 */
function exactly(rng: Rng, from: number, to: number, rate: (day: number) => number): number[] {
  if (to <= from) return [];
  const weights = Array.from({ length: to - from }, (_, k) => rate(from + k));
  const count = Math.round(weights.reduce((a, b) => a + b, 0));
  if (count === 0) return [];
  const table = new WeightedTable(weights);
  return Array.from({ length: count }, () => from + table.draw(rng)).sort((a, b) => a - b);
}

/** The last two 90-day windows and everything before them, as [from, to) day ranges. */
function windows(days: number): Array<[number, number]> {
  const cuts = [0, Math.max(0, days - 2 * WINDOW_DAYS), Math.max(0, days - WINDOW_DAYS), days];
  return [0, 1, 2].map((k) => [cuts[k] as number, cuts[k + 1] as number]);
}

function singleUnitOrders(
  variantIndex: number,
  days: number[],
  discount: ScriptedOrder["discount"],
  refund: ScriptedOrder["refund"],
): ScriptedOrder[] {
  return days.map((day) => ({ day, lines: [{ variantIndex, quantity: 1 }], discount, refund }));
}

function unitsByDay(orders: ScriptedOrder[], variantIndex: number): Map<number, number> {
  const units = new Map<number, number>();
  for (const order of orders) {
    for (const line of order.lines) {
      if (line.variantIndex === variantIndex)
        units.set(order.day, (units.get(order.day) ?? 0) + line.quantity);
    }
  }
  return units;
}

function unitsIn(orders: ScriptedOrder[], from: number, to: number): number {
  let total = 0;
  for (const order of orders) {
    if (order.day >= from && order.day < to) for (const line of order.lines) total += line.quantity;
  }
  return total;
}

function stockFor(
  orders: ScriptedOrder[],
  variantIndex: number,
  options: StockPlanOptions,
): { variantIndex: number; plan: StockPlan } {
  return { variantIndex, plan: planStock(unitsByDay(orders, variantIndex), options) };
}

function first<T>(items: readonly T[]): T {
  const item = items[0];
  if (item === undefined) throw new RangeError("planted product without variants");
  return item;
}

function situation(
  recipe: Pick<PlantRecipe, "kind" | "expectFlag">,
  product: PlantedProduct,
  variantId: number | null,
  description: string,
): PlantedSituation {
  return {
    kind: recipe.kind,
    expectFlag: recipe.expectFlag,
    productId: product.productId,
    variantId,
    description,
  };
}

const typeName = (typeIndex: number) => (PRODUCT_TYPES[typeIndex] as (typeof PRODUCT_TYPES)[number]).name;
const f1 = (value: number) => value.toFixed(1);
const f2 = (value: number) => value.toFixed(2);

/**
 * A steady seller at `share` of its category, with exact totals in each 90-day window, ordinary
 * discounts and returns.
 */
function steadyOrders(ctx: PlantContext, product: PlantedProduct, share: number): ScriptedOrder[] {
  const variant = first(product.variants);
  const rate = (day: number) => share * ctx.categoryRate(product.typeIndex, day, day + 1);
  const days = windows(ctx.days).flatMap(([from, to]) => exactly(ctx.rng, from, to, rate));
  return singleUnitOrders(variant.index, days, "any", "random");
}

// ---- flags -----------------------------------------------------------------------------------

const slowMover: PlantRecipe = {
  kind: "slow_mover",
  expectFlag: true,
  minDays: 120,
  size: 1,
  hosts: ["T-Shirts"],
  shapes: () => [{ typeName: "T-Shirts", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const recentExpected = ctx.categoryRate(p.typeIndex, D - WINDOW_DAYS, D) * WINDOW_DAYS;
    const earlierExpected = ctx.categoryRate(p.typeIndex, 0, D - WINDOW_DAYS) * (D - WINDOW_DAYS);
    const recent = Math.max(1, Math.round(0.05 * recentExpected));
    const earlier = Math.max(2, Math.round(0.05 * earlierExpected));
    // The window's few sales fall in its last 55 days, so the item never looks dead.
    const days = [...evenly(ctx.rng, 0, D - WINDOW_DAYS, earlier), ...evenly(ctx.rng, D - 55, D, recent)];
    const orders = singleUnitOrders(variant.index, days, "any", "random");
    return {
      orders,
      stock: [stockFor(orders, variant.index, { firstDay: 0, days: D, endStock: 2, every: 120 })],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Slow mover: ${recent} units in the last 90 days, in stock on all of them, where an average ` +
            `${typeName(p.typeIndex)} product sells about ${f1(recentExpected)} (about 5 % of the category rate); ` +
            `it still sells now and then, so it is not dead stock.`,
        ),
      ],
    };
  },
};

const declining: PlantRecipe = {
  kind: "declining",
  expectFlag: true,
  minDays: 200,
  size: 1,
  hosts: ["Backpacks"],
  shapes: () => [{ typeName: "Backpacks", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const prior = Math.max(
      40,
      Math.round(2 * ctx.categoryRate(p.typeIndex, D - 2 * WINDOW_DAYS, D - WINDOW_DAYS) * WINDOW_DAYS),
    );
    const recent = Math.round(0.25 * prior);
    const earlier = Math.round((prior / WINDOW_DAYS) * (D - 2 * WINDOW_DAYS));
    const days = [
      ...scatter(ctx.rng, 0, D - 2 * WINDOW_DAYS, earlier),
      ...scatter(ctx.rng, D - 2 * WINDOW_DAYS, D - WINDOW_DAYS, prior),
      ...scatter(ctx.rng, D - WINDOW_DAYS, D, recent),
    ];
    const orders = singleUnitOrders(variant.index, days, "any", "random");
    const endStock = Math.max(3, Math.ceil((recent / WINDOW_DAYS) * 40));
    return {
      orders,
      stock: [stockFor(orders, variant.index, { firstDay: 0, days: D, endStock, every: 45 })],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Declining: a former best seller (about twice its category's rate) that sold ${prior} units in ` +
            `the 90 days before the last 90 and ${recent} in the last 90 (rate ratio 0.25), in stock ` +
            `throughout; its category has no such drop.`,
        ),
      ],
    };
  },
};

const overstock: PlantRecipe = {
  kind: "overstock",
  expectFlag: true,
  minDays: 150,
  size: 1,
  hosts: ["Socks"],
  shapes: () => [{ typeName: "Socks", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const orders = steadyOrders(ctx, p, 1);
    const weekly = (Math.max(1, unitsIn(orders, D - WINDOW_DAYS, D)) / WINDOW_DAYS) * 7;
    const endStock = Math.round(45 * weekly);
    const bigDelivery = D - 120;
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: D,
          endStock,
          every: 45,
          lastRoutineDay: bigDelivery - 1,
          extraDays: [bigDelivery],
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Overstock: sells like an average ${typeName(p.typeIndex)} product (${f1(weekly)} units a week ` +
            `over the last 90 days) but a large delivery 120 days ago left ${endStock} units: about 45 ` +
            `weeks of supply.`,
        ),
      ],
    };
  },
};

const deadStock: PlantRecipe = {
  kind: "dead_stock",
  expectFlag: true,
  minDays: 240,
  size: 1,
  hosts: ["Hoodies"],
  shapes: () => [{ typeName: "Hoodies", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const lastSelling = D - 170;
    const days = poissonDays(
      ctx.rng,
      0,
      lastSelling,
      (day) => 0.6 * ctx.categoryRate(p.typeIndex, day, day + 1),
    );
    const orders = singleUnitOrders(variant.index, days, "any", "random");
    const expected = ctx.categoryRate(p.typeIndex, lastSelling, D) * (D - lastSelling);
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: D,
          endStock: 14,
          every: 60,
          lastRoutineDay: D - 200,
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Dead stock: an all-season product, live for over a year, with 14 units on hand and no sale in ` +
            `the last 170 days, all of them in stock (an average ${typeName(p.typeIndex)} product sold about ` +
            `${f1(expected)} units meanwhile).`,
        ),
      ],
    };
  },
};

const stockoutRisk: PlantRecipe = {
  kind: "stockout_risk",
  expectFlag: true,
  minDays: 120,
  size: 1,
  hosts: ["Backpacks"],
  shapes: () => [{ typeName: "Backpacks", variants: 1, premium: true }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const days = poissonDays(ctx.rng, 0, D, (day) =>
      Math.max(4 * ctx.categoryRate(p.typeIndex, day, day + 1), 1),
    );
    const orders = singleUnitOrders(variant.index, days, "any", "random");
    const daily = unitsIn(orders, D - WINDOW_DAYS, D) / WINDOW_DAYS;
    const endStock = Math.max(2, Math.round(3 * daily));
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: D,
          endStock,
          every: 40,
          lastRoutineDay: D - 35,
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Stockout risk: a premium best seller (about 4 times its category's rate, ${f2(daily)} units a ` +
            `day over the last 90 days) with ${endStock} units left, about ${f1(endStock / daily)} days of ` +
            `cover, far below a lead time of two weeks plus safety stock.`,
        ),
      ],
    };
  },
};

const highReturns: PlantRecipe = {
  kind: "high_returns",
  expectFlag: true,
  minDays: 120,
  size: 1,
  hosts: ["Hoodies"],
  shapes: () => [{ typeName: "Hoodies", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const days = poissonDays(ctx.rng, 0, D, (day) => 1.2 * ctx.categoryRate(p.typeIndex, day, day + 1));
    const orders: ScriptedOrder[] = days.map((day) => ({
      day,
      lines: [{ variantIndex: variant.index, quantity: 1 }],
      discount: "any",
      refund: ctx.rng.bool(0.35) ? { afterDays: ctx.rng.uniform(2, 28) } : null,
    }));
    const endStock = Math.ceil((unitsIn(orders, D - WINDOW_DAYS, D) / WINDOW_DAYS) * 40) + 2;
    return {
      orders,
      stock: [stockFor(orders, variant.index, { firstDay: 0, days: D, endStock, every: 45 })],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `High returns: 35 % of units are refunded, 2 to 28 days after the order (the category returns ` +
            `about ${Math.round(100 * (PRODUCT_TYPES[p.typeIndex]?.returnRate ?? 0))} %), on ` +
            `${orders.length} units sold over the history.`,
        ),
      ],
    };
  },
};

const soldBelowCost: PlantRecipe = {
  kind: "sold_below_cost",
  expectFlag: true,
  minDays: 60,
  size: 1,
  hosts: ["Sunglasses"],
  shapes: () => [{ typeName: "Sunglasses", variants: 1, costRatio: 0.88 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const days = poissonDays(ctx.rng, 0, D, (day) => ctx.categoryRate(p.typeIndex, day, day + 1));
    const orders: ScriptedOrder[] = days.map((day) => ({
      day,
      lines: [{ variantIndex: variant.index, quantity: 1 }],
      discount: ctx.rng.bool(0.4) ? "code" : "none",
      refund: "random",
    }));
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: D,
          endStock: Math.ceil((unitsIn(orders, D - WINDOW_DAYS, D) / WINDOW_DAYS) * 40) + 2,
          every: 45,
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Sold below cost: the unit cost is 88 % of the price and about 40 % of units sell with a ` +
            `discount code of 15 % or more, so those units sell below cost.`,
        ),
      ],
    };
  },
};

const discountDependent: PlantRecipe = {
  kind: "discount_dependent",
  expectFlag: true,
  minDays: 90,
  size: 1,
  hosts: ["Socks"],
  shapes: () => [{ typeName: "Socks", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const promoRate = Math.max(3, 6 * ctx.categoryRate(p.typeIndex, 0, D));
    const fullPriceDays: number[] = [];
    const promoDays: number[] = [];
    for (let day = 0; day < D; day++) (ctx.calendar.promotion(day) ? promoDays : fullPriceDays).push(day);
    const onPromo = promoDays.flatMap((day) => Array.from({ length: ctx.rng.poisson(promoRate) }, () => day));
    const atFullPrice = Array.from(
      { length: Math.max(2, Math.round(0.015 * promoRate * fullPriceDays.length)) },
      () => ctx.rng.pick(fullPriceDays),
    ).sort((a, b) => a - b);
    const orders = [
      ...singleUnitOrders(variant.index, onPromo, "code", "random"),
      ...singleUnitOrders(variant.index, atFullPrice, "none", "random"),
    ].sort((a, b) => a.day - b.day);
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: D,
          endStock: Math.round(promoRate * 6) + 2,
          every: 30,
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Discount dependent: ${onPromo.length} of ${orders.length} units sold on promotion days with the ` +
            `promotion's code; on the ${fullPriceDays.length} full-price days it sold ${atFullPrice.length} ` +
            `(full-price rate about 1.5 % of the promotion-day rate).`,
        ),
      ],
    };
  },
};

const weakContent: PlantRecipe = {
  kind: "weak_content",
  expectFlag: true,
  minDays: 30,
  size: 1,
  hosts: ["T-Shirts"],
  shapes: () => [{ typeName: "T-Shirts", variants: 1, weakContent: true }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const orders = steadyOrders(ctx, p, 0.8);
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: ctx.days,
          endStock: Math.ceil((unitsIn(orders, ctx.days - 30, ctx.days) / 30) * 40) + 2,
          every: 45,
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Weak content: no images, a one-line description and no SEO title or description; it sells ` +
            `somewhat below its category (about 0.8 times).`,
        ),
      ],
    };
  },
};

// ---- traps -----------------------------------------------------------------------------------

const newProduct: PlantRecipe = {
  kind: "trap_new_product",
  expectFlag: false,
  minDays: 30,
  size: 1,
  hosts: ["Backpacks"],
  shapes: (ctx) => [
    { typeName: "Backpacks", variants: 2, createdMs: ctx.nowMs - 5 * DAY_MS - 3 * 3_600_000 },
  ],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const D = ctx.days;
    const firstDay = D - 6;
    const sold = first(p.variants);
    const orders = singleUnitOrders(sold.index, [D - 2], "any", null);
    return {
      orders,
      stock: p.variants.map((variant) =>
        stockFor(orders, variant.index, {
          firstDay,
          days: D,
          endStock: variant.index === sold.index ? 11 : 12,
          every: 1000,
        }),
      ),
      situations: [
        situation(
          this,
          p,
          null,
          `New product: created and published 5 days ago with 12 units of each variant, 1 unit sold so far. ` +
            `Too new to judge (under 28 in-stock days): not a slow mover, not dead stock.`,
        ),
      ],
    };
  },
};

/** The season whose peak is farthest from now: at the default now (1 November) that is summer. */
function offSeason(nowMs: number): "winter" | "summer" {
  const doy = dayOfYear(nowMs);
  const distance = (peak: number) => Math.min(Math.abs(doy - peak), 365 - Math.abs(doy - peak));
  return distance(SEASON_PEAK_DAY.winter) > distance(SEASON_PEAK_DAY.summer) ? "winter" : "summer";
}

const OFF_SEASON_TYPE = { winter: "Snowboards", summer: "Board Shorts" } as const;

const outOfSeason: PlantRecipe = {
  kind: "trap_out_of_season",
  expectFlag: false,
  minDays: 365,
  size: 1,
  hosts: ["Snowboards", "Board Shorts"],
  shapes: (ctx) => [{ typeName: OFF_SEASON_TYPE[offSeason(ctx.nowMs)], variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const season = offSeason(ctx.nowMs);
    let peak = D - WINDOW_DAYS;
    while (peak > 30 && dayOfYear(ctx.startMs + peak * DAY_MS) !== SEASON_PEAK_DAY[season]) peak -= 1;
    const lastSelling = Math.min(peak + 30, D - 75);
    const days = poissonDays(
      ctx.rng,
      peak - 30,
      lastSelling,
      (day) => 1.2 * ctx.categoryRate(p.typeIndex, day, day + 1),
    );
    const orders = singleUnitOrders(variant.index, days, "any", "random");
    return {
      orders,
      stock: [stockFor(orders, variant.index, { firstDay: 0, days: D, endStock: 12, every: 60 })],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Out of season: a ${season} product that sold ${orders.length} units around its ${season} peak ` +
            `and none in the last ${D - lastSelling} days, with 12 units on hand. Its whole category is in ` +
            `its off season: not dead stock, and not declining year over year.`,
        ),
      ],
    };
  },
};

const mostlyOutOfStock: PlantRecipe = {
  kind: "trap_mostly_out_of_stock",
  expectFlag: false,
  minDays: 200,
  size: 1,
  hosts: ["Hoodies"],
  shapes: () => [{ typeName: "Hoodies", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const outFrom = D - 75;
    const outTo = D - 15;
    const rate = (day: number) => 1.5 * ctx.categoryRate(p.typeIndex, day, day + 1);
    const days = [
      ...exactly(ctx.rng, 0, D - 2 * WINDOW_DAYS, rate),
      ...exactly(ctx.rng, D - 2 * WINDOW_DAYS, D - WINDOW_DAYS, rate),
      ...exactly(ctx.rng, D - WINDOW_DAYS, outFrom - 1, rate),
      // a sale on the last day before the gap takes the last unit
      outFrom - 1,
      ...exactly(ctx.rng, outTo, D, rate),
    ];
    const orders = singleUnitOrders(variant.index, days, "any", "random");
    const inStockUnits = unitsIn(orders, D - WINDOW_DAYS, D);
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: D,
          endStock: Math.ceil((inStockUnits / 30) * 45) + 1,
          every: 45,
          stockOut: { from: outFrom, to: outTo },
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Mostly out of stock: out of stock on 60 of the last 90 days (from 75 to 15 days ago). It sold ` +
            `${inStockUnits} units on its 30 in-stock days, about 1.5 times its category's rate per in-stock ` +
            `day: not slow and not declining once exposure counts only in-stock days.`,
        ),
      ],
    };
  },
};

const oneSaleOneRefund: PlantRecipe = {
  kind: "trap_one_sale_one_refund",
  expectFlag: false,
  minDays: 60,
  size: 1,
  hosts: [],
  shapes(ctx) {
    // the quietest category, so a single sale in 40 days is unremarkable
    const D = ctx.days;
    const quietest = [...ctx.typesWithPeers].sort(
      (a, b) => ctx.categoryRate(a, D - 40, D) - ctx.categoryRate(b, D - 40, D) || a - b,
    )[0];
    return [
      {
        typeName: typeName(quietest ?? 0),
        variants: 1,
        createdMs: ctx.nowMs - 40 * DAY_MS - 2 * 3_600_000,
      },
    ];
  },
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const orders = singleUnitOrders(variant.index, [D - 36], "any", { afterDays: 7 });
    return {
      orders,
      stock: [stockFor(orders, variant.index, { firstDay: D - 41, days: D, endStock: 5, every: 1000 })],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `One sale, one refund: live for 40 days, its only unit sold 36 days ago and was refunded a week ` +
            `later. A 100 % return rate on one unit is no evidence (guards: at least 3 refunds and 20 units).`,
        ),
      ],
    };
  },
};

const unmaturedReturns: PlantRecipe = {
  kind: "trap_unmatured_returns",
  expectFlag: false,
  minDays: 60,
  size: 1,
  hosts: ["T-Shirts"],
  shapes: (ctx) => [
    { typeName: "T-Shirts", variants: 1, createdMs: ctx.nowMs - 26 * DAY_MS - 5 * 3_600_000 },
  ],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const units = Math.max(24, Math.round(1.5 * ctx.categoryRate(p.typeIndex, D - 26, D) * 26));
    const days = scatter(ctx.rng, D - 25, D, units);
    const refundable = days.map((day, i) => ({ day, i })).filter(({ day }) => day <= D - 8);
    const refunded = new Set(
      ctx.rng
        .shuffle(refundable)
        .slice(0, 5)
        .map(({ i }) => i),
    );
    const orders: ScriptedOrder[] = days.map((day, i) => ({
      day,
      lines: [{ variantIndex: variant.index, quantity: 1 }],
      discount: "any",
      refund: refunded.has(i) ? { afterDays: ctx.rng.uniform(2, 6) } : null,
    }));
    return {
      orders,
      stock: [stockFor(orders, variant.index, { firstDay: D - 27, days: D, endStock: 40, every: 1000 })],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Unmatured returns: launched 26 days ago, ${units} units sold and ${refunded.size} already refunded ` +
            `(${Math.round((100 * refunded.size) / units)} % if counted naively), but no order is past the ` +
            `${RETURN_WINDOW_DAYS}-day return window yet, so there is no matured return rate to judge.`,
        ),
      ],
    };
  },
};

const intermittentSeller: PlantRecipe = {
  kind: "trap_intermittent_seller",
  expectFlag: false,
  minDays: 200,
  size: 1,
  hosts: ["Hoodies"],
  shapes: () => [{ typeName: "Hoodies", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const spacing = 43;
    const burstUnits = Math.max(
      6,
      Math.round(0.65 * ctx.categoryRate(p.typeIndex, D - WINDOW_DAYS, D) * spacing),
    );
    const orders: ScriptedOrder[] = [];
    for (let start = D - 44; start >= 0; start -= spacing + ctx.rng.int(-2, 2)) {
      // a burst: three orders of a few units each (a club or team buying together) over four days
      const quantities = [0, 1, 2].map((k) => Math.floor((burstUnits + k) / 3));
      quantities.forEach((quantity, k) => {
        orders.push({
          day: start + (k === 0 ? 0 : ctx.rng.int(1, 3)),
          lines: [{ variantIndex: variant.index, quantity }],
          discount: "any",
          refund: null,
        });
      });
    }
    orders.sort((a, b) => a.day - b.day);
    return {
      orders,
      stock: [stockFor(orders, variant.index, { firstDay: 0, days: D, endStock: burstUnits + 2, every: 60 })],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Intermittent seller: sells in bursts of about ${burstUnits} units (three orders within four ` +
            `days) every ~43 days and nothing in between; the last burst was 44 to 41 days ago. ` +
            `Gaps stay under 60 in-stock days and its 90-day rate is about 0.65 of its category: ` +
            `not dead stock, not a slow mover, not declining.`,
        ),
      ],
    };
  },
};

const wholesaleSpike: PlantRecipe = {
  kind: "trap_wholesale_spike",
  expectFlag: false,
  minDays: 200,
  size: 1,
  hosts: ["Socks"],
  shapes: () => [{ typeName: "Socks", variants: 1 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const variant = first(p.variants);
    const D = ctx.days;
    const spikeDay = D - 130;
    // At most ~30 units per 90 days, so the 50-unit order dominates its window.
    const share = Math.min(0.6, 30 / (ctx.categoryRate(p.typeIndex, 0, D) * WINDOW_DAYS));
    const orders = steadyOrders(ctx, p, share);
    orders.push({
      day: spikeDay,
      lines: [{ variantIndex: variant.index, quantity: 50 }],
      discount: "none",
      refund: null,
      wholesale: true,
    });
    orders.sort((a, b) => a.day - b.day);
    return {
      orders,
      stock: [
        stockFor(orders, variant.index, {
          firstDay: 0,
          days: D,
          endStock: Math.ceil((unitsIn(orders, D - 30, D) / 30) * 40) + 2,
          every: 45,
          extraDays: [spikeDay - 1],
        }),
      ],
      situations: [
        situation(
          this,
          p,
          variant.id,
          `Wholesale spike: sells steadily (about ${f2(share)} times its category's rate), plus one ` +
            `50-unit order from a wholesale customer 130 days ago (inside the prior 90-day window). ` +
            `Counting units, the last 90 days look like a steep decline; counting orders (or capping ` +
            `the outlier) shows a steady seller.`,
        ),
      ],
    };
  },
};

const kitCooccurrence: PlantRecipe = {
  kind: "trap_kit_cooccurrence",
  expectFlag: false,
  minDays: 60,
  size: 2,
  hosts: ["Ski Wax"],
  shapes: () => [
    { typeName: "Ski Wax", variants: 1, title: "Tuning Kit Wax Iron" },
    { typeName: "Ski Wax", variants: 1, title: "Tuning Kit Scraper" },
  ],
  script(ctx, products) {
    const [iron, scraper] = products as [PlantedProduct, PlantedProduct];
    const ironVariant = first(iron.variants);
    const scraperVariant = first(scraper.variants);
    const D = ctx.days;
    const days = poissonDays(ctx.rng, 0, D, (day) => ctx.categoryRate(iron.typeIndex, day, day + 1));
    const orders: ScriptedOrder[] = days.map((day) => {
      const quantity = ctx.rng.bool(0.1) ? 2 : 1;
      return {
        day,
        lines: [
          { variantIndex: ironVariant.index, quantity },
          { variantIndex: scraperVariant.index, quantity },
        ],
        discount: "any",
        refund: null,
      };
    });
    const endStock = Math.ceil((unitsIn(orders, D - 30, D) / 60) * 40) + 3;
    const description =
      `Kit co-occurrence: "${iron.title}" and "${scraper.title}" are sold only together, one of each per ` +
      `order (${orders.length} orders). Their lift is huge but they are a kit, not a bundle opportunity.`;
    return {
      orders,
      stock: [
        stockFor(orders, ironVariant.index, { firstDay: 0, days: D, endStock, every: 45 }),
        stockFor(orders, scraperVariant.index, { firstDay: 0, days: D, endStock, every: 45 }),
      ],
      situations: [
        situation(this, iron, ironVariant.id, description),
        situation(this, scraper, scraperVariant.id, description),
      ],
    };
  },
};

const weakVariantsStrongProduct: PlantRecipe = {
  kind: "trap_weak_variants_strong_product",
  expectFlag: false,
  minDays: 120,
  size: 1,
  hosts: ["T-Shirts"],
  shapes: () => [{ typeName: "T-Shirts", variants: 4 }],
  script(ctx, [product]) {
    const p = product as PlantedProduct;
    const D = ctx.days;
    const segments: Array<[number, number]> = [
      [0, D - WINDOW_DAYS],
      [D - WINDOW_DAYS, D],
    ];
    const orders: ScriptedOrder[] = [];
    const stock = p.variants.map((variant) => {
      const own = segments.flatMap(([from, to]) =>
        singleUnitOrders(
          variant.index,
          scatter(
            ctx.rng,
            from,
            to,
            Math.round(0.24 * ctx.categoryRate(p.typeIndex, from, to) * (to - from)),
          ),
          "any",
          "random",
        ),
      );
      orders.push(...own);
      return stockFor(own, variant.index, { firstDay: 0, days: D, endStock: 8, every: 60 });
    });
    orders.sort((a, b) => a.day - b.day);
    return {
      orders,
      stock,
      situations: [
        situation(
          this,
          p,
          null,
          `Weak variants, strong product: four sizes that each sell about 0.24 times an average ` +
            `${typeName(p.typeIndex)} product, together about 0.96 times: the product is fine, and each ` +
            `variant is ordinary among variants. Compare products with products.`,
        ),
      ],
    };
  },
};

/** In priority order: small catalogs plant from the top of the list. */
export const RECIPES: readonly PlantRecipe[] = [
  weakContent,
  newProduct,
  slowMover,
  deadStock,
  overstock,
  highReturns,
  soldBelowCost,
  discountDependent,
  declining,
  stockoutRisk,
  oneSaleOneRefund,
  unmaturedReturns,
  mostlyOutOfStock,
  wholesaleSpike,
  intermittentSeller,
  outOfSeason,
  weakVariantsStrongProduct,
  kitCooccurrence,
];

/** Stores of at least this many products get every recipe their history is long enough for. */
const FULL_PLANTING_PRODUCTS = 40;

/**
 * The recipes for a catalog: all (that fit the history) from 40 products; below that, in priority
 * order while at least half the catalog plus two products stay ordinary, so comparisons keep peers.
 */
export function selectRecipes(products: number, days: number): PlantRecipe[] {
  const fitting = RECIPES.filter((recipe) => days >= recipe.minDays);
  if (products >= FULL_PLANTING_PRODUCTS) return fitting;
  const budget = Math.floor(products / 2) - 2;
  const chosen: PlantRecipe[] = [];
  let used = 0;
  for (const recipe of fitting) {
    if (used + recipe.size > budget) break;
    chosen.push(recipe);
    used += recipe.size;
  }
  return chosen;
}

export function hostTypeIndexes(recipes: readonly PlantRecipe[]): number[] {
  return [...new Set(recipes.flatMap((recipe) => recipe.hosts))].map(typeIndexOf);
}

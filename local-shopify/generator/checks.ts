/*
 * For each planted situation, the evidence an engine would compute and the rules of
 * notes/analytics-methods.md it should (flags) or should not (traps) fire, tightened so a pass
 * means a clear margin. The tests assert every check; the bench prints them for the docs.
 */
import type { PlantedSituation, StoreProduct } from "../store/types";
import { DAY_MS, parseIso, promotionOn } from "./calendar";
import {
  binomialCdf,
  poissonUpper,
  probabilityRateBelow,
  wilsonLower,
  type StoreEvidence,
  type Window,
} from "./evidence";
import { productTypeNamed } from "./product-types";
import { WINDOW_DAYS } from "./planted";

export interface Check {
  /** what must hold, in words */
  rule: string;
  holds: boolean;
}

export interface SituationEvidence {
  situation: PlantedSituation;
  facts: Record<string, number>;
  checks: Check[];
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

function productOf(evidence: StoreEvidence, situation: PlantedSituation): StoreProduct {
  const product = evidence.store.products.find((candidate) => candidate.id === situation.productId);
  if (!product) throw new Error(`planted product ${situation.productId} is missing`);
  return product;
}

function stockNow(evidence: StoreEvidence, productId: number): number {
  return evidence.store.variants
    .filter((variant) => variant.productId === productId)
    .reduce((sum, variant) => sum + variant.inventoryQuantity, 0);
}

/** Units, in-stock days, rate and the category's rate for a product over a window. */
function rates(evidence: StoreEvidence, product: StoreProduct, window: Window) {
  const units = evidence.productUnits(product.id, window);
  const exposure = evidence.productInStockDays(product.id, window);
  const category = evidence.categoryRate(product.productType, window);
  return { units, exposure, rate: exposure > 0 ? units / exposure : 0, category };
}

/** In-stock days since the last sale (all of the history if it never sold). */
function quietInStockDays(evidence: StoreEvidence, productId: number): number {
  const since = Math.min(evidence.daysSinceLastSale(productId), evidence.days);
  return evidence.productInStockDays(productId, evidence.recent(since - 1));
}

function saleDays(evidence: StoreEvidence, productId: number): number[] {
  const days: number[] = [];
  for (let day = 0; day < evidence.days; day++) {
    if (evidence.productUnits(productId, { from: day, to: day + 1 }) > 0) days.push(day);
  }
  return days;
}

type Checker = (evidence: StoreEvidence, situation: PlantedSituation) => Omit<SituationEvidence, "situation">;

const CHECKERS: Record<string, Checker> = {
  slow_mover(evidence, situation) {
    const product = productOf(evidence, situation);
    const w = rates(evidence, product, evidence.recent(WINDOW_DAYS));
    const probability = probabilityRateBelow(w.units, w.exposure, 0.3 * w.category, {
      shape: 2,
      mean: w.category,
    });
    const quiet = quietInStockDays(evidence, product.id);
    return {
      facts: {
        units: w.units,
        inStockDays: w.exposure,
        rate: round(w.rate),
        categoryRate: round(w.category),
        ratio: round(w.rate / w.category),
        probabilityBelow: round(probability),
        quietInStockDays: quiet,
      },
      checks: [
        { rule: "at least 28 in-stock days", holds: w.exposure >= 28 },
        { rule: "rate at most 0.15 of the category (flag: 0.3)", holds: w.rate <= 0.15 * w.category },
        {
          rule: "P(rate < 0.3 x category) > 0.95 (flag: 0.9), prior worth 2 units",
          holds: probability > 0.95,
        },
        { rule: "sold within the last 60 days (not dead stock)", holds: quiet < 60 },
      ],
    };
  },

  declining(evidence, situation) {
    const product = productOf(evidence, situation);
    const recent = rates(evidence, product, evidence.recent(WINDOW_DAYS));
    const prior = rates(evidence, product, {
      from: evidence.days - 2 * WINDOW_DAYS,
      to: evidence.days - WINDOW_DAYS,
    });
    const ratio = recent.rate / prior.rate;
    const pValue = binomialCdf(
      recent.units,
      recent.units + prior.units,
      recent.exposure / (recent.exposure + prior.exposure),
    );
    const peersRatio =
      evidence.categoryRate(product.productType, evidence.recent(WINDOW_DAYS), "product", product.id) /
      evidence.categoryRate(
        product.productType,
        { from: evidence.days - 2 * WINDOW_DAYS, to: evidence.days - WINDOW_DAYS },
        "product",
        product.id,
      );
    return {
      facts: {
        priorUnits: prior.units,
        priorInStockDays: prior.exposure,
        recentUnits: recent.units,
        recentInStockDays: recent.exposure,
        rateRatio: round(ratio),
        pValue,
        peersRatio: round(peersRatio),
      },
      checks: [
        { rule: "at least 20 units in the prior window (guard: 10)", holds: prior.units >= 20 },
        { rule: "rate ratio at most 0.4 (flag: 0.6)", holds: ratio <= 0.4 },
        {
          rule: "conditional binomial p < 0.001 (survives FDR over hundreds of items)",
          holds: pValue < 0.001,
        },
        {
          rule: "it fell far more than the rest of its category (ratio <= 0.5 x theirs)",
          holds: ratio <= 0.5 * peersRatio,
        },
      ],
    };
  },

  overstock(evidence, situation) {
    const product = productOf(evidence, situation);
    const w = rates(evidence, product, evidence.recent(WINDOW_DAYS));
    const stock = stockNow(evidence, product.id);
    const p50 = stock / (w.rate * 7);
    const p10 = stock / ((poissonUpper(w.units, 0.9) / w.exposure) * 7);
    return {
      facts: {
        stock,
        unitsLast90: w.units,
        weeklyRate: round(w.rate * 7),
        weeksOfSupplyP50: round(p50, 1),
        weeksOfSupplyP10: round(p10, 1),
      },
      checks: [
        { rule: "weeks of supply P50 >= 35 (flag: 26)", holds: p50 >= 35 },
        { rule: "weeks of supply P10 >= 20 (flag: 13)", holds: p10 >= 20 },
      ],
    };
  },

  dead_stock(evidence, situation) {
    const product = productOf(evidence, situation);
    const quiet = quietInStockDays(evidence, product.id);
    const category = evidence.categoryRate(product.productType, evidence.recent(quiet));
    const liveDays = (evidence.nowMs - parseIso(product.createdAt)) / DAY_MS;
    return {
      facts: {
        stock: stockNow(evidence, product.id),
        quietInStockDays: quiet,
        expectedAtCategoryRate: round(category * quiet, 1),
        liveDays: Math.floor(liveDays),
      },
      checks: [
        { rule: "stock > 0", holds: stockNow(evidence, product.id) > 0 },
        { rule: "no sale in at least 90 in-stock days (flag: 60)", holds: quiet >= 90 },
        { rule: "at least 5 expected at the category rate", holds: category * quiet >= 5 },
        { rule: "not new (live for 180+ days)", holds: liveDays >= 180 },
        {
          rule: "all-season type (not out of season)",
          holds: productTypeNamed(product.productType)?.season.kind === "all",
        },
      ],
    };
  },

  stockout_risk(evidence, situation) {
    const product = productOf(evidence, situation);
    const window = evidence.recent(WINDOW_DAYS);
    const w = rates(evidence, product, window);
    const stock = stockNow(evidence, product.id);
    const revenue = [...evidence.revenueByProduct(window).entries()].sort(
      (a, b) => b[1] - a[1] || a[0] - b[0],
    );
    const total = revenue.reduce((sum, [, value]) => sum + value, 0);
    let cumulative = 0;
    for (const [id, value] of revenue) {
      cumulative += value;
      if (id === product.id) break;
    }
    const cover = stock / w.rate;
    return {
      facts: {
        stock,
        dailyRate: round(w.rate),
        daysOfCover: round(cover, 1),
        cumulativeRevenueShare: round(cumulative / total),
      },
      checks: [
        { rule: "class A: cumulative revenue share <= 0.8 (A/B: 0.95)", holds: cumulative / total <= 0.8 },
        { rule: "still in stock", holds: stock > 0 },
        { rule: "days of cover <= 7 (flag: below lead time + safety, e.g. 21)", holds: cover <= 7 },
      ],
    };
  },

  high_returns(evidence, situation) {
    const product = productOf(evidence, situation);
    const own = evidence.returns([product.id], true);
    const category = evidence.returns(evidence.productIdsOfType(product.productType), true);
    const categoryRate = category.refundedUnits / category.units;
    const lower = wilsonLower(own.refundedUnits, own.units);
    const threshold = Math.max(1.5 * categoryRate, categoryRate + 0.05);
    return {
      facts: {
        maturedUnits: own.units,
        refundedUnits: own.refundedUnits,
        refunds: own.refunds,
        returnRate: round(own.refundedUnits / own.units),
        wilsonLower90: round(lower),
        categoryReturnRate: round(categoryRate),
        threshold: round(threshold),
      },
      checks: [
        { rule: "at least 40 matured units (guard: 20)", holds: own.units >= 40 },
        { rule: "at least 10 refunds (guard: 3)", holds: own.refunds >= 10 },
        { rule: "Wilson 90 % lower bound > max(1.5 x category, category + 5 pts)", holds: lower > threshold },
      ],
    };
  },

  sold_below_cost(evidence, situation) {
    const product = productOf(evidence, situation);
    const mix = evidence.priceMix(product.id, { from: 0, to: evidence.days });
    const costKnown = evidence.store.variants
      .filter((variant) => variant.productId === product.id)
      .every((variant) => variant.unitCost !== null);
    return {
      facts: {
        units: mix.units,
        belowCostUnits: mix.belowCost,
        belowCostShare: round(mix.belowCost / mix.units),
      },
      checks: [
        { rule: "unit cost known", holds: costKnown },
        { rule: "at least 20 % of units below cost (flag: 10 %)", holds: mix.belowCost >= 0.2 * mix.units },
      ],
    };
  },

  discount_dependent(evidence, situation) {
    const product = productOf(evidence, situation);
    const facts: Record<string, number> = {};
    const checks: Check[] = [];
    for (const [label, window] of [
      ["last90", evidence.recent(WINDOW_DAYS)],
      ["history", { from: 0, to: evidence.days }],
    ] as const) {
      const mix = evidence.priceMix(product.id, window);
      let promoUnits = 0;
      let promoDays = 0;
      let fullUnits = 0;
      let fullDays = 0;
      for (let day = window.from; day < window.to; day++) {
        const one = { from: day, to: day + 1 };
        if (evidence.productInStockDays(product.id, one) === 0) continue;
        const units = evidence.productUnits(product.id, one);
        if (promotionOn(evidence.startMs + day * DAY_MS + DAY_MS / 2)) {
          promoUnits += units;
          promoDays += 1;
        } else {
          fullUnits += units;
          fullDays += 1;
        }
      }
      const ratio = fullUnits / fullDays / (promoUnits / promoDays);
      Object.assign(facts, {
        [`${label}DiscountedShare`]: round(mix.discounted / mix.units),
        [`${label}FullPriceDays`]: fullDays,
        [`${label}FullPriceToPromoRate`]: round(ratio),
      });
      checks.push(
        {
          rule: `${label}: at least 70 % of units discounted (flag: 60 %)`,
          holds: mix.discounted >= 0.7 * mix.units,
        },
        { rule: `${label}: at least 14 full-price in-stock days`, holds: fullDays >= 14 },
        { rule: `${label}: full-price rate <= 0.15 x promotion rate (flag: 0.3)`, holds: ratio <= 0.15 },
      );
    }
    return { facts, checks };
  },

  weak_content(evidence, situation) {
    const product = productOf(evidence, situation);
    const text = product.descriptionHtml.replace(/<[^>]+>/g, "").trim();
    return {
      facts: { mediaCount: product.mediaCount, descriptionChars: text.length },
      checks: [
        { rule: "no images", holds: product.mediaCount === 0 },
        { rule: "description under 50 characters", holds: text.length < 50 },
        {
          rule: "no SEO title and no SEO description",
          holds: product.seoTitle === null && product.seoDescription === null,
        },
      ],
    };
  },

  trap_new_product(evidence, situation) {
    const product = productOf(evidence, situation);
    const liveDays = (evidence.nowMs - parseIso(product.createdAt)) / DAY_MS;
    const w = rates(evidence, product, evidence.recent(WINDOW_DAYS));
    return {
      facts: {
        liveDays: round(liveDays, 1),
        inStockDays: w.exposure,
        units: w.units,
        stock: stockNow(evidence, product.id),
      },
      checks: [
        { rule: "created 5 to 6 days ago", holds: liveDays >= 5 && liveDays < 6 },
        { rule: "fewer than 28 in-stock days (slow-mover guard)", holds: w.exposure < 28 },
        {
          rule: "has stock and at most one sale (a naive rule would call it slow or dead)",
          holds: w.units <= 1 && stockNow(evidence, product.id) > 0,
        },
      ],
    };
  },

  trap_out_of_season(evidence, situation) {
    const product = productOf(evidence, situation);
    const days = saleDays(evidence, product.id);
    const first = days[0] ?? 0;
    const last = days[days.length - 1] ?? 0;
    const season = { from: first, to: last + 1 };
    const quiet = quietInStockDays(evidence, product.id);
    const inSeason = evidence.categoryRate(product.productType, season);
    const lately = evidence.categoryRate(product.productType, evidence.recent(60));
    return {
      facts: {
        unitsInSeason: evidence.productUnits(product.id, season),
        quietInStockDays: quiet,
        stock: stockNow(evidence, product.id),
        categoryRateInSeason: round(inSeason),
        categoryRateLast60: round(lately),
      },
      checks: [
        {
          rule: "looks dead: stock > 0 and no sale in 60+ in-stock days",
          holds: stockNow(evidence, product.id) > 0 && quiet >= 60,
        },
        { rule: "a seasonal type", holds: productTypeNamed(product.productType)?.season.kind !== "all" },
        {
          rule: "its category sells at most 0.6 x its in-season rate lately",
          holds: lately <= 0.6 * inSeason,
        },
        {
          rule: "it sold at least 10 units in season",
          holds: evidence.productUnits(product.id, season) >= 10,
        },
      ],
    };
  },

  trap_mostly_out_of_stock(evidence, situation) {
    const product = productOf(evidence, situation);
    const recent = rates(evidence, product, evidence.recent(WINDOW_DAYS));
    const prior = rates(evidence, product, {
      from: evidence.days - 2 * WINDOW_DAYS,
      to: evidence.days - WINDOW_DAYS,
    });
    return {
      facts: {
        outOfStockDays: WINDOW_DAYS - recent.exposure,
        units: recent.units,
        rate: round(recent.rate),
        categoryRate: round(recent.category),
        naiveRatio: round(recent.units / prior.units),
        inStockRatio: round(recent.rate / prior.rate),
      },
      checks: [
        { rule: "out of stock on 60 of the last 90 days", holds: WINDOW_DAYS - recent.exposure === 60 },
        {
          rule: "per in-stock day it sells at least 0.8 x its category (not slow)",
          holds: recent.rate >= 0.8 * recent.category,
        },
        {
          rule: "per calendar day it looks declining (ratio < 0.6)",
          holds: recent.units / prior.units < 0.6,
        },
        { rule: "per in-stock day it does not (ratio >= 0.7)", holds: recent.rate >= 0.7 * prior.rate },
      ],
    };
  },

  trap_one_sale_one_refund(evidence, situation) {
    const product = productOf(evidence, situation);
    const all = evidence.returns([product.id], false);
    const matured = evidence.returns([product.id], true);
    return {
      facts: {
        units: all.units,
        refundedUnits: all.refundedUnits,
        refunds: all.refunds,
        maturedUnits: matured.units,
      },
      checks: [
        {
          rule: "one unit sold, on a matured order, refunded",
          holds: all.units === 1 && matured.units === 1 && all.refundedUnits === 1,
        },
        { rule: "below the guards (20 units, 3 refunds)", holds: all.units < 20 && all.refunds < 3 },
      ],
    };
  },

  trap_unmatured_returns(evidence, situation) {
    const product = productOf(evidence, situation);
    const all = evidence.returns([product.id], false);
    const matured = evidence.returns([product.id], true);
    const category = evidence.returns(evidence.productIdsOfType(product.productType), true);
    const categoryRate = category.refundedUnits / category.units;
    return {
      facts: {
        units: all.units,
        refundedUnits: all.refundedUnits,
        naiveReturnRate: round(all.refundedUnits / all.units),
        maturedUnits: matured.units,
        categoryReturnRate: round(categoryRate),
      },
      checks: [
        { rule: "no order past the 30-day return window", holds: matured.units === 0 },
        {
          rule: "naively (unmatured orders counted) it would pass the guards and look high",
          holds: all.units >= 20 && all.refunds >= 3 && all.refundedUnits / all.units >= 2 * categoryRate,
        },
      ],
    };
  },

  trap_intermittent_seller(evidence, situation) {
    const product = productOf(evidence, situation);
    const days = saleDays(evidence, product.id);
    let longestGap = 0;
    days.forEach((day, k) => {
      if (k > 0)
        longestGap = Math.max(
          longestGap,
          evidence.productInStockDays(product.id, { from: (days[k - 1] as number) + 1, to: day }),
        );
    });
    const current = quietInStockDays(evidence, product.id);
    const recent = rates(evidence, product, evidence.recent(WINDOW_DAYS));
    const prior = rates(evidence, product, {
      from: evidence.days - 2 * WINDOW_DAYS,
      to: evidence.days - WINDOW_DAYS,
    });
    return {
      facts: {
        saleDays: days.length,
        longestGapInStockDays: longestGap,
        currentGapInStockDays: current,
        ratioToCategory: round(recent.rate / recent.category),
        rateRatio: round(recent.rate / prior.rate),
      },
      checks: [
        {
          rule: "no quiet spell of 60+ in-stock days (not dead stock)",
          holds: Math.max(longestGap, current) < 60,
        },
        { rule: "quiet for 30+ days now (a naive rule would worry)", holds: current >= 30 },
        {
          rule: "90-day rate at least 0.4 x its category (not slow)",
          holds: recent.rate >= 0.4 * recent.category,
        },
        { rule: "rate ratio at least 0.6 (not declining)", holds: recent.rate >= 0.6 * prior.rate },
      ],
    };
  },

  trap_wholesale_spike(evidence, situation) {
    const product = productOf(evidence, situation);
    const recentWindow = evidence.recent(WINDOW_DAYS);
    const priorWindow = { from: evidence.days - 2 * WINDOW_DAYS, to: evidence.days - WINDOW_DAYS };
    let biggest = 0;
    for (const order of evidence.sales()) {
      const day = evidence.dayOf(parseIso(order.createdAt));
      if (day < priorWindow.from || day >= priorWindow.to) continue;
      for (const line of order.lineItems)
        if (line.productId === product.id) biggest = Math.max(biggest, line.quantity);
    }
    const recentUnits = evidence.productUnits(product.id, recentWindow);
    const priorUnits = evidence.productUnits(product.id, priorWindow);
    return {
      facts: {
        wholesaleQuantity: biggest,
        priorUnits,
        recentUnits,
        naiveRatio: round(recentUnits / priorUnits),
        ratioWithoutOutlier: round(recentUnits / (priorUnits - biggest)),
      },
      checks: [
        { rule: "one order of 50 units in the prior window", holds: biggest >= 50 },
        { rule: "counting units it looks declining (ratio < 0.6)", holds: recentUnits < 0.6 * priorUnits },
        {
          rule: "without that order it does not (ratio >= 0.7)",
          holds: recentUnits >= 0.7 * (priorUnits - biggest),
        },
      ],
    };
  },

  trap_kit_cooccurrence(evidence, situation) {
    const partner = evidence.store.planted.find(
      (other) => other.kind === situation.kind && other.productId !== situation.productId,
    );
    let orders = 0;
    let withProduct = 0;
    let withPartner = 0;
    let together = 0;
    for (const order of evidence.sales()) {
      orders += 1;
      const ids = new Set(order.lineItems.map((line) => line.productId));
      const a = ids.has(situation.productId);
      const b = partner !== undefined && ids.has(partner.productId);
      if (a) withProduct += 1;
      if (b) withPartner += 1;
      if (a && b) together += 1;
    }
    const lift = (orders * together) / (withProduct * withPartner);
    return {
      facts: { orders: withProduct, partnerOrders: withPartner, together, lift: round(lift, 1) },
      checks: [
        { rule: "a partner product is planted", holds: partner !== undefined },
        {
          rule: "always sold together (n_A = n_B = n_AB >= 20)",
          holds: together >= 20 && withProduct === together && withPartner === together,
        },
        { rule: "lift at least 5 (so a naive bundle finder would pick it)", holds: lift >= 5 },
      ],
    };
  },

  trap_weak_variants_strong_product(evidence, situation) {
    const product = productOf(evidence, situation);
    const window = evidence.recent(WINDOW_DAYS);
    const w = rates(evidence, product, window);
    const variantCategory = evidence.categoryRate(product.productType, window, "variant");
    const variantRates = evidence
      .variantIds(product.id)
      .map((id) => evidence.variantUnits(id, window) / evidence.variantInStockDays(id, product.id, window));
    return {
      facts: {
        productRatio: round(w.rate / w.category),
        variants: variantRates.length,
        maxVariantToProductCategory: round(Math.max(...variantRates) / w.category),
        minVariantToVariantCategory: round(Math.min(...variantRates) / variantCategory),
      },
      checks: [
        { rule: "the product sells at least 0.7 x its category", holds: w.rate >= 0.7 * w.category },
        {
          rule: "each variant sells under 0.4 x an average product of the category",
          holds: variantRates.every((rate) => rate < 0.4 * w.category),
        },
        {
          rule: "each variant sells at least 0.4 x an average variant of the category",
          holds: variantRates.every((rate) => rate >= 0.4 * variantCategory),
        },
      ],
    };
  },
};

export const CHECKED_KINDS = Object.keys(CHECKERS);

/** The evidence and checks for one planted situation. */
export function checkSituation(evidence: StoreEvidence, situation: PlantedSituation): SituationEvidence {
  const checker = CHECKERS[situation.kind];
  if (!checker) throw new Error(`no checks for planted kind ${situation.kind}`);
  return { situation, ...checker(evidence, situation) };
}

/**
 * The flags the notes' rules would raise on ordinary (not planted) active products older than half
 * a year, with the seasonal guards applied (dead stock, declining and overstock only for all-season
 * types) and Benjamini-Hochberg for declines. A normal store should raise none, so planted
 * situations stand out.
 */
export function ordinaryFlags(evidence: StoreEvidence): string[] {
  const store = evidence.store;
  const planted = new Set(store.planted.map((situation) => situation.productId));
  const recent = evidence.recent(WINDOW_DAYS);
  const prior = { from: evidence.days - 2 * WINDOW_DAYS, to: evidence.days - WINDOW_DAYS };
  const ordinary = store.products.filter(
    (product) =>
      product.status === "ACTIVE" &&
      !planted.has(product.id) &&
      evidence.nowMs - parseIso(product.createdAt) > 180 * DAY_MS,
  );
  const categoryReturns = new Map<string, number>();
  const raised: string[] = [];
  for (const product of ordinary) {
    const type = product.productType;
    const allSeason = productTypeNamed(type)?.season.kind === "all";
    const flag = (name: string) => raised.push(`${name}: product ${product.id} (${type})`);
    const w = rates(evidence, product, recent);
    const stock = stockNow(evidence, product.id);

    if (
      w.exposure >= 28 &&
      probabilityRateBelow(w.units, w.exposure, 0.3 * w.category, { shape: 2, mean: w.category }) > 0.9
    ) {
      flag("slow_mover");
    }
    if (allSeason && stock > 0 && quietInStockDays(evidence, product.id) >= 60) flag("dead_stock");
    const p = rates(evidence, product, prior);
    const pValue = binomialCdf(w.units, w.units + p.units, w.exposure / (w.exposure + p.exposure));
    // Benjamini-Hochberg at q = 0.1: the smallest p-value must beat 0.1 / (number of tests).
    if (allSeason && p.units >= 10 && w.rate < 0.6 * p.rate && pValue < 0.1 / ordinary.length)
      flag("declining");
    if (
      allSeason &&
      stock / ((poissonUpper(w.units, 0.9) / w.exposure) * 7) > 13 &&
      stock / (w.rate * 7) > 26
    ) {
      flag("overstock");
    }
    const own = evidence.returns([product.id], true);
    let category = categoryReturns.get(type);
    if (category === undefined) {
      const counts = evidence.returns(evidence.productIdsOfType(type), true);
      category = counts.refundedUnits / counts.units;
      categoryReturns.set(type, category);
    }
    if (
      own.units >= 20 &&
      own.refunds >= 3 &&
      wilsonLower(own.refundedUnits, own.units) > Math.max(1.5 * category, category + 0.05)
    ) {
      flag("high_returns");
    }
    const mix = evidence.priceMix(product.id, { from: 0, to: evidence.days });
    if (mix.belowCost > 0.1 * mix.units) flag("sold_below_cost");
    if (mix.discounted > 0.6 * mix.units) flag("discount_dependent");
    if (product.mediaCount === 0 || product.descriptionHtml.length < 150) flag("weak_content");
  }
  return raised;
}

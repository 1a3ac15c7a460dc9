/*
 * The default rule set of notes/analytics-methods.md: each rule with its guards, its evidence (the
 * counts, exposure, estimate, interval, comparison and rule) and a sentence a merchant understands.
 */
import { categoryRateBetween, type Facts } from "./facts";
import { approx, dayString, descriptionLength, percent, pluralType, spanInWords } from "./format";
import { probabilityRateBelow, returnInterval, type Estimates } from "./metrics";
import { betaCdf, betaQuantile, binomialCdf, clopperPearson, gammaCdf, gammaP, gammaQuantile } from "./stats";
import type { Flag, FlagKind, Severity } from "./types";

type Evidence = Flag["evidence"];

const round = (value: number, digits = 4) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

export const FLAG_ORDER: FlagKind[] = [
  "stockout_risk",
  "dead_stock",
  "declining",
  "slow_mover",
  "overstock",
  "high_returns",
  "sold_below_cost",
  "discount_dependent",
  "weak_content",
];

/** The content problems of a product, in a fixed order. */
export function contentIssues(facts: Facts, p: number): string[] {
  const product = facts.products[p];
  if (!product) return [];
  const issues: string[] = [];
  if (product.mediaCount === 0) issues.push("no_images");
  if (descriptionLength(product) < facts.settings.thinDescriptionChars) issues.push("thin_description");
  if (!product.seoTitle?.trim()) issues.push("no_seo_title");
  if (!product.seoDescription?.trim()) issues.push("no_seo_description");
  return issues;
}

export function evaluateFlags(facts: Facts, estimates: Estimates, money: (minor: number) => string): Flag[] {
  const { settings, products, priors, categoryOf } = facts;
  const window = { start: dayString(facts.recentStart), end: dayString(facts.asOf) };
  const W = settings.windowDays;
  const flags: Flag[] = [];

  for (let p = 0; p < products.length; p++) {
    const product = products[p];
    const prior = priors[categoryOf[p] as number];
    if (!product || !prior || !facts.active[p]) continue;
    const similar =
      prior.source === "category" ? `similar ${pluralType(product.productType)}` : "the store's products";
    const liveDays = facts.asOf - (facts.liveDay[p] as number) + 1;
    const isNew = !(liveDays >= settings.newProductDays);
    const units = facts.unitsRecent[p] as number;
    const capped = facts.cappedRecent[p] as number;
    const exposure = facts.exposureRecent[p] as number;
    const stock = facts.stockUnits[p] as number;
    const stockValue = facts.stockValueMinor[p] as number;
    const shape = estimates.shape[p] as number;
    const rate = estimates.rate[p] as number;
    const mean = estimates.mean[p] as number;
    const unitNet = units > 0 ? (facts.revenueRecent[p] as number) / units : averagePrice(facts, p);
    const basis = facts.coveredByHistory[p] ? "in_stock_days" : "days_on_sale";
    const common: Evidence = {
      exposureBasis: basis,
      exposureDays: exposure,
      stockoutGapDaysExcluded: facts.stockoutGapDays[p] as number,
      categoryRatePerDay: round(prior.rate),
      categorySource: prior.source,
      stockValueAtPrice: facts.stockValueAtPrice[p] === 1,
      wholesaleUnitsCapped: facts.cappedUnits[p] as number,
    };
    const add = (
      kind: FlagKind,
      severity: Severity,
      confidence: number,
      summary: string,
      evidence: Evidence,
      revenueAtRiskMinor: number,
      variantId: string | null = null,
      flagStockValue = stockValue,
    ) =>
      flags.push({
        productId: product.id,
        variantId,
        kind,
        severity,
        confidence: Math.min(1, Math.max(0, round(confidence) ?? 0)),
        window,
        summary,
        evidence: { ...common, ...evidence },
        stockValueMinor: Math.round(flagStockValue),
        revenueAtRiskMinor: Math.max(0, Math.round(revenueAtRiskMinor)),
      });
    // Seasonal categories: judged over the trailing year too, and not while the category is off season.
    const seasonGuard = prior.offSeason;
    const seasonal = prior.seasonal;
    const yearShape = prior.shape + (facts.cappedYear[p] as number);
    const yearRate =
      (prior.yearRate > 0 ? prior.shape / prior.yearRate : prior.scale) + (facts.exposureYear[p] as number);

    // ---- slow mover: P(rate < 0.3 x category) > 0.9 over >= 28 in-stock days --------------------------
    const slowThreshold = settings.slowRatio * prior.rate;
    const slowProbability = probabilityRateBelow(slowThreshold, { shape, rate });
    const slowOverYear =
      !seasonal ||
      gammaCdf(settings.slowRatio * prior.yearRate, yearShape, yearRate) > settings.flagProbability;
    if (
      !isNew &&
      !seasonGuard &&
      slowOverYear &&
      exposure >= settings.minInStockDays &&
      slowProbability > settings.flagProbability
    ) {
      const peers = prior.rate * exposure;
      const cover = mean > 0 ? stock / mean : Infinity;
      const coverText = stock > 0 ? `; ${stock} in stock is ${spanInWords(cover)} of cover` : "";
      add(
        "slow_mover",
        slowProbability > 0.99 && stock > 0 ? "high" : slowProbability > 0.95 ? "medium" : "low",
        slowProbability,
        `Sold ${units} in ${exposure} days${basis === "in_stock_days" ? " in stock" : " on sale"} while ${similar} sell about ${approx(peers)}${coverText}.`,
        {
          rule: `P(rate < ${settings.slowRatio} x category rate) > ${settings.flagProbability}`,
          units,
          estimate: round(mean),
          interval: [round(estimates.low[p] as number) ?? 0, round(estimates.high[p] as number) ?? 0],
          comparison: round(prior.rate),
          threshold: round(slowThreshold),
          probability: round(slowProbability),
          expectedAtCategoryRate: round(peers, 1),
        },
        (peers - units) * unitNet,
      );
    }

    // ---- dead stock: stock, no sale for 60 in-stock days or where 5 orders were expected -------------
    const quiet = facts.quietInStockDays[p] as number;
    const before = facts.inStockBeforeQuiet[p] as number;
    const expectedSales = (facts.saleDayRate[p] as number) * quiet;
    const quietLongEnough = quiet >= settings.deadQuietDays;
    const lastSaleDay = facts.lastSaleDay[p] as number;
    // the silence coincides with the category's own off season: the item is seasonal, not dead
    const quietInOffSeason =
      seasonal &&
      Number.isFinite(lastSaleDay) &&
      categoryRateBetween(facts, categoryOf[p] as number, lastSaleDay + 1, facts.asOf) <
        settings.offSeasonRatio *
          categoryRateBetween(facts, categoryOf[p] as number, lastSaleDay - W + 1, lastSaleDay);
    if (
      stock > 0 &&
      !isNew &&
      !seasonGuard &&
      !quietInOffSeason &&
      quiet >= settings.minInStockDays &&
      // the expected count needs a sales rate measured over a few weeks at least
      (quietLongEnough || (before >= settings.minInStockDays && expectedSales >= settings.deadExpectedSales))
    ) {
      const lastSale = facts.lastSaleDay[p] as number;
      const expectedAtCategory = prior.rate * quiet;
      const confidence = 1 - Math.exp(-Math.max(expectedSales, quietLongEnough ? expectedAtCategory : 0));
      add(
        "dead_stock",
        stockValue > 0 && quiet >= 2 * settings.deadQuietDays ? "high" : "medium",
        confidence,
        `No sale in ${quiet} days in stock${Number.isFinite(lastSale) ? ` (last on ${dayString(lastSale)})` : ""}; ${stock} units worth ${money(stockValue)} are tied up.`,
        {
          rule: `stock > 0 and no sale in >= ${settings.deadQuietDays} in-stock days or where >= ${settings.deadExpectedSales} sale days were expected`,
          quietInStockDays: quiet,
          lastSaleDay: Number.isFinite(lastSale) ? dayString(lastSale) : null,
          expectedSaleDays: round(expectedSales, 2),
          expectedAtCategoryRate: round(expectedAtCategory, 1),
          stockUnits: stock,
          liveDays: Number.isFinite(liveDays) ? liveDays : null,
        },
        // What is at stake is the stock tied up (its value, at cost); its retail value on top would
        // count the same units twice.
        0,
      );
    }

    // ---- declining: rate ratio < 0.6 and BH q < 0.1 --------------------------------------------------
    const trend = estimates.trend[p];
    if (trend && trend.adjustedRatio < settings.decliningRatio && trend.qValue < settings.decliningFdr) {
      const n = capped + trend.units;
      const [shareLow, shareHigh] = clopperPearson(capped, n, 0.9);
      // rate ratio from the proportion: (s / (1 - s)) x (E0 / E1)
      const toRatio = (share: number) =>
        share >= 1 ? Infinity : (share / (1 - share)) * (trend.exposure / exposure);
      const lost = (trend.units / trend.exposure - capped / exposure) * W * unitNet;
      const compared =
        trend.comparison === "year_over_year" ? "the same days a year ago" : `the ${W} days before`;
      add(
        "declining",
        trend.adjustedRatio < 0.3 ? "high" : "medium",
        1 - trend.qValue,
        `Sells ${percent(1 - trend.ratio)} less per day than in ${compared} (${capped} vs ${trend.units} units) while ${similar} ${trend.categoryRatio < 0.95 ? `fell only ${percent(1 - trend.categoryRatio)}` : "held steady"}.`,
        {
          rule: `rate ratio < ${settings.decliningRatio} and FDR q < ${settings.decliningFdr}, >= ${settings.decliningMinPriorUnits} units before`,
          comparison: trend.comparison,
          comparisonStart: dayString(trend.comparisonStart),
          units: capped,
          comparisonUnits: trend.units,
          comparisonExposureDays: trend.exposure,
          estimate: round(trend.ratio),
          interval: [round(toRatio(shareLow)) ?? 0, round(toRatio(shareHigh)) ?? 0],
          categoryRatio: round(trend.categoryRatio),
          adjustedRatio: round(trend.adjustedRatio),
          pValue: trend.pValue,
          qValue: round(trend.qValue, 6),
        },
        lost,
      );
    }

    // ---- overstock: weeks of supply P50 > 26 and P10 > 13 -------------------------------------------
    if (stock > 0 && !isNew && !seasonGuard && exposure >= settings.minInStockDays) {
      // next months' demand of a seasonal item is its yearly rate, not this window's
      const demandShape = seasonal ? yearShape : shape;
      const demandRate = seasonal ? yearRate : rate;
      const rateP50 = gammaQuantile(0.5, demandShape, demandRate);
      const rateP90 = gammaQuantile(0.9, demandShape, demandRate);
      const weeksP50 = stock / (7 * rateP50);
      const weeksP10 = stock / (7 * rateP90);
      const excess = Math.max(0, stock - rateP50 * 7 * settings.overstockWeeksP50);
      if (
        weeksP50 > settings.overstockWeeksP50 &&
        weeksP10 > settings.overstockWeeksP10 &&
        excess >= settings.overstockMinExcessUnits
      ) {
        const unitValue = stockValue / stock;
        add(
          "overstock",
          weeksP10 > 2 * settings.overstockWeeksP50 ? "high" : "medium",
          gammaCdf(stock / (7 * settings.overstockWeeksP50), demandShape, demandRate),
          `${stock} in stock at about ${approx(rateP50 * 7)} a week is ${spanInWords(weeksP50 * 7)} of supply; about ${Math.round(excess)} units (${money(excess * unitValue)}) are more than half a year's need.`,
          {
            rule: `weeks of supply P50 > ${settings.overstockWeeksP50} and P10 > ${settings.overstockWeeksP10}, >= ${settings.overstockMinExcessUnits} units beyond the P50 cover`,
            stockUnits: stock,
            weeklyRate: round(rateP50 * 7),
            estimate: round(weeksP50, 1),
            interval: [
              round(weeksP10, 1) ?? 0,
              round(stock / (7 * gammaQuantile(0.1, demandShape, demandRate)), 1) ?? 0,
            ],
            demandBasis: seasonal ? "trailing_year" : "window",
            excessUnits: Math.round(excess),
          },
          // At stake: the excess stock tied up, as the summary says; not its retail value besides.
          0,
          null,
          excess * unitValue,
        );
      }
    }

    // ---- stockout risk, per variant: A/B item with days of cover below lead time + safety ------------
    const horizon = settings.leadTimeDays + settings.safetyDays;
    if (estimates.abc[p] !== "C" && exposure >= settings.minInStockDays) {
      for (let k = facts.variantStart[p] as number; k < (facts.variantStart[p + 1] as number); k++) {
        const variant = facts.variants[k];
        const variantRate = estimates.variantRate[k] as number;
        if (!variant || variantRate <= 0 || (facts.variantUnitsRecent[k] as number) === 0) continue;
        const onHand = variant.inventoryQuantity;
        // a variant already at zero is a stockout, not a risk of one
        if (onHand <= 0) continue;
        const cover = onHand / variantRate;
        if (cover >= horizon) continue;
        const demand = variantRate * horizon;
        // P(demand over the horizon exceeds what is on hand), Poisson at the posterior mean
        const confidence = gammaP(onHand + 1, demand);
        if (confidence <= settings.flagProbability) continue;
        const price = variant.priceMinor;
        add(
          "stockout_risk",
          cover < horizon / 3 ? "high" : "medium",
          confidence,
          `${onHand} left of ${variant.title === "Default Title" ? "this best seller" : variant.title} at about ${approx(variantRate)} a day: ${approx(cover)} days of cover against ${horizon} days of lead time and safety.`,
          {
            rule: `A/B item with days of cover < lead time ${settings.leadTimeDays} + safety ${settings.safetyDays}`,
            abcClass: estimates.abc[p] as string,
            revenueShareBefore: round(estimates.abcShare[p] as number),
            stockUnits: onHand,
            estimate: round(variantRate),
            daysOfCover: round(cover, 1),
            expectedDemandOverHorizon: round(demand, 1),
          },
          Math.max(0, demand - onHand) * price,
          variant.id,
          onHand * (variant.unitCostMinor ?? variant.priceMinor),
        );
      }
    }

    // ---- high returns: P(rate > max(1.5 x category, category + 5 pts)) > 0.9, matured orders ---------
    const matured = facts.maturedUnits[p] as number;
    const refunded = facts.maturedRefunded[p] as number;
    const refundDays = facts.maturedRefundDays[p] as number;
    if (matured >= settings.highReturnsMinUnits && refundDays >= settings.highReturnsMinRefunds) {
      const threshold = Math.max(
        settings.highReturnsRatio * prior.returnRate,
        prior.returnRate + settings.highReturnsPoints,
      );
      const a = estimates.returnShape[p] as number;
      const b = estimates.returnRest[p] as number;
      const probability = 1 - betaCdf(threshold, a, b);
      if (probability > settings.flagProbability) {
        const interval = returnInterval(facts, p) ?? [0, 1];
        add(
          "high_returns",
          probability > 0.99 && refunded / matured > 2 * threshold ? "high" : "medium",
          probability,
          `${percent(refunded / matured)} of units sold are refunded (${refunded} of ${matured}) while ${similar} see about ${percent(prior.returnRate)}.`,
          {
            rule: `P(return rate > max(${settings.highReturnsRatio} x category, category + ${settings.highReturnsPoints * 100} pts)) > ${settings.flagProbability}; >= ${settings.highReturnsMinRefunds} refunds, >= ${settings.highReturnsMinUnits} units, matured orders only`,
            maturedUnits: matured,
            refundedUnits: refunded,
            refundDays,
            estimate: round(refunded / matured),
            interval: [round(interval[0]) ?? 0, round(interval[1]) ?? 0],
            shrunkEstimate: round(a / (a + b)),
            shrunkInterval: [round(betaQuantile(0.05, a, b)) ?? 0, round(betaQuantile(0.95, a, b)) ?? 0],
            comparison: round(prior.returnRate),
            threshold: round(threshold),
            probability: round(probability),
            returnSource: prior.returnSource,
          },
          (refunded / Math.max(1, matured)) * (facts.revenueRecent[p] as number),
        );
      }
    }

    // ---- sold below cost: > 10 % of units at a net price below unit cost ------------------------------
    const known = facts.soldUnitsCostKnown[p] as number;
    const below = facts.belowCostUnits[p] as number;
    if (known > 0 && below >= 3 && below > settings.belowCostShare * known) {
      const loss = facts.belowCostLossMinor[p] as number;
      add(
        "sold_below_cost",
        below > 0.3 * known ? "high" : "medium",
        1 - betaCdf(settings.belowCostShare, below + 1, known - below + 1),
        `${percent(below / known)} of units (${below} of ${known}) sold below their unit cost in the last ${W} days, losing ${money(loss)}.`,
        {
          rule: `> ${percent(settings.belowCostShare)} of units at a net price below unit cost`,
          units: known,
          belowCostUnits: below,
          estimate: round(below / known),
          lossMinor: Math.round(loss),
          marginMinor: facts.marginKnown[p] ? Math.round(facts.marginRecent[p] as number) : null,
        },
        loss,
      );
    }

    // ---- discount dependent: > 60 % discounted and full-price rate <= 0.3 x promotion rate --------------
    const fullDays = facts.fullPriceDays[p] as number;
    const promoDays = facts.promoDays[p] as number;
    const discounted = facts.discountedUnitsRecent[p] as number;
    if (
      units >= settings.discountMinUnits &&
      promoDays > 0 &&
      fullDays >= settings.discountMinFullPriceDays &&
      discounted > settings.discountShare * units
    ) {
      const fullUnits = facts.fullPriceUnits[p] as number;
      const promoUnits = facts.promoUnits[p] as number;
      const fullRate = fullUnits / fullDays;
      const promoRate = promoUnits / promoDays;
      if (promoRate > 0 && fullRate <= settings.discountRateRatio * promoRate) {
        // P(full-price share this low if full-price days sold at 0.3 x the promotion rate)
        const boundaryShare =
          (settings.discountRateRatio * fullDays) / (settings.discountRateRatio * fullDays + promoDays);
        const confidence = 1 - binomialCdf(fullUnits, fullUnits + promoUnits, boundaryShare);
        add(
          "discount_dependent",
          fullRate <= 0.1 * promoRate ? "high" : "medium",
          confidence,
          `${percent(discounted / units)} of units sold on discount; on ${fullDays} full-price days it sold ${approx(fullRate * 7)} a week against ${approx(promoRate * 7)} a week on promotion days.`,
          {
            rule: `> ${percent(settings.discountShare)} of units discounted and full-price rate <= ${settings.discountRateRatio} x promotion rate, >= ${settings.discountMinFullPriceDays} full-price days`,
            units,
            discountedUnits: discounted,
            estimate: round(discounted / units),
            fullPriceDays: fullDays,
            promotionDays: promoDays,
            fullPriceUnits: fullUnits,
            promotionUnits: promoUnits,
            comparison: round(fullRate / promoRate),
            discountMinor: Math.round(facts.discountRecent[p] as number),
          },
          facts.discountRecent[p] as number,
        );
      }
    }

    // ---- weak content --------------------------------------------------------------------------------
    const issues = contentIssues(facts, p);
    // one missing SEO field alone is common and minor: it stays in the metrics, not a flag
    const weak =
      issues.includes("no_images") ||
      issues.includes("thin_description") ||
      (issues.includes("no_seo_title") && issues.includes("no_seo_description"));
    if (weak) {
      const words: Record<string, string> = {
        no_images: "no images",
        thin_description: "a thin description",
        no_seo_title: "no SEO title",
        no_seo_description: "no SEO description",
      };
      const visual = issues.includes("no_images") || issues.includes("thin_description");
      add(
        "weak_content",
        issues.includes("no_images") && issues.includes("thin_description")
          ? "high"
          : visual
            ? "medium"
            : "low",
        1,
        `The product page has ${joinWords(issues.map((issue) => words[issue] as string))}.`,
        {
          rule: "missing images, thin description, or both SEO title and description missing",
          mediaCount: product.mediaCount,
          descriptionChars: descriptionLength(product),
          thinDescriptionChars: settings.thinDescriptionChars,
          seoTitle: Boolean(product.seoTitle?.trim()),
          seoDescription: Boolean(product.seoDescription?.trim()),
          issues: issues.join(","),
        },
        0,
      );
    }
  }
  return flags;
}

function averagePrice(facts: Facts, p: number): number {
  const from = facts.variantStart[p] as number;
  const to = facts.variantStart[p + 1] as number;
  let sum = 0;
  for (let k = from; k < to; k++) sum += facts.variants[k]?.priceMinor ?? 0;
  return to > from ? sum / (to - from) : 0;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

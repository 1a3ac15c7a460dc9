import { dayNumber, dayString } from "../analysis/format";
import type { Db } from "../db-client.server";
import { baselineForecast, matchControls, measureOutcome } from "./index";
import type { BaselineForecast, ControlCandidate, DailySeries, Day, Outcome, Proposal } from "./types";
import { recordEvent } from "./workflow.server";

/*
 * Outcome measurement's I/O: at apply time, the baseline forecast and matched untouched controls
 * are frozen on the suggestion; once the window has passed, the daily job measures the effect
 * from VariantDailySales and stores it with a `measured` event.
 */

/** Days before the apply day whose sales give the pre-period rate and the forecast. */
export const LOOKBACK_DAYS = 56;
/** Days compared before and after the apply day. */
export const OUTCOME_WINDOW_DAYS = 28;
/** Placebo apply days for the controls, relative to the real one (the method's notes). */
export const PLACEBO_DAYS = [-84, -56, -28, 0];
export const CONTROL_COUNT = 5;

export interface FrozenBaseline {
  applyDay: Day;
  windowDays: number;
  placeboDays: number[];
  treatedProductIds: string[];
  forecast: BaselineForecast;
  controls: Array<Pick<ControlCandidate, "productId" | "productType" | "preRatePerDay">>;
}

/** The store's products as control candidates at an apply day; computed once for a batch. */
export interface BaselineContext {
  applyDay: Day;
  candidates: ControlCandidate[];
}

export async function baselineContext(db: Db, shop: string, applyDay: Day): Promise<BaselineContext> {
  const from = dayString(dayNumber(applyDay) - LOOKBACK_DAYS);
  const [rates, products, touched] = await Promise.all([
    db.variantDailySales.groupBy({
      by: ["productId"],
      where: { shop, day: { gte: from, lt: applyDay } },
      _sum: { units: true },
    }),
    db.product.findMany({ where: { shop }, select: { id: true, productType: true } }),
    db.suggestion.findMany({
      where: { shop, status: { in: ["applying", "applied", "reverting"] } },
      select: { productIds: true },
    }),
  ]);
  const unitsOf = new Map(rates.map((row) => [row.productId, row._sum.units ?? 0]));
  const changed = new Set(touched.flatMap((row) => JSON.parse(row.productIds) as string[]));
  return {
    applyDay,
    candidates: products.map((product) => ({
      productId: product.id,
      productType: product.productType,
      preRatePerDay: (unitsOf.get(product.id) ?? 0) / LOOKBACK_DAYS,
      untouched: !changed.has(product.id),
    })),
  };
}

/** The products' summed daily sales over [from, from + days): net revenue, and gross profit when every cost is known. */
export async function dailySeries(
  db: Db,
  shop: string,
  productIds: string[],
  from: Day,
  days: number,
): Promise<DailySeries> {
  const to = dayString(dayNumber(from) + days - 1);
  const [rows, variants] = await Promise.all([
    db.variantDailySales.findMany({
      where: { shop, productId: { in: productIds }, day: { gte: from, lte: to } },
      select: { variantId: true, day: true, units: true, grossMinor: true, discountMinor: true },
    }),
    db.variant.findMany({
      where: { shop, productId: { in: productIds } },
      select: { id: true, unitCostMinor: true },
    }),
  ]);
  const cost = new Map(
    variants.map((variant) => [
      variant.id,
      variant.unitCostMinor === null ? null : Number(variant.unitCostMinor),
    ]),
  );
  const units = new Array<number>(days).fill(0);
  const revenueMinor = new Array<number>(days).fill(0);
  const grossProfitMinor = new Array<number>(days).fill(0);
  let costKnown = variants.length > 0;
  const start = dayNumber(from);
  for (const row of rows) {
    const index = dayNumber(row.day) - start;
    const revenue = Number(row.grossMinor - row.discountMinor);
    units[index]! += row.units;
    revenueMinor[index]! += revenue;
    const unitCost = cost.get(row.variantId);
    if (unitCost === null || unitCost === undefined) costKnown = false;
    else grossProfitMinor[index]! += revenue - unitCost * row.units;
  }
  return {
    productId: productIds.join(","),
    start: from,
    units,
    revenueMinor,
    grossProfitMinor: costKnown ? grossProfitMinor : null,
  };
}

/** Freezes the forecast of doing nothing and the matched untouched controls at the apply day. */
export async function freezeBaseline(
  db: Db,
  shop: string,
  proposal: Proposal,
  applyDay: Day,
  context?: BaselineContext,
): Promise<{ baseline: FrozenBaseline; outcomeDueOn: Day }> {
  const candidates = (context?.applyDay === applyDay ? context : await baselineContext(db, shop, applyDay))
    .candidates;
  const treatedIds = proposal.productIds;
  const lookbackStart = dayString(dayNumber(applyDay) - LOOKBACK_DAYS);
  const series = await dailySeries(db, shop, treatedIds, lookbackStart, LOOKBACK_DAYS);
  const first = candidates.find((candidate) => candidate.productId === treatedIds[0]);
  const treated: ControlCandidate = {
    productId: series.productId,
    productType: first?.productType ?? "",
    preRatePerDay: series.units.reduce((sum, units) => sum + units, 0) / LOOKBACK_DAYS,
    untouched: false,
  };
  const controls = matchControls(
    candidates.filter((candidate) => !treatedIds.includes(candidate.productId)),
    treated,
    CONTROL_COUNT,
  );
  return {
    baseline: {
      applyDay,
      windowDays: OUTCOME_WINDOW_DAYS,
      placeboDays: PLACEBO_DAYS,
      treatedProductIds: treatedIds,
      forecast: baselineForecast(series, applyDay, LOOKBACK_DAYS, OUTCOME_WINDOW_DAYS),
      controls: controls.map(({ productId, productType, preRatePerDay }) => ({
        productId,
        productType,
        preRatePerDay,
      })),
    },
    outcomeDueOn: dayString(dayNumber(applyDay) + OUTCOME_WINDOW_DAYS),
  };
}

/** Measures one suggestion's outcome from its frozen baseline and the sales stored since. */
export async function outcomeOf(db: Db, shop: string, baseline: FrozenBaseline): Promise<Outcome> {
  const earliest = Math.min(0, ...baseline.placeboDays) - baseline.windowDays;
  const from = dayString(dayNumber(baseline.applyDay) + earliest);
  const days = baseline.windowDays - earliest;
  const treated = await dailySeries(db, shop, baseline.treatedProductIds, from, days);
  const controls = await Promise.all(
    baseline.controls.map((control) => dailySeries(db, shop, [control.productId], from, days)),
  );
  return measureOutcome({
    treated,
    controls,
    applyDay: baseline.applyDay,
    windowDays: baseline.windowDays,
    placeboDays: baseline.placeboDays,
  });
}

/**
 * Measures every applied suggestion of the shop whose window ended by `today` (and the sales of
 * that window are synced), storing the outcome with a `measured` event. Returns how many.
 */
export async function measureDueOutcomes(db: Db, shop: string, today: Day): Promise<number> {
  const due = await db.suggestion.findMany({
    where: { shop, status: "applied", outcome: null, outcomeDueOn: { lte: today }, baseline: { not: null } },
  });
  let measured = 0;
  for (const row of due) {
    const outcome = await outcomeOf(db, shop, JSON.parse(row.baseline!) as FrozenBaseline);
    const stored = await db.suggestion.updateMany({
      where: { id: row.id, shop, outcome: null },
      data: { outcome: JSON.stringify(outcome) },
    });
    if (stored.count !== 1) continue;
    await recordEvent(db, shop, row, {
      action: "measured",
      detail: { label: outcome.label, summary: outcome.summary },
    });
    measured += 1;
  }
  return measured;
}

/*
 * Did it work (notes/analytics-methods.md): at apply time a baseline forecast and matched untouched
 * controls are frozen; after the window, difference-in-differences on log rates against the
 * controls, with the controls at shifted (placebo) apply dates measuring how much such estimates
 * move when nothing happened. "Inconclusive" is an honest answer, with the smallest detectable effect.
 */
import { dayNumber } from "../analysis/format";
import { betaCdf, normalQuantile } from "../analysis/stats";
import type {
  BaselineForecast,
  ControlCandidate,
  DailySeries,
  Day,
  MetricOutcome,
  Outcome,
  OutcomeInput,
  OutcomeLabel,
  OutcomeMetric,
} from "./types";

/** Two-sided 5 % and 80 % power: the notes' "x2.4 at 20 units a side, x1.5 at 100". */
const Z_INTERVAL = normalQuantile(0.975);
const Z_POWER = normalQuantile(0.8);

interface Totals {
  total: number;
  sumSquares: number;
  exposure: number;
  /** Units in the same days: the Poisson floor of the variance. */
  units: number;
}

function valuesOf(series: DailySeries, metric: OutcomeMetric): number[] | null {
  if (metric === "units") return series.units;
  if (metric === "revenue") return series.revenueMinor;
  return series.grossProfitMinor;
}

/** Sums over [from, to) where the series has data, counting in-stock days as exposure. */
function totals(series: DailySeries, metric: OutcomeMetric, from: number, to: number): Totals | null {
  const values = valuesOf(series, metric);
  if (!values) return null;
  const start = dayNumber(series.start);
  const out: Totals = { total: 0, sumSquares: 0, exposure: 0, units: 0 };
  for (let day = Math.max(from, start); day < Math.min(to, start + values.length); day++) {
    const i = day - start;
    if (series.inStock && series.inStock[i] === false) continue;
    const value = values[i] as number;
    out.total += value;
    out.sumSquares += value * value;
    out.exposure++;
    out.units += series.units[i] ?? 0;
  }
  return out;
}

function sum(parts: Totals[]): Totals {
  return parts.reduce(
    (acc, part) => ({
      total: acc.total + part.total,
      sumSquares: acc.sumSquares + part.sumSquares,
      exposure: acc.exposure + part.exposure,
      units: acc.units + part.units,
    }),
    { total: 0, sumSquares: 0, exposure: 0, units: 0 },
  );
}

interface Estimate {
  logEffect: number;
  variance: number;
  treated: [Totals, Totals];
  controls: [Totals, Totals];
}

/**
 * Log rate and its variance by the delta method: var(S) from the spread of the daily values (days
 * as independent draws), never below the Poisson variance of the units at a fixed value per unit,
 * so var(log S) >= 1 / units. Unusable at S <= 0.
 */
function logRate(part: Totals): { value: number; variance: number } | null {
  if (part.total <= 0 || part.exposure <= 1 || part.units <= 0) return null;
  const mean = part.total / part.exposure;
  const dailyVariance = (part.sumSquares - part.exposure * mean * mean) / (part.exposure - 1);
  const variance = Math.max((part.exposure * dailyVariance) / (part.total * part.total), 1 / part.units);
  return { value: Math.log(mean), variance };
}

function did(
  treated: DailySeries,
  controls: DailySeries[],
  metric: OutcomeMetric,
  applyDay: number,
  windowDays: number,
): Estimate | null {
  const window = (series: DailySeries, from: number) => totals(series, metric, from, from + windowDays);
  const treatedBefore = window(treated, applyDay - windowDays);
  const treatedAfter = window(treated, applyDay);
  const controlParts = controls.map((series) => [
    window(series, applyDay - windowDays),
    window(series, applyDay),
  ]);
  if (!treatedBefore || !treatedAfter || controlParts.length === 0) return null;
  if (controlParts.some(([before, after]) => !before || !after)) return null;
  const controlsBefore = sum(controlParts.map(([before]) => before as Totals));
  const controlsAfter = sum(controlParts.map(([, after]) => after as Totals));
  const rates = [treatedBefore, treatedAfter, controlsBefore, controlsAfter].map(logRate);
  if (rates.some((rate) => rate === null)) return null;
  type LogRate = { value: number; variance: number };
  const [t0, t1, c0, c1] = rates as [LogRate, LogRate, LogRate, LogRate];
  return {
    logEffect: t1.value - t0.value - (c1.value - c0.value),
    variance: t0.variance + t1.variance + c0.variance + c1.variance,
    treated: [treatedBefore, treatedAfter],
    controls: [controlsBefore, controlsAfter],
  };
}

/** Smallest multiplicative change detectable at this standard error of the log effect. */
export function minimumDetectableEffect(standardError: number): number {
  return Math.exp((Z_INTERVAL + Z_POWER) * standardError);
}

/** With `units` a side and controls much larger, the log effect's variance is 2 / units. */
export function minimumDetectableEffectForUnits(units: number): number {
  return minimumDetectableEffect(Math.sqrt(2 / units));
}

function labelOf(interval: [number, number]): OutcomeLabel {
  if (interval[0] > 1) return "worked";
  if (interval[1] < 1) return "did_not_work";
  return "inconclusive";
}

const METRIC_WORDS: Record<OutcomeMetric, string> = {
  units: "Units sold",
  revenue: "Revenue",
  gross_profit: "Gross profit",
};

const times = (value: number) => `x${value.toFixed(2)}`;

export function measureOutcome(input: OutcomeInput): Outcome {
  const applyDay = dayNumber(input.applyDay);
  const W = input.windowDays;
  const metrics: MetricOutcome[] = [];
  let placeboEffects: number[] = [];
  for (const metric of ["units", "revenue", "gross_profit"] as const) {
    const estimate = did(input.treated, input.controls, metric, applyDay, W);
    if (!estimate) continue;
    // each control in turn as if treated, against the others, at each shifted date
    const placebos: Estimate[] = [];
    for (const shift of input.placeboDays) {
      for (let c = 0; c < input.controls.length; c++) {
        const others = input.controls.filter((_, i) => i !== c);
        const placebo = did(input.controls[c] as DailySeries, others, metric, applyDay + shift, W);
        if (placebo) placebos.push(placebo);
      }
    }
    // the placebos' spread beyond their own sampling noise is drift no count model sees
    const excess =
      placebos.length > 0
        ? Math.max(0, placebos.reduce((acc, p) => acc + p.logEffect ** 2 - p.variance, 0) / placebos.length)
        : 0;
    const standardError = Math.sqrt(estimate.variance + excess);
    const interval: [number, number] = [
      Math.exp(estimate.logEffect - Z_INTERVAL * standardError),
      Math.exp(estimate.logEffect + Z_INTERVAL * standardError),
    ];
    if (metric === "units") placeboEffects = placebos.map((p) => Math.exp(p.logEffect));
    metrics.push({
      metric,
      effect: Math.exp(estimate.logEffect),
      interval,
      label: labelOf(interval),
      treatedBefore: estimate.treated[0].total,
      treatedAfter: estimate.treated[1].total,
      controlsBefore: estimate.controls[0].total,
      controlsAfter: estimate.controls[1].total,
      minimumDetectableEffect: minimumDetectableEffect(standardError),
    });
  }

  const headline =
    metrics.find((metric) => metric.metric === "gross_profit") ??
    metrics.find((metric) => metric.metric === "revenue") ??
    metrics.find((metric) => metric.metric === "units");
  if (!headline)
    return {
      label: "inconclusive",
      metrics,
      placeboEffects,
      summary:
        "Inconclusive: the product or its controls sold nothing in a window, so no rate change can be measured.",
    };
  const what = `${METRIC_WORDS[headline.metric]} changed ${times(headline.effect)} against matched products (95 % interval ${times(headline.interval[0])} to ${times(headline.interval[1])})`;
  const verdict =
    headline.label === "worked"
      ? "it worked."
      : headline.label === "did_not_work"
        ? "it did not work."
        : `inconclusive: these sales could only have shown a change of ${times(headline.minimumDetectableEffect)} or more.`;
  return { label: headline.label, metrics, placeboEffects, summary: `${what}: ${verdict}` };
}

/**
 * Untouched products of the treated one's type with the nearest pre-period rate (on the log scale);
 * when the type has too few, the nearest of the rest of the store fill the list.
 */
export function matchControls(
  candidates: ControlCandidate[],
  treated: ControlCandidate,
  k: number,
): ControlCandidate[] {
  const distance = (candidate: ControlCandidate) =>
    Math.abs(Math.log(candidate.preRatePerDay) - Math.log(Math.max(treated.preRatePerDay, 1e-6)));
  const eligible = candidates.filter(
    (candidate) =>
      candidate.untouched && candidate.productId !== treated.productId && candidate.preRatePerDay > 0,
  );
  const byNearness = (a: ControlCandidate, b: ControlCandidate) =>
    distance(a) - distance(b) || (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0);
  const sameType = eligible
    .filter((candidate) => candidate.productType === treated.productType)
    .sort(byNearness);
  if (sameType.length >= k) return sameType.slice(0, k);
  const others = eligible
    .filter((candidate) => candidate.productType !== treated.productType)
    .sort(byNearness);
  return [...sameType, ...others.slice(0, k - sameType.length)];
}

/**
 * Sales expected over `days` from applyDay had nothing changed: the rate over the lookback's in-stock
 * days (Gamma posterior with a half-unit prior) and its Poisson-Gamma predictive P10/P90.
 */
export function baselineForecast(
  series: DailySeries,
  applyDay: Day,
  lookbackDays: number,
  days: number,
): BaselineForecast {
  const start = dayNumber(applyDay);
  const units = totals(series, "units", start - lookbackDays, start) as Totals;
  const revenue = totals(series, "revenue", start - lookbackDays, start) as Totals;
  const profit = totals(series, "gross_profit", start - lookbackDays, start);
  if (units.exposure === 0)
    return {
      fromDay: applyDay,
      days,
      expectedUnits: 0,
      unitsInterval: [0, 0],
      expectedRevenueMinor: 0,
      expectedGrossProfitMinor: profit ? 0 : null,
    };
  const shape = units.total + 0.5;
  const expectedUnits = (days * shape) / units.exposure;
  // predictive: NegBin(shape, p = E / (E + days)); P(Y <= k) = I_p(shape, k + 1)
  const p = units.exposure / (units.exposure + days);
  const quantile = (level: number) => {
    let low = 0;
    let high = Math.ceil(expectedUnits + 20 * Math.sqrt(expectedUnits / p) + 10);
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (betaCdf(p, shape, mid + 1) >= level) high = mid;
      else low = mid + 1;
    }
    return low;
  };
  const perUnit = (part: Totals) => (units.total > 0 ? part.total / units.total : 0);
  return {
    fromDay: applyDay,
    days,
    expectedUnits,
    unitsInterval: [quantile(0.1), quantile(0.9)],
    expectedRevenueMinor: Math.round(expectedUnits * perUnit(revenue)),
    expectedGrossProfitMinor: profit ? Math.round(expectedUnits * perUnit(profit)) : null,
  };
}

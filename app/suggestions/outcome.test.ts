import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, dayString } from "../analysis/format";
import {
  baselineForecast,
  matchControls,
  measureOutcome,
  minimumDetectableEffect,
  minimumDetectableEffectForUnits,
} from "./outcome";
import { mulberry32, poisson } from "./random";
import type { ControlCandidate, DailySeries } from "./types";

const APPLY = "2026-06-01";
const WINDOW = 28;
const START = dayString(dayNumber(APPLY) - 120);
const DAYS = 120 + WINDOW;
const PLACEBO = [-84, -56, -28, 0];

/** Daily Poisson sales at `perDay`, multiplied by `effect` from the apply day; price 2000, cost 1200. */
function series(productId: string, perDay: number, effect: number, random: () => number): DailySeries {
  const units = Array.from({ length: DAYS }, (_, i) => poisson(random, perDay * (i >= 120 ? effect : 1)));
  return {
    productId,
    start: START,
    units,
    revenueMinor: units.map((u) => u * 2000),
    grossProfitMinor: units.map((u) => u * 800),
  };
}

function experiment(effect: number, treatedPerDay: number, seed: number) {
  const random = mulberry32(seed);
  const treated = series("treated", treatedPerDay, effect, random);
  const controls = Array.from({ length: 5 }, (_, i) => series(`control-${i}`, treatedPerDay, 1, random));
  return measureOutcome({ treated, controls, applyDay: APPLY, windowDays: WINDOW, placeboDays: PLACEBO });
}

describe("difference-in-differences", () => {
  it("finds a planted x1.5 on 200+ units a side: worked, the interval covering the truth most of the time", () => {
    let worked = 0;
    let covered = 0;
    const runs = 40;
    for (let seed = 1; seed <= runs; seed++) {
      // 8 a day over 28 days: about 224 units before and 336 after
      const outcome = experiment(1.5, 8, seed);
      const units = outcome.metrics.find((metric) => metric.metric === "units");
      expect(units?.treatedBefore as number).toBeGreaterThan(180);
      if (outcome.label === "worked") worked++;
      if (units && units.interval[0] <= 1.5 && 1.5 <= units.interval[1]) covered++;
    }
    expect(worked).toBe(runs);
    expect(covered / runs).toBeGreaterThanOrEqual(0.85);
  });

  it("calls a null effect inconclusive, rarely did-not-work", () => {
    let inconclusive = 0;
    let didNotWork = 0;
    const runs = 40;
    for (let seed = 101; seed <= 100 + runs; seed++) {
      const outcome = experiment(1, 8, seed);
      if (outcome.label === "inconclusive") inconclusive++;
      if (outcome.label === "did_not_work") {
        didNotWork++;
        const headline = outcome.metrics.find((metric) => metric.metric === "gross_profit");
        expect(headline?.interval[1] as number).toBeLessThan(1);
      }
    }
    expect(inconclusive / runs).toBeGreaterThanOrEqual(0.85);
    expect(didNotWork).toBeLessThanOrEqual(3);
  });

  it("says did not work for a clear drop, and inconclusive on sparse sales with the detectable size", () => {
    expect(experiment(0.5, 8, 7).label).toBe("did_not_work");
    const sparse = experiment(1.3, 0.5, 8);
    expect(sparse.label).toBe("inconclusive");
    const units = sparse.metrics.find((metric) => metric.metric === "units");
    expect(units?.minimumDetectableEffect as number).toBeGreaterThan(1.5);
    expect(sparse.summary).toContain("inconclusive");
  });

  it("reports each metric's effect and uses the placebo dates on the controls", () => {
    const outcome = experiment(1.5, 8, 3);
    expect(outcome.metrics.map((metric) => metric.metric)).toEqual(["units", "revenue", "gross_profit"]);
    // revenue and gross profit are units times a constant here: the same effect
    const [units, revenue, profit] = outcome.metrics;
    expect(revenue?.effect).toBeCloseTo(units?.effect as number, 10);
    expect(profit?.effect).toBeCloseTo(units?.effect as number, 10);
    // one placebo per control and shift (all four fit in the series)
    expect(outcome.placeboEffects.length).toBe(5 * PLACEBO.length);
    for (const effect of outcome.placeboEffects) expect(Math.abs(Math.log(effect))).toBeLessThan(0.6);
  });

  it("is inconclusive when a window sold nothing", () => {
    const random = mulberry32(5);
    const treated = series("treated", 0, 1, random);
    const controls = [series("c", 2, 1, random), series("d", 2, 1, random)];
    const outcome = measureOutcome({
      treated,
      controls,
      applyDay: APPLY,
      windowDays: WINDOW,
      placeboDays: PLACEBO,
    });
    expect(outcome.label).toBe("inconclusive");
    expect(outcome.metrics).toEqual([]);
  });
});

describe("minimum detectable effect", () => {
  it("matches the notes: about x2.4 with 20 units a side and x1.5 with 100", () => {
    expect(minimumDetectableEffectForUnits(20)).toBeGreaterThan(2.3);
    expect(minimumDetectableEffectForUnits(20)).toBeLessThan(2.5);
    expect(minimumDetectableEffectForUnits(100)).toBeGreaterThan(1.45);
    expect(minimumDetectableEffectForUnits(100)).toBeLessThan(1.55);
  });

  it("shrinks as units grow", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), (a, b) => {
        const [fewer, more] = a <= b ? [a, b] : [b, a];
        expect(minimumDetectableEffectForUnits(more)).toBeLessThanOrEqual(
          minimumDetectableEffectForUnits(fewer),
        );
        expect(minimumDetectableEffectForUnits(more)).toBeGreaterThan(1);
      }),
    );
    expect(minimumDetectableEffect(0)).toBe(1);
  });
});

describe("controls and baseline", () => {
  it("matches untouched products of the same type by nearest pre-period rate, filling from other types", () => {
    const treated: ControlCandidate = {
      productId: "t",
      productType: "Hoodies",
      preRatePerDay: 1,
      untouched: false,
    };
    const candidates: ControlCandidate[] = [
      { productId: "h-far", productType: "Hoodies", preRatePerDay: 8, untouched: true },
      { productId: "h-near", productType: "Hoodies", preRatePerDay: 1.1, untouched: true },
      { productId: "h-touched", productType: "Hoodies", preRatePerDay: 1, untouched: false },
      { productId: "h-half", productType: "Hoodies", preRatePerDay: 0.5, untouched: true },
      { productId: "s-same", productType: "Socks", preRatePerDay: 1, untouched: true },
      { productId: "h-zero", productType: "Hoodies", preRatePerDay: 0, untouched: true },
      treated,
    ];
    expect(matchControls(candidates, treated, 2).map((c) => c.productId)).toEqual(["h-near", "h-half"]);
    expect(matchControls(candidates, treated, 4).map((c) => c.productId)).toEqual([
      "h-near",
      "h-half",
      "h-far",
      "s-same",
    ]);
  });

  it("forecasts the rate before the apply day with a predictive interval around it", () => {
    const random = mulberry32(11);
    const history = series("p", 3, 1, random);
    const forecast = baselineForecast(history, APPLY, 90, 28);
    const before = history.units.slice(30, 120).reduce((sum, u) => sum + u, 0);
    expect(forecast.expectedUnits).toBeCloseTo(((before + 0.5) * 28) / 90, 10);
    expect(forecast.unitsInterval[0]).toBeLessThan(forecast.expectedUnits);
    expect(forecast.unitsInterval[1]).toBeGreaterThan(forecast.expectedUnits);
    expect(forecast.expectedRevenueMinor).toBe(Math.round(forecast.expectedUnits * 2000));
    expect(forecast.expectedGrossProfitMinor).toBe(Math.round(forecast.expectedUnits * 800));
    // Poisson-Gamma predictive at 84 units: about 84 -/+ 1.28 x 9.6
    expect(forecast.unitsInterval[1] - forecast.unitsInterval[0]).toBeGreaterThan(20);
    expect(forecast.unitsInterval[1] - forecast.unitsInterval[0]).toBeLessThan(30);
  });
});

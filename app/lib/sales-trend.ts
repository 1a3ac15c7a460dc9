/*
 * Sales over time as the charts show them: per day of the shop's calendar, then per week counted
 * back from the last day. Pure, so the analysis job can store the Dashboard's trend with its run.
 */

import { addDays } from "../analysis/format";

export interface TrendPoint {
  /** the first day of the period (a day, or a week's first day) */
  day: string;
  units: number;
  netMinor: number;
}

/** The Dashboard's trend: 26 whole weeks ending on the analysis' "as of" day. */
export const DASHBOARD_TREND_WEEKS = 26;

/** Per-day totals of daily facts from `from` to `to`, days without sales included as zeros. */
export function dailyTotals(
  rows: Iterable<{ day: string; units: number; grossMinor: number; discountMinor: number }>,
  from: string,
  to: string,
): TrendPoint[] {
  const byDay = new Map<string, TrendPoint>();
  for (let day = from; day <= to; day = addDays(day, 1)) byDay.set(day, { day, units: 0, netMinor: 0 });
  for (const row of rows) {
    const point = byDay.get(row.day);
    if (!point) continue;
    point.units += row.units;
    point.netMinor += row.grossMinor - row.discountMinor;
  }
  return [...byDay.values()];
}

/**
 * Daily points summed into 7-day weeks counted back from the last day, so the newest week ends on
 * the analysis' "as of" day; when the days do not divide by 7 the oldest week is the short one.
 */
export function weeklyTotals(daily: TrendPoint[]): TrendPoint[] {
  const weeks: TrendPoint[] = [];
  for (let end = daily.length; end > 0; end -= 7) {
    const days = daily.slice(Math.max(0, end - 7), end);
    weeks.unshift({
      day: days[0]!.day,
      units: days.reduce((sum, point) => sum + point.units, 0),
      netMinor: days.reduce((sum, point) => sum + point.netMinor, 0),
    });
  }
  return weeks;
}

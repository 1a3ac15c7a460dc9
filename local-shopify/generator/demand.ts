import { DAY_MS, dayOfYear, promotionOn, seasonFactor, weekdayFactor, type Promotion } from "./calendar";
import { PRODUCT_TYPES } from "./product-types";

/** The calendar row for product types the generator does not know: weekday and promotions only. */
export const FLAT_SEASON_ROW = PRODUCT_TYPES.length;

/**
 * Demand multipliers per product type and day (season x weekday x promotion lift), from the start
 * of the history to `horizon` days later, with prefix sums so forecasts over any range are O(1).
 */
export class DemandCalendar {
  private readonly promotions: Array<Promotion | null>;
  private readonly factors: Float64Array;
  private readonly prefix: Float64Array;

  constructor(
    readonly startMs: number,
    readonly horizon: number,
  ) {
    const types = PRODUCT_TYPES.length + 1;
    this.promotions = [];
    this.factors = new Float64Array(types * horizon);
    this.prefix = new Float64Array(types * (horizon + 1));
    for (let day = 0; day < horizon; day++) {
      const ms = startMs + day * DAY_MS + DAY_MS / 2;
      const promotion = promotionOn(ms);
      this.promotions.push(promotion);
      const common = weekdayFactor(ms) * (promotion?.lift ?? 1);
      const doy = dayOfYear(ms);
      PRODUCT_TYPES.forEach((type, t) => {
        this.factors[t * horizon + day] = seasonFactor(type.season, doy) * common;
      });
      this.factors[FLAT_SEASON_ROW * horizon + day] = common;
    }
    for (let t = 0; t < types; t++) {
      let sum = 0;
      for (let day = 0; day < horizon; day++) {
        sum += this.factors[t * horizon + day] as number;
        this.prefix[t * (horizon + 1) + day + 1] = sum;
      }
    }
  }

  /** `typeIndex` indexes PRODUCT_TYPES, or is FLAT_SEASON_ROW */
  factor(typeIndex: number, day: number): number {
    return this.factors[typeIndex * this.horizon + day] as number;
  }

  /** Sum of factors over days [0, day). */
  cumulative(typeIndex: number, day: number): number {
    return this.prefix[typeIndex * (this.horizon + 1) + day] as number;
  }

  /** Sum of factors over days [from, to), clamped to the calendar. */
  sum(typeIndex: number, from: number, to: number): number {
    const a = Math.max(0, Math.min(this.horizon, from));
    const b = Math.max(a, Math.min(this.horizon, to));
    const base = typeIndex * (this.horizon + 1);
    return (this.prefix[base + b] as number) - (this.prefix[base + a] as number);
  }

  promotion(day: number): Promotion | null {
    return this.promotions[day] ?? null;
  }
}

import type { DemandCalendar } from "./demand";

/** Mean units per order line (1: 88 %, 2: 9 %, 3: 3 %). */
export const MEAN_LINE_QUANTITY = 1.15;

const TRAILING_DAYS = 28;
const COVER_DAYS = 28;
const CYCLE_DAYS = 28;

/**
 * The merchant's reorder policy for ordinary variants, on the expected rate of the last four weeks
 * (as simple replenishment tools do): reorder when stock would not last the lead time plus four
 * weeks (with a square-root safety margin), and order four more weeks on top. Cover then stays
 * between about four and nine weeks; seasonal ramps lag a little, as they do in real stores.
 */
export function reorderLevels(
  calendar: DemandCalendar,
  typeIndex: number,
  lineRate: number,
  leadTime: number,
  day: number,
): { reorderPoint: number; orderUpTo: number } {
  const from = Math.max(0, day - TRAILING_DAYS);
  const to = Math.max(TRAILING_DAYS, day);
  const dailyUnits = (lineRate * MEAN_LINE_QUANTITY * calendar.sum(typeIndex, from, to)) / (to - from);
  const duringCover = dailyUnits * (leadTime + COVER_DAYS);
  const reorderPoint = Math.ceil(duringCover + Math.sqrt(duringCover));
  return { reorderPoint, orderUpTo: reorderPoint + Math.max(1, Math.ceil(dailyUnits * CYCLE_DAYS)) };
}

export interface StockPlan {
  /** the day the first stock arrives and how much */
  initial: { day: number; quantity: number };
  restocks: Array<{ day: number; quantity: number }>;
}

export interface StockPlanOptions {
  /** the day the first stock arrives */
  firstDay: number;
  /** the history's length: stock at this day index is `endStock` */
  days: number;
  endStock: number;
  /** restock every so many days from `firstDay` */
  every: number;
  /** no routine restock after this day */
  lastRoutineDay?: number;
  /** extra restock days (a large delivery, say) */
  extraDays?: number[];
  /** stock runs out after the last sale before `from` and comes back on `to` */
  stockOut?: { from: number; to: number };
}

/**
 * Deliveries that carry a planted variant through a known schedule of sales: in stock on every day
 * (outside `stockOut`), and exactly `endStock` left at the end. Between deliveries k and k+1 the
 * stock is b[k+1] + (units still to sell before k+1), so keeping each b >= 1 keeps it in stock.
 */
export function planStock(unitsByDay: ReadonlyMap<number, number>, options: StockPlanOptions): StockPlan {
  const { firstDay, days, every, stockOut } = options;
  const lastRoutine = options.lastRoutineDay ?? days - 1;
  const deliveryDays = new Set<number>([firstDay, ...(options.extraDays ?? [])]);
  for (let day = firstDay + every; day <= lastRoutine; day += every) deliveryDays.add(day);
  if (stockOut) {
    for (const day of [...deliveryDays])
      if (day > stockOut.from - every && day < stockOut.to) deliveryDays.delete(day);
    deliveryDays.add(stockOut.to);
    deliveryDays.add(firstDay);
  }
  const sorted = [...deliveryDays].filter((day) => day >= firstDay && day < days).sort((a, b) => a - b);

  const unitsBetween = (from: number, to: number) => {
    let total = 0;
    for (let day = from; day < to; day++) total += unitsByDay.get(day) ?? 0;
    return total;
  };
  // buffer[k]: stock just before delivery k; the last entry is the stock at the end.
  const buffer = sorted.map((day, k) =>
    k === 0 ? 0 : stockOut && day === stockOut.to ? 0 : Math.ceil(unitsBetween(day, day + 10)) + 1,
  );
  buffer.push(options.endStock);
  const bounds = [...sorted, days];
  const demand = sorted.map((day, k) => unitsBetween(day, bounds[k + 1] as number));
  // Deliveries cannot be negative: lower a buffer when the next one is already covered.
  for (let k = sorted.length - 1; k >= 1; k--) {
    buffer[k] = Math.min(buffer[k] as number, (buffer[k + 1] as number) + (demand[k] as number));
  }
  const quantities = sorted.map(
    (_, k) => (buffer[k + 1] as number) - (buffer[k] as number) + (demand[k] as number),
  );
  return {
    initial: { day: firstDay, quantity: quantities[0] as number },
    restocks: sorted
      .map((day, k) => ({ day, quantity: quantities[k] as number }))
      .slice(1)
      .filter((restock) => restock.quantity > 0),
  };
}

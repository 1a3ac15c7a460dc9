/*
 * Time in the generator: day indexes from the start of the history, seasonal and weekly demand
 * factors, and the store's promotion calendar. Everything is derived from dates (never the clock).
 */

export const DAY_MS = 86_400_000;

let isoDay = Number.NaN;
let isoDayPrefix = "";
const pad2 = (value: number) => (value < 10 ? `0${value}` : String(value));

/**
 * ISO-8601 UTC without milliseconds, as the Admin API prints times. Called for every order, so the
 * date part is cached per day (the stream asks for times day by day).
 */
export function isoAt(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== isoDay) {
    isoDay = day;
    isoDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
  }
  const second = Math.floor((ms - day * DAY_MS) / 1000);
  return `${isoDayPrefix}${pad2(Math.floor(second / 3600))}:${pad2(Math.floor(second / 60) % 60)}:${pad2(second % 60)}Z`;
}

export function parseIso(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO date: ${value}`);
  return ms;
}

export function dayOfYear(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return Math.floor((ms - Date.UTC(year, 0, 1)) / DAY_MS);
}

/** "winter" and "summer" goods peak mid-January and mid-July; "all" has only a December gifting bump. */
export interface SeasonShape {
  kind: "winter" | "summer" | "all";
  /** winter/summer: the trough as a share of the peak; all: the size of the December bump */
  depth: number;
}

export const SEASON_PEAK_DAY = { winter: 14, summer: 195 } as const;
const HOLIDAY_PEAK_DAY = 344;
const YEAR_DAYS = 365.25;

function circularDistance(a: number, b: number): number {
  const d = Math.abs(a - b) % YEAR_DAYS;
  return Math.min(d, YEAR_DAYS - d);
}

function rawSeason(shape: SeasonShape, doy: number): number {
  if (shape.kind === "all") {
    const distance = circularDistance(doy, HOLIDAY_PEAK_DAY);
    return 1 + shape.depth * Math.exp(-0.5 * (distance / 20) ** 2);
  }
  const closeness =
    (1 + Math.cos((2 * Math.PI * circularDistance(doy, SEASON_PEAK_DAY[shape.kind])) / YEAR_DAYS)) / 2;
  return shape.depth + (1 - shape.depth) * closeness * closeness;
}

const seasonMeans = new Map<string, number>();

/** Seasonal demand multiplier for a day of the year, normalised to average 1 over a year. */
export function seasonFactor(shape: SeasonShape, doy: number): number {
  const key = `${shape.kind}:${shape.depth}`;
  let mean = seasonMeans.get(key);
  if (mean === undefined) {
    let sum = 0;
    for (let d = 0; d < 365; d++) sum += rawSeason(shape, d);
    mean = sum / 365;
    seasonMeans.set(key, mean);
  }
  return rawSeason(shape, doy) / mean;
}

/** Sunday..Saturday (UTC): online stores sell most on Sunday and Monday evenings, least on Friday. */
const WEEKDAY_RAW = [1.12, 1.1, 1.02, 0.98, 0.95, 0.9, 0.93];
const WEEKDAY_MEAN = WEEKDAY_RAW.reduce((a, b) => a + b, 0) / 7;

export function weekdayFactor(ms: number): number {
  return (WEEKDAY_RAW[new Date(ms).getUTCDay()] as number) / WEEKDAY_MEAN;
}

/** Order creation hours in UTC: the store is on US Eastern time, busiest in the evening there. */
export const HOUR_WEIGHTS_UTC = [9, 8, 6, 4, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 9];

export interface Promotion {
  code: string;
  percent: number;
  /** store-wide traffic multiplier on the day */
  lift: number;
}

const BFCM: Promotion = { code: "BFCM25", percent: 25, lift: 2.2 };
const BOXING: Promotion = { code: "BOXING20", percent: 20, lift: 1.5 };
const SUMMER: Promotion = { code: "SUMMER20", percent: 20, lift: 1.5 };
const FLASH: Promotion = { code: "FLASH15", percent: 15, lift: 1.35 };

/** Codes used outside promotions: a first-order welcome code and an occasional newsletter code. */
export const WELCOME: Promotion = { code: "WELCOME10", percent: 10, lift: 1 };
export const NEWSLETTER: Promotion = { code: "SAVE15", percent: 15, lift: 1 };

/**
 * The promotion running on the UTC day containing `ms`, if any: Black Friday to Cyber Monday,
 * boxing week, a July summer sale, and a flash sale on the first Friday-Sunday of every month
 * (so every 90-day window holds some promotion days).
 */
export function promotionOn(ms: number): Promotion | null {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  if (month === 10) {
    const firstThursday = 1 + ((4 - new Date(Date.UTC(year, 10, 1)).getUTCDay() + 7) % 7);
    const blackFriday = firstThursday + 22;
    if (day >= blackFriday && day <= blackFriday + 3) return BFCM;
  }
  if (month === 11 && day >= 26) return BOXING;
  if (month === 6 && day >= 10 && day <= 16) return SUMMER;
  const firstFriday = 1 + ((5 - new Date(Date.UTC(year, month, 1)).getUTCDay() + 7) % 7);
  if (day >= firstFriday && day <= firstFriday + 2) return FLASH;
  return null;
}

/*
 * How numbers, money and dates read on the pages. Money arrives as integer minor units with the
 * shop's currency; days arrive as YYYY-MM-DD strings already in the shop's time zone.
 */

/** A date and time as the merchant reads it: in the shop's IANA time zone, with the zone named. */
export function formatShopDateTime(iso: string, timeZone: string | null, locale = "en-US"): string {
  return new Intl.DateTimeFormat(locale, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone: timeZone ?? "UTC",
    timeZoneName: "short",
  }).format(new Date(iso));
}

/**
 * Formats minor units in a currency, e.g. 12345 USD -> "$123.45", 1234 JPY -> "¥1,234",
 * 1234 KWD -> "KWD 1.234": the currency decides how many minor digits a major unit has.
 */
export function moneyFormatter(currencyCode: string | null, locale = "en-US"): (minor: number) => string {
  if (!currencyCode) {
    // Without a currency the amount cannot honestly carry a symbol; say so instead of guessing.
    const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return (minor) => `${plain.format(minor / 100)} (currency unknown)`;
  }
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode });
  const scale = 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2);
  return (minor) => format.format(minor / scale);
}

export const formatMoney = (minor: number, currencyCode: string | null, locale = "en-US") =>
  moneyFormatter(currencyCode, locale)(minor);

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(locale: string, withYear: boolean) {
  const key = `${locale}:${withYear}`;
  let format = dayFormats.get(key);
  if (!format) {
    // The day is already the shop's calendar day: format it at UTC so no zone shifts it again.
    format = new Intl.DateTimeFormat(locale, {
      ...(withYear ? { year: "numeric" } : {}),
      month: "short",
      day: "numeric",
      timeZone: "UTC",
    });
    dayFormats.set(key, format);
  }
  return format;
}

const dayInstant = (day: string) => new Date(`${day}T00:00:00Z`);

/** "2026-03-01" -> "Mar 1, 2026" */
export const formatDay = (day: string, locale = "en-US") => dayFormat(locale, true).format(dayInstant(day));

/** "2026-03-01" -> "Mar 1": chart axes, where the year is given elsewhere. */
export const formatShortDay = (day: string, locale = "en-US") =>
  dayFormat(locale, false).format(dayInstant(day));

/** Calendar days from start to end, both included. */
export const daysInRange = (start: string, end: string) =>
  Math.round((dayInstant(end).getTime() - dayInstant(start).getTime()) / 86_400_000) + 1;

/** "Dec 2, 2025 – Mar 1, 2026 (90 days)" */
export const formatDayRange = (start: string, end: string, locale = "en-US") =>
  `${formatDay(start, locale)} – ${formatDay(end, locale)} (${formatCount(daysInRange(start, end), "day")})`;

/** "1 unit", "1,234 units" */
export function formatCount(count: number, singular: string, plural = `${singular}s`, locale = "en-US") {
  const rounded = Math.round(count * 10) / 10;
  return `${rounded.toLocaleString(locale)} ${rounded === 1 ? singular : plural}`;
}

/** 0.4236 -> "42 %" (or "42.4 %" with one digit) */
export function formatPercent(share: number, fractionDigits = 0, locale = "en-US") {
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: 0,
    maximumFractionDigits: fractionDigits,
  }).format(share);
}

export type EvidenceValue = number | string | boolean | null | number[];

export interface EvidenceItem {
  key: string;
  label: string;
  value: string;
}

/** Words of a key: "categoryRatePerDay" / "category_rate_per_day" -> "Category rate per day". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const EXPOSURE_BASIS: Record<string, string> = {
  in_stock_days: "days in stock (from inventory history)",
  days_on_sale: "days on sale (no inventory history yet)",
};

type Unit = (value: number) => string;

/**
 * The unit a number carries, read from its key's words (the analysis module's evidence names its
 * numbers that way: ...Minor for money, ...PerDay, ...Share, and units, days, weeks, orders).
 */
function unitFor(key: string, money: (minor: number) => string): { label: string; unit: Unit } {
  const label = humanizeKey(key.replace(/Minor$/, ""));
  const words = label.toLowerCase().split(" ");
  const last = words[words.length - 1]!;
  const decimal = (value: number) =>
    value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 });
  const counted = (["unit", "day", "week", "order", "refund"] as const).find((noun) =>
    words.includes(`${noun}s`),
  );
  let unit: Unit = decimal;
  if (/Minor$/.test(key)) unit = money;
  else if (label.toLowerCase().endsWith("per day")) unit = (value) => `${decimal(value)} per day`;
  else if (label.toLowerCase().endsWith("per week")) unit = (value) => `${decimal(value)} per week`;
  else if (["share", "probability", "confidence", "rate", "q"].includes(last))
    unit = (value) => formatPercent(value, 1);
  else if (last === "ratio") unit = (value) => `×${decimal(value)}`;
  else if (counted) unit = (value) => formatCount(value, counted);
  return { label, unit };
}

/** A flag's evidence as labelled lines, each number with its unit (money in the shop's currency). */
export function evidenceItems(
  evidence: Record<string, EvidenceValue>,
  currencyCode: string | null,
): EvidenceItem[] {
  const money = moneyFormatter(currencyCode);
  return Object.entries(evidence).map(([key, raw]) => {
    const { label, unit } = unitFor(key, money);
    let value: string;
    if (raw === null) value = "not known";
    else if (typeof raw === "boolean") value = raw ? "yes" : "no";
    else if (typeof raw === "number") value = unit(raw);
    else if (Array.isArray(raw))
      value = raw.length === 2 ? `${unit(raw[0]!)} to ${unit(raw[1]!)}` : raw.map(unit).join(", ");
    else if (key === "exposureBasis") value = EXPOSURE_BASIS[raw] ?? raw;
    else value = raw;
    return { key, label, value };
  });
}

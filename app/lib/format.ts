/*
 * How numbers, money and dates read on the pages. Money arrives as integer minor units with the
 * shop's currency; days arrive as YYYY-MM-DD strings already in the shop's time zone.
 */
import { moneyFormatter } from "../analysis/format";

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

export { moneyFormatter };

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

/** Text values of the evidence, in words. */
const VALUE_WORDS: Record<string, string> = {
  in_stock_days: "days in stock (from inventory history)",
  days_on_sale: "days on sale (no inventory history yet)",
  category: "products of the same type",
  global: "the whole store",
  store: "the whole store",
  trailing_year: "the trailing year (seasonal item)",
  window: "the analysis window",
  prior_window: "the window before",
  year_over_year: "the same window a year earlier",
  no_images: "no images",
  thin_description: "thin description",
  no_seo_title: "no SEO title",
  no_seo_description: "no SEO description",
};

type UnitName =
  | "money"
  | "perDay"
  | "perWeek"
  | "share"
  | "ratio"
  | "units"
  | "days"
  | "weeks"
  | "chars"
  | "day"
  | "probability"
  | "percent"
  | "number";

const decimal = (value: number) =>
  value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) < 10 ? 2 : 1 });

function unitFormat(unit: UnitName, money: (minor: number) => string): (value: number) => string {
  switch (unit) {
    case "money":
      return money;
    case "perDay":
      return (value) => `${decimal(value)} units per day`;
    case "perWeek":
      return (value) => `${decimal(value)} units per week`;
    case "share":
      return (value) => formatPercent(value, 1);
    case "ratio":
      return (value) => `×${decimal(value)}`;
    case "units":
      return (value) => formatCount(value, "unit");
    case "days":
      return (value) => formatCount(value, "day");
    case "weeks":
      return (value) => formatCount(value, "week");
    case "chars":
      return (value) => formatCount(value, "character");
    // A test's p-value rounds to 0 long before it is 0: say how small it is instead.
    case "probability":
      return (value) => (value < 0.001 ? "< 0.001" : decimal(value));
    case "percent":
      return (value) => `${decimal(value)} %`;
    default:
      return decimal;
  }
}

/** Keys whose meaning is the same in every flag. */
const KNOWN_KEYS: Record<string, [string, UnitName]> = {
  exposureBasis: ["Exposure counted in", "number"],
  exposureDays: ["Exposure", "days"],
  stockoutGapDaysExcluded: ["Days left out as probable stockouts", "days"],
  categoryRatePerDay: ["Sales rate of similar products", "perDay"],
  categorySource: ["Category used", "number"],
  stockValueAtPrice: ["Stock valued at price (cost unknown)", "number"],
  wholesaleUnitsCapped: ["Wholesale-size units capped", "units"],
  expectedAtCategoryRate: ["Sales expected at similar products' rate", "units"],
  expectedSaleDays: ["Days with a sale expected", "days"],
  expectedDemandOverHorizon: ["Expected demand over lead time and safety stock", "units"],
  weeklyRate: ["Expected sales", "perWeek"],
  daysOfCover: ["Stock lasts", "days"],
  quietInStockDays: ["In-stock days without a sale", "days"],
  lastSaleDay: ["Last sale", "day"],
  comparisonStart: ["Comparison window starts", "day"],
  comparisonExposureDays: ["Comparison exposure", "days"],
  comparisonUnits: ["Units in the comparison window", "units"],
  categoryRatio: ["Similar products' change", "ratio"],
  adjustedRatio: ["Change net of similar products", "ratio"],
  qValue: ["False-discovery q-value", "probability"],
  pValue: ["p-value", "probability"],
  revenueShareBefore: ["Store margin share of items ranked above", "share"],
  thinDescriptionChars: ["Shortest description that is not thin", "chars"],
  descriptionChars: ["Description length", "chars"],
  mediaCount: ["Images and other media", "number"],
  liveDays: ["Days since launch", "days"],
  probability: ["Probability the rule holds", "share"],
  confidence: ["Confidence", "share"],
};

/** The generic keys (estimate, interval, comparison, threshold) mean something different per flag. */
const KEYS_BY_KIND: Record<string, Record<string, [string, UnitName]>> = {
  slow_mover: {
    estimate: ["Estimated sales rate", "perDay"],
    interval: ["Sales rate, 90% interval", "perDay"],
    comparison: ["Sales rate of similar products", "perDay"],
    threshold: ["Slow below", "perDay"],
  },
  declining: {
    estimate: ["Sales rate now vs before", "ratio"],
    interval: ["Change, 90% interval", "ratio"],
    comparison: ["Compared with", "number"],
  },
  overstock: {
    estimate: ["Weeks of supply (median)", "weeks"],
    interval: ["Weeks of supply, 10th to 90th percentile", "weeks"],
  },
  stockout_risk: { estimate: ["Variant's sales rate", "perDay"] },
  high_returns: {
    estimate: ["Return rate", "share"],
    interval: ["Return rate, 90% interval", "share"],
    comparison: ["Return rate of similar products", "share"],
    threshold: ["High above", "share"],
  },
  sold_below_cost: { estimate: ["Share of units sold below cost", "share"] },
  discount_dependent: {
    estimate: ["Share of units sold on discount", "share"],
    comparison: ["Full-price rate vs promotion rate", "ratio"],
  },
};

/**
 * The label and unit of an evidence number: known keys by name, others read from the key's words
 * (the analysis names its numbers ...Minor for money, ...PerDay, ...Share, units, days, weeks).
 */
function describeKey(key: string, kind: string | undefined): [string, UnitName] {
  const known = (kind ? KEYS_BY_KIND[kind]?.[key] : undefined) ?? KNOWN_KEYS[key];
  if (known) return known;
  const label = humanizeKey(key.replace(/Minor$/, ""));
  const words = label.toLowerCase().split(" ");
  const last = words[words.length - 1]!;
  if (/Minor$/.test(key)) return [label, "money"];
  if (/Percent$/.test(key)) return [humanizeKey(key.replace(/Percent$/, "")), "percent"];
  if (label.toLowerCase().endsWith("per day")) return [label, "perDay"];
  if (label.toLowerCase().endsWith("per week")) return [label, "perWeek"];
  if (["share", "probability", "confidence", "rate"].includes(last)) return [label, "share"];
  if (last === "ratio") return [label, "ratio"];
  if (words.includes("units")) return [label, "units"];
  if (words.includes("days")) return [label, "days"];
  if (words.includes("weeks")) return [label, "weeks"];
  return [label, "number"];
}

/** A flag's evidence as labelled lines, each number with its unit (money in the shop's currency). */
export function evidenceItems(
  evidence: Record<string, EvidenceValue>,
  currencyCode: string | null,
  kind?: string,
): EvidenceItem[] {
  const money = moneyFormatter(currencyCode);
  return Object.entries(evidence).map(([key, raw]) => {
    const [label, unitName] = describeKey(key, kind);
    const unit = unitFormat(unitName, money);
    let value: string;
    if (raw === null) value = "not known";
    else if (typeof raw === "boolean") value = raw ? "yes" : "no";
    else if (typeof raw === "number") value = unit(raw);
    else if (Array.isArray(raw))
      value = raw.length === 2 ? `${unit(raw[0]!)} to ${unit(raw[1]!)}` : raw.map(unit).join(", ");
    else if (unitName === "day" && /^\d{4}-\d{2}-\d{2}$/.test(raw)) value = formatDay(raw);
    // a list of amounts, one per variant ("1095, 1200"; "unknown" where the cost is not known)
    else if (unitName === "money" && /^(\d+|unknown)(,\s*(\d+|unknown))*$/.test(raw))
      value = raw
        .split(/,\s*/)
        .map((part) => (part === "unknown" ? "not known" : money(Number(part))))
        .join(", ");
    // identifiers ("in_stock_days", "no_images,thin_description") in words; free text as written
    else if (/^[a-z_]+(,[a-z_]+)*$/.test(raw))
      value = raw
        .split(",")
        .map((part) => VALUE_WORDS[part] ?? part.replace(/_/g, " "))
        .join(", ");
    else value = raw;
    return { key, label, value };
  });
}

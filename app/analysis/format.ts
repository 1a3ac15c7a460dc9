/* Days as integers and the words of flag summaries: money in the shop's currency, spans of time. */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 for a YYYY-MM-DD day (calendar arithmetic without time zones). */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day `days` after (or before, when negative) a YYYY-MM-DD day. */
export const addDays = (day: string, days: number): string => dayString(dayNumber(day) + days);

/**
 * Formats minor units in a currency, e.g. 12345 USD -> "$123.45", 1234 JPY -> "¥1,234",
 * 1234 KWD -> "KWD 1.234": the currency decides how many minor digits a major unit has. Without a
 * currency, or with a code Intl cannot read, the amount gets no symbol (guessing one would mislabel
 * it) and says which currency it is, or that it is unknown. The one formatter for pages and
 * summaries alike, so an amount reads the same everywhere.
 */
export function moneyFormatter(currencyCode: string | null, locale = "en-US"): (minor: number) => string {
  if (currencyCode) {
    try {
      const format = new Intl.NumberFormat(locale, { style: "currency", currency: currencyCode });
      const scale = 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2);
      return (minor) => format.format(Math.round(minor) / scale);
    } catch {
      // not a well-formed ISO 4217 code: written out beside the number below
    }
  }
  const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const label = currencyCode ? currencyCode : "currency unknown";
  return (minor) => `${plain.format(minor / 100)} (${label})`;
}

const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

/** "11 days", "5 weeks", "four months", "two years": the coarsest unit that reads naturally. */
export function spanInWords(days: number): string {
  if (!Number.isFinite(days)) return "more than ten years";
  const unit = (count: number, name: string) => {
    const rounded = Math.max(1, Math.round(count));
    const word = rounded <= 10 ? (NUMBER_WORDS[rounded] as string) : String(rounded);
    return `${word} ${name}${rounded === 1 ? "" : "s"}`;
  };
  if (days < 14) return unit(days, "day");
  if (days < 70) return unit(days / 7, "week");
  if (days < 540) return unit(days / 30.4, "month");
  if (days > 3650) return "more than ten years";
  return unit(days / 365, "year");
}

/** A product type as a plural noun for "similar T-shirts". */
export function pluralType(productType: string): string {
  const type = productType.trim();
  if (type === "") return "products in the store";
  if (/(s|x|ch|sh)$/i.test(type)) return type;
  return `${type}s`;
}

/** Rounded for reading: whole numbers from 10 on, one decimal below. */
export function approx(value: number): string {
  if (!Number.isFinite(value)) return "many";
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** Visible text of a description: tags and entities out, whitespace collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, " ")
    .replace(/&[a-z#0-9]+;/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** How much text a product page's description shows, measured here or by the caller. */
export function descriptionLength(product: {
  descriptionHtml: string;
  descriptionTextLength?: number;
}): number {
  return product.descriptionTextLength ?? visibleText(product.descriptionHtml).length;
}

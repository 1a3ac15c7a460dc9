/*
 * Scalar values as Shopify writes them: DateTime without milliseconds ("2026-05-05T20:33:59Z"),
 * Money (a variant's price) with two decimals ("10.00"), Decimal (MoneyV2.amount) the way Ruby's
 * BigDecimal prints it ("10.0", "19.99"), UnsignedInt64 as a string. Amounts are added as scaled
 * integers: money is never a float.
 */

const SCALE = 1_000_000n;
const DIGITS = 6;

export function shopifyTime(iso: string): string;
export function shopifyTime(iso: string | null): string | null;
export function shopifyTime(iso: string | null): string | null {
  return iso === null ? null : new Date(iso).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A decimal string as an integer count of millionths. */
export function parseDecimal(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) throw new Error(`Not a decimal amount: ${value}`);
  const fraction = (match[3] ?? "").padEnd(DIGITS, "0").slice(0, DIGITS);
  const magnitude = BigInt(match[2] ?? "0") * SCALE + BigInt(fraction);
  return match[1] ? -magnitude : magnitude;
}

function split(value: bigint): { sign: string; whole: string; fraction: string } {
  const magnitude = value < 0n ? -value : value;
  return {
    sign: value < 0n ? "-" : "",
    whole: (magnitude / SCALE).toString(),
    fraction: (magnitude % SCALE).toString().padStart(DIGITS, "0"),
  };
}

/** Decimal scalar: trailing zeros dropped, at least one decimal kept. */
export function formatDecimal(value: bigint): string {
  const { sign, whole, fraction } = split(value);
  return `${sign}${whole}.${fraction.replace(/0+$/, "") || "0"}`;
}

/** Money scalar: at least two decimals. */
export function formatMoney(value: bigint): string {
  const { sign, whole, fraction } = split(value);
  const trimmed = fraction.replace(/0+$/, "");
  return `${sign}${whole}.${trimmed.padEnd(2, "0")}`;
}

/** The UTC instant of a wall-clock time in an IANA time zone. */
export function zonedTimeToUtc(
  parts: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): number {
  const wall = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  // The zone's offset at the guessed instant, corrected once more for a DST change in between.
  let utc = wall - offsetAt(wall, timeZone);
  utc = wall - offsetAt(utc, timeZone);
  return utc;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetAt(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  const part = (type: string) =>
    Number(formatter.formatToParts(instant).find((one) => one.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

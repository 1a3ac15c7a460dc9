import type { Money } from "../store/types";
import type { Rng } from "./random";

/** "1999" cents -> "19.99". Money is only ever built from integer cents, so the strings cannot drift. */
export function formatCents(cents: number): Money {
  if (!Number.isSafeInteger(cents) || cents < 0) throw new RangeError(`not a cent amount: ${cents}`);
  const digits = String(cents).padStart(3, "0");
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "19.99" -> 1999, parsed as text (no float arithmetic); accepts "19", "19.9" and "19.99". */
export function parseCents(money: Money): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(money.trim());
  if (!match) throw new RangeError(`not a money amount: ${money}`);
  return Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
}

/** The unit price after `percent` % off, rounded to the cent; never above the original. */
export function percentOff(cents: number, percent: number): number {
  return cents - Math.round((cents * percent) / 100);
}

/** A shelf price near `cents`: mostly x.99, sometimes a round x.00, at whole dollars (tens above $100). */
export function shelfPrice(rng: Rng, cents: number): number {
  const step = cents >= 10_000 ? 1000 : 100;
  const rounded = Math.max(step, Math.round(cents / step) * step);
  return rng.bool(0.8) ? rounded - 1 : rounded;
}

/*
 * Association rules over order baskets for bundles: support, confidence and lift
 * N n_AB / (n_A n_B), a one-sided Fisher exact test (hypergeometric upper tail) per pair with
 * Benjamini-Hochberg across the pairs tested, and kits (pairs almost never sold apart) set aside.
 */
import { benjaminiHochberg, logGamma } from "../analysis/stats";
import type { Basket } from "./types";

export interface PairRule {
  /** The product the pair was looked for (a slow item) and the product bought with it. */
  focusId: string;
  otherId: string;
  /** Orders in all, with the focus product, with the other, with both. */
  orders: number;
  focusOrders: number;
  otherOrders: number;
  bothOrders: number;
  support: number;
  /** P(focus | other): how often the other's buyers take the focus item too. */
  confidence: number;
  lift: number;
  pValue: number;
  qValue: number;
  /** Both almost never sold apart: a kit, not an association to exploit. */
  kit: boolean;
}

/** Share of each product's orders that, when reached by the pair on both sides, makes it a kit. */
export const KIT_SHARE = 0.9;

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * P(X >= both) for X ~ Hypergeometric(orders, focusOrders, otherOrders): the chance of at least this
 * many joint orders if the two products were bought independently, given how often each sells.
 */
export function fisherUpperTail(
  both: number,
  focusOrders: number,
  otherOrders: number,
  orders: number,
): number {
  const low = Math.max(0, otherOrders - (orders - focusOrders));
  const high = Math.min(focusOrders, otherOrders);
  if (both <= low) return 1;
  if (both > high) return 0;
  const logTotal = logChoose(orders, otherOrders);
  const logTerm = (x: number) =>
    logChoose(focusOrders, x) + logChoose(orders - focusOrders, otherOrders - x) - logTotal;
  // terms fall away from the mode: sum from the largest in log space and stop once negligible
  const first = logTerm(both);
  let sum = 0;
  for (let x = both; x <= high; x++) {
    const relative = Math.exp(logTerm(x) - first);
    sum += relative;
    if (relative < 1e-17 * sum && x > (focusOrders * otherOrders) / orders) break;
  }
  return Math.min(1, Math.max(0, Math.exp(first) * sum));
}

/** Rules for every pair of a focus product with another product bought in the same order. */
export function associationRules(baskets: Basket[], focusIds: ReadonlySet<string>): PairRule[] {
  const productOrders = new Map<string, number>();
  const pairOrders = new Map<string, Map<string, number>>();
  let orders = 0;
  for (const basket of baskets) {
    const products = [...new Set(basket.productIds)];
    if (products.length === 0) continue;
    orders++;
    for (const id of products) productOrders.set(id, (productOrders.get(id) ?? 0) + 1);
    for (const focus of products) {
      if (!focusIds.has(focus)) continue;
      const row = pairOrders.get(focus) ?? new Map<string, number>();
      for (const other of products) if (other !== focus) row.set(other, (row.get(other) ?? 0) + 1);
      pairOrders.set(focus, row);
    }
  }

  const rules: PairRule[] = [];
  for (const focusId of [...pairOrders.keys()].sort()) {
    const row = pairOrders.get(focusId) as Map<string, number>;
    const focusOrders = productOrders.get(focusId) as number;
    for (const otherId of [...row.keys()].sort()) {
      const bothOrders = row.get(otherId) as number;
      const otherOrders = productOrders.get(otherId) as number;
      rules.push({
        focusId,
        otherId,
        orders,
        focusOrders,
        otherOrders,
        bothOrders,
        support: bothOrders / orders,
        confidence: bothOrders / otherOrders,
        lift: (orders * bothOrders) / (focusOrders * otherOrders),
        pValue: fisherUpperTail(bothOrders, focusOrders, otherOrders, orders),
        qValue: 1,
        kit: bothOrders >= KIT_SHARE * focusOrders && bothOrders >= KIT_SHARE * otherOrders,
      });
    }
  }
  const q = benjaminiHochberg(rules.map((rule) => rule.pValue));
  rules.forEach((rule, i) => (rule.qValue = q[i] as number));
  return rules;
}

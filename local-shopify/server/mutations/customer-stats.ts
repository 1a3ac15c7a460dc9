import type { StoreState } from "../../store/state";
import type { StoreOrder } from "../../store/types";
import { toScaled } from "./common";

/**
 * A customer's purchase history as Shopify summarizes it. Cancelled and test orders do not count;
 * amounts are net of refunded quantities, at the discounted unit price (the store models no
 * shipping or tax).
 */
export interface CustomerStatistics {
  numberOfOrders: number;
  /** four-decimal scaled */
  amountSpent: bigint;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  lastOrderId: number | null;
  purchasedProductIds: Set<number>;
  /** the latest checkout the customer left without completing */
  lastAbandonedCheckoutAt: string | null;
}

export const countsTowardStatistics = (order: StoreOrder): boolean =>
  order.cancelledAt === null && !order.test;

export function orderNetTotal(order: StoreOrder): bigint {
  const refunded = new Map<number, number>();
  for (const refund of order.refunds) {
    for (const line of refund.lineItems) {
      refunded.set(line.lineItemId, (refunded.get(line.lineItemId) ?? 0) + line.quantity);
    }
  }
  let total = 0n;
  for (const line of order.lineItems) {
    const kept = Math.max(0, line.quantity - (refunded.get(line.id) ?? 0));
    total += (toScaled(line.discountedUnitPrice) ?? 0n) * BigInt(kept);
  }
  return total;
}

/** Statistics for every customer, in one pass over the orders and abandoned checkouts. */
export function allCustomerStatistics(state: StoreState): Map<number, CustomerStatistics> {
  const abandoned = new Map<number, string>();
  for (const checkout of state.data.abandonedCheckouts) {
    if (checkout.customerId === null || checkout.completedAt !== null) continue;
    const latest = abandoned.get(checkout.customerId);
    if (latest === undefined || checkout.createdAt > latest) {
      abandoned.set(checkout.customerId, checkout.createdAt);
    }
  }
  const result = new Map<number, CustomerStatistics>();
  for (const customer of state.data.customers) {
    const stats: CustomerStatistics = {
      numberOfOrders: 0,
      amountSpent: 0n,
      firstOrderAt: null,
      lastOrderAt: null,
      lastOrderId: null,
      purchasedProductIds: new Set(),
      lastAbandonedCheckoutAt: abandoned.get(customer.id) ?? null,
    };
    for (const order of state.ordersByCustomer.get(customer.id) ?? []) {
      if (!countsTowardStatistics(order)) continue;
      stats.numberOfOrders += 1;
      stats.amountSpent += orderNetTotal(order);
      if (stats.firstOrderAt === null || order.createdAt < stats.firstOrderAt) {
        stats.firstOrderAt = order.createdAt;
      }
      if (stats.lastOrderAt === null || order.createdAt >= stats.lastOrderAt) {
        stats.lastOrderAt = order.createdAt;
        stats.lastOrderId = order.id;
      }
      for (const line of order.lineItems)
        if (line.productId !== null) stats.purchasedProductIds.add(line.productId);
    }
    result.set(customer.id, stats);
  }
  return result;
}

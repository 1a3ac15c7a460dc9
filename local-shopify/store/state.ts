import type { StoreCustomer, StoreData, StoreOrder, StoreProduct, StoreVariant } from "./types";

/** The id spaces the local Shopify hands out; each counts up from the largest id in the data. */
export type IdKind =
  | "Product"
  | "ProductVariant"
  | "InventoryItem"
  | "Customer"
  | "Order"
  | "LineItem"
  | "Refund"
  | "AbandonedCheckout"
  | "DiscountAutomaticNode"
  | "DiscountCodeNode"
  | "Segment"
  | "AnalyticsAnnotation"
  | "BulkOperation";

/**
 * A store held in memory with the indexes the server needs. Mutations change `data` in place
 * through this object so the indexes stay right.
 */
export class StoreState {
  readonly productsById = new Map<number, StoreProduct>();
  readonly variantsById = new Map<number, StoreVariant>();
  readonly variantsByProduct = new Map<number, StoreVariant[]>();
  readonly customersById = new Map<number, StoreCustomer>();
  readonly ordersById = new Map<number, StoreOrder>();
  readonly ordersByCustomer = new Map<number, StoreOrder[]>();
  private readonly lastIds = new Map<IdKind, number>();

  constructor(readonly data: StoreData) {
    for (const product of data.products) this.productsById.set(product.id, product);
    for (const variant of data.variants) this.indexVariant(variant);
    for (const customer of data.customers) this.customersById.set(customer.id, customer);
    for (const order of data.orders) this.indexOrder(order);
    const maxOf = (ids: Iterable<number>) => {
      let max = 0;
      for (const id of ids) if (id > max) max = id;
      return max;
    };
    this.lastIds.set("Product", maxOf(this.productsById.keys()));
    this.lastIds.set("ProductVariant", maxOf(this.variantsById.keys()));
    this.lastIds.set("InventoryItem", maxOf(data.variants.map((variant) => variant.inventoryItemId)));
    this.lastIds.set("Customer", maxOf(this.customersById.keys()));
    this.lastIds.set("Order", maxOf(this.ordersById.keys()));
    this.lastIds.set(
      "LineItem",
      maxOf(data.orders.flatMap((order) => order.lineItems.map((line) => line.id))),
    );
    this.lastIds.set(
      "Refund",
      maxOf(data.orders.flatMap((order) => order.refunds.map((refund) => refund.id))),
    );
    this.lastIds.set("AbandonedCheckout", maxOf(data.abandonedCheckouts.map((checkout) => checkout.id)));
  }

  nextId(kind: IdKind): number {
    const next = (this.lastIds.get(kind) ?? 0) + 1;
    this.lastIds.set(kind, next);
    return next;
  }

  /** Adds an order and keeps the indexes. */
  addOrder(order: StoreOrder): void {
    this.data.orders.push(order);
    this.indexOrder(order);
  }

  /** Indexes orders something else already appended to `data.orders` (the simulation does). */
  indexAppendedOrders(orders: readonly StoreOrder[]): void {
    for (const order of orders) {
      this.indexOrder(order);
      if (order.id > (this.lastIds.get("Order") ?? 0)) this.lastIds.set("Order", order.id);
      for (const line of order.lineItems) {
        if (line.id > (this.lastIds.get("LineItem") ?? 0)) this.lastIds.set("LineItem", line.id);
      }
      for (const refund of order.refunds) {
        if (refund.id > (this.lastIds.get("Refund") ?? 0)) this.lastIds.set("Refund", refund.id);
      }
    }
  }

  private indexVariant(variant: StoreVariant): void {
    this.variantsById.set(variant.id, variant);
    const siblings = this.variantsByProduct.get(variant.productId);
    if (siblings) siblings.push(variant);
    else this.variantsByProduct.set(variant.productId, [variant]);
  }

  private indexOrder(order: StoreOrder): void {
    this.ordersById.set(order.id, order);
    if (order.customerId !== null) {
      const orders = this.ordersByCustomer.get(order.customerId);
      if (orders) orders.push(order);
      else this.ordersByCustomer.set(order.customerId, [order]);
    }
  }
}

export const gid = (type: string, id: number): string => `gid://shopify/${type}/${id}`;

/** The numeric id of a GID of the given type, or null when it is not one. */
export function parseGid(value: unknown, type: string): number | null {
  if (typeof value !== "string") return null;
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(value);
  return match ? Number(match[1]) : null;
}

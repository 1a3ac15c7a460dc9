/*
 * The local Shopify's store: the data a synthetic store is made of, in the shapes the Admin API
 * exposes. Ids are positive integers (the Admin API shows them as gid://shopify/<Type>/<id>).
 * Money is a decimal string in the shop's currency ("19.99"), never a float. Times are ISO-8601
 * UTC strings. Derived values (customer statistics, totalInventory, currentQuantity) are computed
 * by the server from these records, not stored.
 */

export type Money = string;
export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED";

export interface StoreShop {
  name: string;
  /** e.g. "sample-store.myshopify.com" */
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  /** ShopPlan.publicDisplayName, e.g. "Basic", "Grow", "Advanced", "Plus" */
  planDisplayName: string;
}

export interface StoreProduct {
  id: number;
  title: string;
  handle: string;
  status: ProductStatus;
  productType: string;
  vendor: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  descriptionHtml: string;
  seoTitle: string | null;
  seoDescription: string | null;
  mediaCount: number;
}

export interface StoreVariant {
  id: number;
  productId: number;
  title: string;
  sku: string;
  price: Money;
  compareAtPrice: Money | null;
  inventoryQuantity: number;
  /** The InventoryItem's id (its own id space). */
  inventoryItemId: number;
  /** InventoryItem.unitCost; null when the merchant never entered a cost. */
  unitCost: Money | null;
  createdAt: string;
  updatedAt: string;
}

export interface StoreCustomer {
  id: number;
  firstName: string;
  lastName: string;
  email: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface StoreLineItem {
  id: number;
  /** null when the variant (or product) was deleted after the sale */
  variantId: number | null;
  productId: number | null;
  title: string;
  quantity: number;
  /** Unit price before discounts */
  originalUnitPrice: Money;
  /** Unit price after line and order discounts (discountedUnitPriceAfterAllDiscountsSet) */
  discountedUnitPrice: Money;
}

export interface StoreRefund {
  id: number;
  createdAt: string;
  lineItems: Array<{ lineItemId: number; quantity: number }>;
}

export interface StoreOrder {
  id: number;
  /** "#1001" */
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  test: boolean;
  currencyCode: string;
  customerId: number | null;
  discountCodes: string[];
  lineItems: StoreLineItem[];
  refunds: StoreRefund[];
}

export interface StoreAbandonedCheckout {
  id: number;
  createdAt: string;
  completedAt: string | null;
  customerId: number | null;
  lineItems: Array<{ id: number; variantId: number | null; productId: number | null; quantity: number }>;
}

/** A situation the generator planted on purpose, so tests and demos can find it. */
export interface PlantedSituation {
  /** a flag from notes/analytics-methods.md ("slow_mover", "declining", ...) or a trap ("trap_new_product", ...) */
  kind: string;
  /** whether an analysis engine should flag it (false for traps) */
  expectFlag: boolean;
  productId: number;
  variantId: number | null;
  description: string;
}

export interface StoreData {
  shop: StoreShop;
  products: StoreProduct[];
  variants: StoreVariant[];
  customers: StoreCustomer[];
  /** in createdAt order */
  orders: StoreOrder[];
  abandonedCheckouts: StoreAbandonedCheckout[];
  planted: PlantedSituation[];
  /** the simulated "now": the end of the generated history (ISO, UTC) */
  now: string;
}

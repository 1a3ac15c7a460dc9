import type { PlantedSituation, StoreProduct, StoreShop, StoreVariant } from "../store/types";
import type { DemandCalendar } from "./demand";

export interface StoreOptions {
  seed: number;
  /** 5 to 50,000 */
  products: number;
  /** days of order history before `now` (default 365) */
  days?: number;
  /** approximate number of order lines over the history (default 130 per product) */
  targetOrderLines?: number;
  /** the simulated now, the end of the history (default "2026-11-01T00:00:00Z") */
  now?: string;
  shopDomain?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  planDisplayName?: string;
}

export type ResolvedStoreOptions = Required<StoreOptions>;

/** An order the planted situations dictate, placed among the ordinary ones on its day. */
export interface ScriptedOrder {
  day: number;
  lines: Array<{ variantIndex: number; quantity: number }>;
  /** "code": the day's promotion code, else the newsletter code; "none": full price; "any": as ordinary orders */
  discount: "code" | "none" | "any";
  /** "random": lines returned at the variant's usual rate; afterDays: every line refunded that long after */
  refund: "random" | null | { afterDays: number };
  /** placed by a new business customer tagged "wholesale" */
  wholesale?: boolean;
}

/**
 * What the order simulation needs per variant, as parallel arrays indexed like `Catalog.variants`
 * (typed arrays keep a 50,000-product catalog small and the daily loop fast).
 */
export interface CatalogModel {
  calendar: DemandCalendar;
  typeIndex: Int32Array;
  /** expected order lines per day at demand factor 1 (0 for scripted and unsold variants) */
  lineRate: Float64Array;
  returnRate: Float64Array;
  priceCents: Int32Array;
  /** the day the first stock arrives, and how much (`Catalog.variants[i].inventoryQuantity`) */
  stockDay: Int32Array;
  /** on sale on days [sellFrom, sellTo) */
  sellFrom: Int32Array;
  sellTo: Int32Array;
  /** no purchase orders from this day on (archived products run down their stock) */
  reorderUntil: Int32Array;
  leadTime: Int32Array;
  /** the first purchase order placed on or after this day (-1: none) arrives `delayDays` late */
  delayFrom: Int32Array;
  delayDays: Int32Array;
  /** 1 when the planted scripts alone decide the variant's sales and deliveries */
  scripted: Uint8Array;
  /** by day */
  scriptedOrders: ScriptedOrder[];
  /** by day */
  scriptedRestocks: Array<{ day: number; variantIndex: number; quantity: number }>;
}

/** A generated catalog: everything except orders, customers and checkouts, which `orderStream` produces. */
export interface Catalog {
  options: ResolvedStoreOptions;
  shop: StoreShop;
  startMs: number;
  nowMs: number;
  days: number;
  products: StoreProduct[];
  /** `inventoryQuantity` is the stock when the variant was first stocked (history start or creation) */
  variants: StoreVariant[];
  planted: PlantedSituation[];
  model: CatalogModel;
}

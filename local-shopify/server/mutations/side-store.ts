import type { StoreState } from "../../store/state";

/*
 * Records the store contract (StoreData) has no place for: discounts, segments, analytics
 * annotations, order tags and
 * bundle operations with their components. They live beside each StoreState, keyed by it, so they share its
 * lifetime and id counters without changing the contract.
 */

export type DiscountValue =
  { type: "percentage"; percentage: number } | { type: "amount"; amount: bigint; appliesOnEachItem: boolean };

export type DiscountItemsSelection =
  { type: "all" } | { type: "products"; productIds: number[]; variantIds: number[] };

export type DiscountBuyers =
  { type: "all" } | { type: "segments"; segmentIds: number[] } | { type: "customers"; customerIds: number[] };

export type DiscountMinimum =
  { type: "subtotal"; amount: bigint } | { type: "quantity"; quantity: string } | null;

export interface DiscountRecord {
  /** The union member this record resolves to. */
  readonly __typename: "DiscountAutomaticBasic" | "DiscountCodeBasic";
  id: number;
  title: string;
  /** null for automatic discounts */
  code: string | null;
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
  updatedAt: string;
  value: DiscountValue;
  items: DiscountItemsSelection;
  appliesOnOneTimePurchase: boolean;
  appliesOnSubscription: boolean;
  buyers: DiscountBuyers;
  minimum: DiscountMinimum;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  tags: string[];
  appliesOncePerCustomer: boolean;
  usageLimit: number | null;
  recurringCycleLimit: number;
}

export interface SegmentRecord {
  readonly __typename: "Segment";
  id: number;
  name: string;
  query: string;
  creationDate: string;
  lastEditDate: string;
}

export interface AnnotationRecord {
  readonly __typename: "AnalyticsAnnotation";
  id: number;
  title: string;
  description: string | null;
  type: string;
  startedAt: string;
  endedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A productBundleCreate: the bundle product it made and the components stored for it. */
export interface BundleOperationRecord {
  readonly __typename: "ProductBundleOperation";
  id: number;
  productId: number;
  /** clock time of the create, in ms: the operation completes BUNDLE_JOB_MS later */
  createdAtMs: number;
  components: BundleComponentRecord[];
}

export interface BundleComponentRecord {
  productId: number;
  quantity: number;
  /** the component's variants whose option values were selected */
  variantIds: number[];
}

export interface SideStore {
  /** keyed by node GID: automatic and code discounts number their ids separately */
  discounts: Map<string, DiscountRecord>;
  segments: Map<number, SegmentRecord>;
  annotations: Map<number, AnnotationRecord>;
  /** StoreOrder has no tags field, so tagsAdd/tagsRemove on orders keep them here. */
  orderTags: Map<number, string[]>;
  bundleOperations: Map<number, BundleOperationRecord>;
  /** keyed by the bundle product's id */
  bundleComponents: Map<number, BundleComponentRecord[]>;
  lastBundleOperationId: number;
}

const sideStores = new WeakMap<StoreState, SideStore>();

export function sideStore(state: StoreState): SideStore {
  let store = sideStores.get(state);
  if (!store) {
    store = {
      discounts: new Map(),
      segments: new Map(),
      annotations: new Map(),
      orderTags: new Map(),
      bundleOperations: new Map(),
      bundleComponents: new Map(),
      lastBundleOperationId: 0,
    };
    sideStores.set(state, store);
  }
  return store;
}

/** The tags an order carries (empty until tagsAdd gives it some). */
export const orderTags = (state: StoreState, orderId: number): string[] =>
  sideStore(state).orderTags.get(orderId) ?? [];

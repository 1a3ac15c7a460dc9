/*
 * The local Shopify's write side: the mutations the app uses, the read queries over records only
 * this module keeps (discounts, segments, annotations), and the resolvers of those records' types.
 * The main server merges this map with its own; see docs/local-shopify/mutations.md.
 */
import type { StoreState } from "../../store/state";
import { parseGid } from "../../store/state";
import type { ServerContext } from "../context";
import { annotationMutations, annotationResolvers } from "./annotations";
import { bundleMutations, bundleQueries, findBundleOperation } from "./bundles";
import {
  discountMutations,
  discountNodeFor,
  discountQueries,
  discountTypeResolvers,
  findDiscount,
} from "./discounts";
import { productMutations } from "./products";
import { segmentMutations, segmentQueries, segmentTypeResolvers } from "./segments";
import { sideStore } from "./side-store";

export { productOptionOf } from "./bundles";
export { allCustomerStatistics, countsTowardStatistics, type CustomerStatistics } from "./customer-stats";
export { orderTags } from "./side-store";

/**
 * Resolvers keyed by schema type name. The 2026-10 schema names its query root `QueryRoot`;
 * `Shop` carries only `analyticsAnnotations`, to be merged into the main server's Shop resolvers.
 */
export function createMutationResolvers(): Record<string, Record<string, unknown>> {
  return {
    Mutation: {
      ...productMutations,
      ...discountMutations,
      ...segmentMutations,
      ...annotationMutations,
      ...bundleMutations,
    },
    QueryRoot: { ...discountQueries, ...segmentQueries, ...bundleQueries },
    ...discountTypeResolvers,
    ...segmentTypeResolvers,
    ...annotationResolvers,
  };
}

/**
 * The object `node(id:)` should return for a GID of a type this module owns (Segment,
 * AnalyticsAnnotation, DiscountAutomaticNode, DiscountCodeNode, DiscountNode,
 * ProductBundleOperation), or null. A bundle operation's status depends on the clock, so it needs
 * the request's context.
 */
export function findMutationNode(state: StoreState, id: string, context?: ServerContext): object | null {
  if (context && parseGid(id, "ProductBundleOperation") !== null) return findBundleOperation(context, id);
  const side = sideStore(state);
  const segmentId = parseGid(id, "Segment");
  if (segmentId !== null) return side.segments.get(segmentId) ?? null;
  const annotationId = parseGid(id, "AnalyticsAnnotation");
  if (annotationId !== null) return side.annotations.get(annotationId) ?? null;
  const discount = findDiscount(state, id);
  if (!discount) return null;
  return discountNodeFor(discount, parseGid(id, "DiscountNode") === null ? undefined : "DiscountNode");
}

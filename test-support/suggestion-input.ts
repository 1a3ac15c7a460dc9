/*
 * Suggestion input from a generated store: the analysis input and its result, plus each order's
 * distinct products as a basket (cancelled and test orders excluded, as the loader does).
 */
import { analyze } from "../app/analysis/index";
import { DEFAULT_SUGGESTION_SETTINGS, type Basket, type SuggestionInput } from "../app/suggestions/types";
import { dayInZone } from "../app/sync/records";
import type { InventoryHistory } from "../local-shopify/generator/index";
import type { StoreData } from "../local-shopify/store/types";
import { analysisInputFrom } from "./analysis-input";

export function basketsFrom(store: StoreData): Basket[] {
  const dayOf = dayInZone(store.shop.ianaTimezone);
  const baskets: Basket[] = [];
  for (const order of store.orders) {
    if (order.cancelledAt !== null || order.test) continue;
    const productIds = [
      ...new Set(
        order.lineItems
          .filter((line) => line.productId !== null)
          .map((line) => `gid://shopify/Product/${line.productId}`),
      ),
    ];
    if (productIds.length > 0)
      baskets.push({
        orderId: `gid://shopify/Order/${order.id}`,
        day: dayOf(new Date(order.createdAt)),
        productIds,
      });
  }
  return baskets;
}

export function suggestionInputFrom(
  store: StoreData,
  history: InventoryHistory | null,
  overrides: Partial<Omit<SuggestionInput, "input" | "result">> = {},
): SuggestionInput {
  const input = analysisInputFrom(store, history);
  return {
    input,
    result: analyze(input),
    settings: DEFAULT_SUGGESTION_SETTINGS,
    bundlesEligible: false,
    orders: basketsFrom(store),
    ...overrides,
  };
}

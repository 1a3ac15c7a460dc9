import { describe, expect, it } from "vitest";
import {
  dayOf,
  formatSegmentError,
  parseSegmentQuery,
  resolveDay,
  unsupportedFilters,
} from "./segment-query";

const errorsOf = (query: string) => {
  const parsed = parseSegmentQuery(query);
  return parsed.ok ? [] : parsed.errors.map(formatSegmentError);
};

describe("segment query parser", () => {
  it.each([
    "number_of_orders >= 3 AND amount_spent >= 200 AND last_order_date < -180d",
    "products_purchased(id: (1012, 1013)) = true",
    "products_purchased(id: 'gid://shopify/Product/1') = false",
    "products_purchased(tag: 'gift') = true",
    "abandoned_checkout_date >= -7d",
    "customer_tags CONTAINS 'vip' OR customer_tags NOT CONTAINS 'wholesale'",
    "(number_of_orders >= 1) OR (number_of_orders = 0)",
    "NOT (amount_spent BETWEEN 1 AND 999.99)",
    "last_order_date BETWEEN 2026-01-01 AND today",
    "first_order_date IS NOT NULL and last_order_date >= 90_days_ago",
    "email_subscription_status = 'SUBSCRIBED' AND customer_account_status != 'DISABLED'",
    "customer_email_domain = 'example.com'",
    "rfm_group = 'AT_RISK'",
    "number_of_orders >= 1 AND\n  customer_tags CONTAINS 'O\\'Brien'",
  ])("accepts %s", (query) => {
    expect(errorsOf(query)).toEqual([]);
  });

  // The first two are Shopify's own answers, captured from the live API.
  it.each([
    [
      "not a valid segment query ???",
      ["Line 1 Column 6: 'valid' is unexpected.", "Line 1 Column 4: 'a' filter cannot be found."],
    ],
    [
      "not another valid segment query ???",
      ["Line 1 Column 12: 'valid' is unexpected.", "Line 1 Column 4: 'another' filter cannot be found."],
    ],
    ["total_spent > 100", ["Line 1 Column 0: 'total_spent' filter cannot be found."]],
    ["number_of_orders >=", ["Line 1 Column 19: The query ends where a value was expected."]],
    ["customer_tags > 'vip'", ["Line 1 Column 14: '>' is not a valid operator for customer_tags."]],
    ["number_of_orders >= lots", ["Line 1 Column 20: 'lots' is not a valid value for number_of_orders."]],
    [
      "last_order_date < 2026-02-30",
      ["Line 1 Column 18: '2026-02-30' is not a valid value for last_order_date."],
    ],
    ["(amount_spent > 5", ["Line 1 Column 17: The query ends where ')' was expected."]],
    ["amount_spent > 5\nAND bogus = 1", ["Line 2 Column 4: 'bogus' filter cannot be found."]],
    [
      "email_subscription_status = 'MAYBE'",
      ["Line 1 Column 28: 'MAYBE' is not a valid value for email_subscription_status."],
    ],
  ])("reports %j", (query, errors) => {
    expect(errorsOf(query)).toEqual(errors);
  });

  it("marks filters the store cannot evaluate", () => {
    const parsed = parseSegmentQuery("rfm_group = 'AT_RISK' OR shopify_email.opened(activity_id: 1) = true");
    expect(parsed.ok && unsupportedFilters(parsed.expression)).toEqual(["rfm_group", "shopify_email.opened"]);
  });
});

describe("relative dates", () => {
  const today = dayOf(2026, 3, 31);
  it.each([
    [{ kind: "relative", amount: -7, unit: "d" } as const, dayOf(2026, 3, 24)],
    [{ kind: "relative", amount: -2, unit: "w" } as const, dayOf(2026, 3, 17)],
    [{ kind: "relative", amount: -1, unit: "m" } as const, dayOf(2026, 2, 28)],
    [{ kind: "relative", amount: -1, unit: "y" } as const, dayOf(2025, 3, 31)],
    [{ kind: "relative", amount: 1, unit: "m" } as const, dayOf(2026, 4, 30)],
  ])("%j from 2026-03-31", (operand, expected) => {
    expect(resolveDay(operand, today)).toBe(expected);
  });
});

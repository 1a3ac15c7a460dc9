import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createRecordParser,
  currencyExponent,
  dayInZone,
  startOfDayInZone,
  fastLineItem,
  fastOrder,
  lineItemLine,
  orderLine,
  RecordError,
  toMinorUnits,
} from "./records";

describe("toMinorUnits", () => {
  it.each([
    ["19.99", "USD", 1999],
    ["20.0", "USD", 2000],
    ["7", "USD", 700],
    ["0.5", "EUR", 50],
    ["-3.25", "USD", -325],
    ["-0.00", "USD", 0],
    ["1000.0", "JPY", 1000],
    ["1000", "JPY", 1000],
    ["12.345", "KWD", 12345],
    ["2.125", "USD", 213],
    ["2.124", "USD", 212],
    ["-2.125", "USD", -213],
    ["21474836.47", "USD", 2147483647],
    ["30000000.00", "USD", 3_000_000_000],
    ["90071992547409.91", "USD", Number.MAX_SAFE_INTEGER],
  ])("%s %s is %i minor units", (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it("uses Intl's minor unit for the currency", () => {
    expect([currencyExponent("USD"), currencyExponent("JPY"), currencyExponent("BHD")]).toEqual([2, 0, 3]);
  });

  it.each([
    ["19,99", "USD", '"19,99" is not a decimal amount'],
    ["1e3", "USD", '"1e3" is not a decimal amount'],
    ["", "USD", '"" is not a decimal amount'],
    ["90071992547409.92", "USD", "90071992547409.92 USD is too large to store"],
    ["99999999999999999999", "JPY", "99999999999999999999 JPY is too large to store"],
    ["1.00", "XX", 'unknown currency code "XX"'],
  ])("refuses %s %s", (amount, currency, message) => {
    expect(() => toMinorUnits(amount, currency)).toThrow(new RecordError(message));
  });

  it("agrees with exact decimal arithmetic for any two-decimal amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }), (cents) => {
        const magnitude = Math.abs(cents);
        const text = `${cents < 0 ? "-" : ""}${Math.floor(magnitude / 100)}.${String(magnitude % 100).padStart(2, "0")}`;
        expect(toMinorUnits(text, "USD")).toBe(cents === 0 ? 0 : cents);
      }),
    );
  });
});

describe("startOfDayInZone", () => {
  it.each([
    ["2026-03-08", "America/New_York", "2026-03-08T05:00:00.000Z"], // the clocks go forward at 2:00
    ["2026-11-01", "America/New_York", "2026-11-01T04:00:00.000Z"], // and back at 2:00
    ["2026-06-01", "Asia/Tokyo", "2026-05-31T15:00:00.000Z"],
    ["2026-01-01", "Asia/Kathmandu", "2025-12-31T18:15:00.000Z"],
    ["2026-07-04", "UTC", "2026-07-04T00:00:00.000Z"],
  ])("%s in %s starts at %s", (day, zone, instant) => {
    expect(startOfDayInZone(day, zone)).toBe(instant);
    expect(dayInZone(zone)(new Date(instant))).toBe(day);
    expect(dayInZone(zone)(new Date(Date.parse(instant) - 1000))).not.toBe(day);
  });
});

describe("dayInZone", () => {
  const intlDay = (timeZone: string, ms: number) =>
    new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date(ms));

  it.each([
    ["America/New_York", "2026-03-08T06:59:59Z", "2026-03-08"], // 01:59:59 EST, just before the change
    ["America/New_York", "2026-03-08T04:59:59Z", "2026-03-07"],
    ["America/New_York", "2026-11-01T04:30:00Z", "2026-11-01"], // 00:30 EDT
    ["Pacific/Auckland", "2026-03-01T11:00:00Z", "2026-03-02"],
    ["Asia/Kathmandu", "2026-01-01T18:14:59Z", "2026-01-01"], // +05:45
    ["Asia/Kathmandu", "2026-01-01T18:15:00Z", "2026-01-02"],
    ["UTC", "2026-12-31T23:59:59Z", "2026-12-31"],
  ])("%s: %s falls on %s", (zone, iso, day) => {
    expect(dayInZone(zone)(new Date(iso))).toBe(day);
  });

  it("matches Intl for any instant, across daylight-saving changes and odd offsets", () => {
    const zones = [
      "America/New_York",
      "Australia/Lord_Howe",
      "America/St_Johns",
      "Asia/Kathmandu",
      "Europe/Berlin",
    ];
    const days = zones.map((zone) => dayInZone(zone));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: zones.length - 1 }),
        fc.integer({ min: Date.parse("2020-01-01"), max: Date.parse("2030-01-01") }),
        (zone, ms) => {
          expect(days[zone]!(new Date(ms))).toBe(intlDay(zones[zone]!, ms));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("matches Intl every 30 seconds around each 2026 clock change (Lord Howe moves by 30 minutes)", () => {
    const hour = 3_600_000;
    for (const zone of ["Australia/Lord_Howe", "America/St_Johns", "Europe/London"]) {
      const day = dayInZone(zone);
      const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
      const offsetName = (ms: number) =>
        format.formatToParts(ms).find((part) => part.type === "timeZoneName")?.value;
      let changes = 0;
      for (let start = Date.parse("2026-01-01"); start < Date.parse("2027-01-01"); start += hour) {
        if (offsetName(start) === offsetName(start + hour)) continue;
        changes += 1;
        for (let ms = start - hour; ms < start + 2 * hour; ms += 30_000) {
          expect(day(new Date(ms))).toBe(intlDay(zone, ms));
        }
      }
      expect(changes).toBe(2);
    }
  });
});

describe("createRecordParser", () => {
  const options = { timeZone: "UTC", currencyCode: "USD" };
  const customer = {
    id: "gid://shopify/Customer/1",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-02T00:00:00Z",
    numberOfOrders: "3",
    amountSpent: { amount: "120.5", currencyCode: "USD" },
    tags: ["vip", "wholesale"],
  };

  it("ignores fields the contract does not name", () => {
    const parser = createRecordParser("customers", options);
    parser.accept({ ...customer, email: "someone@example.com", __typename: "Customer" });
    expect(parser.take()).toEqual({
      Customer: [
        {
          customerId: "gid://shopify/Customer/1",
          createdAt: new Date("2026-01-01T00:00:00Z"),
          updatedAt: new Date("2026-01-02T00:00:00Z"),
          numberOfOrders: 3,
          amountSpentMinor: 12050,
          tags: "vip, wholesale",
        },
      ],
    });
    expect(parser.pending).toBe(0);
  });

  it.each([
    [{ ...customer, numberOfOrders: undefined }, 'field "numberOfOrders": required field is missing'],
    [
      { ...customer, amountSpent: { amount: "12,5", currencyCode: "USD" } },
      'field "amountSpent.amount": expected a decimal amount',
    ],
    [{ ...customer, createdAt: "yesterday" }, 'field "createdAt": Invalid ISO datetime'],
    [[customer], "Invalid input: expected object, received array"],
    [null, "Invalid input: expected object, received null"],
  ])("explains what is wrong with a record (%#)", (value, message) => {
    expect(() => createRecordParser("customers", options).accept(value)).toThrow(new RecordError(message));
  });

  it("refuses a line item with a negative quantity, which would subtract sales", () => {
    const parser = createRecordParser("orders", options);
    parser.accept({
      id: "gid://shopify/Order/1",
      name: "#1001",
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      cancelledAt: null,
      test: false,
      currencyCode: "USD",
      customer: null,
      discountCodes: [],
    });
    const line = {
      id: "gid://shopify/LineItem/1",
      quantity: -3,
      currentQuantity: 0,
      variant: null,
      product: null,
      originalUnitPriceSet: { shopMoney: { amount: "5.00", currencyCode: "USD" } },
      discountedUnitPriceAfterAllDiscountsSet: { shopMoney: { amount: "5.00", currencyCode: "USD" } },
      __parentId: "gid://shopify/Order/1",
    };
    expect(() => parser.accept(line)).toThrow(/field "quantity"/);
    expect(() => parser.accept({ ...line, quantity: 3, currentQuantity: -1 })).toThrow(
      /field "currentQuantity"/,
    );
  });

  it("numbers an abandoned checkout's lines in the order they come, wherever they come", () => {
    const parser = createRecordParser("abandonedCheckouts", options);
    const checkout = (n: number) => ({
      id: `gid://shopify/AbandonedCheckout/${n}`,
      createdAt: "2026-01-01T00:00:00Z",
      completedAt: null,
      customer: null,
    });
    const line = (parent: number, quantity: number) => ({
      quantity,
      variant: null,
      product: null,
      __parentId: `gid://shopify/AbandonedCheckout/${parent}`,
    });
    for (const value of [checkout(1), line(1, 1), checkout(2), line(2, 5), line(1, 2)]) parser.accept(value);
    expect(
      parser
        .take()
        .AbandonedCheckoutLine?.map((row) => [row.checkoutId.slice(-1), row.lineIndex, row.quantity]),
    ).toEqual([
      ["1", 0, 1],
      ["2", 0, 5],
      ["1", 1, 2],
    ]);
  });

  it("refuses an object that appears twice", () => {
    const parser = createRecordParser("products", options);
    const product = {
      id: "gid://shopify/Product/1",
      title: "A",
      handle: "a",
      status: "ACTIVE",
      productType: "",
      vendor: "",
      tags: [],
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
      totalInventory: 0,
      descriptionHtml: "",
      seo: { title: null, description: null },
      mediaCount: null,
    };
    parser.accept(product);
    expect(() => parser.accept(product)).toThrow('"gid://shopify/Product/1" appears twice');
  });
});

describe("the fast paths for orders and line items", () => {
  // Each field is mostly one of its shapes (some valid, some subtly not) and sometimes something
  // else entirely, so whole values are often valid and often wrong in exactly one field.
  const odd = [undefined, null, "", "x", 0, 1.5, -1, 2 ** 53, true, [], {}, ["a", 1], { id: "" }];
  const field = (...valid: unknown[]) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...valid), weight: 9 },
      { arbitrary: fc.constantFrom(...odd), weight: 1 },
    );
  const dateTime = field(
    "2026-03-01T07:30:00Z",
    "2026-03-01T07:30:00.123456+05:30",
    "2024-02-29T23:59:59-08:00",
    "2026-02-29T10:00:00Z",
    "2026-03-01T24:00:00Z",
    "2026-03-01T07:30Z",
    "2026-03-01 07:30:00Z",
  );
  const ref = field({ id: "gid://shopify/X/1" }, { id: "gid://shopify/X/2", extra: 1 }, null, undefined);
  const money = field(
    { shopMoney: { amount: "19.99", currencyCode: "USD" } },
    { shopMoney: { amount: "-3", currencyCode: "JPY" }, presentmentMoney: {} },
    { shopMoney: { amount: "1e3", currencyCode: "USD" } },
    { shopMoney: { amount: "19.99" } },
    { shopMoney: { amount: 19.99, currencyCode: "USD" } },
  );
  const order = fc.record({
    id: field("gid://shopify/Order/1"),
    name: field("#1001"),
    createdAt: dateTime,
    updatedAt: dateTime,
    cancelledAt: fc.oneof(dateTime, fc.constant(null)),
    test: field(false, true),
    currencyCode: field("USD"),
    customer: ref,
    discountCodes: field([], ["SUMMER10", "VIP"]),
    refunds: field([]),
  });
  const lineItem = fc.record({
    id: field("gid://shopify/LineItem/1"),
    quantity: field(1, 3, 0, -2, 2.0),
    currentQuantity: field(1, 0),
    variant: ref,
    product: ref,
    originalUnitPriceSet: money,
    discountedUnitPriceAfterAllDiscountsSet: money,
    __parentId: field("gid://shopify/Order/1"),
  });

  it.each([
    ["orders", order, fastOrder, orderLine],
    ["line items", lineItem, fastLineItem, lineItemLine],
  ] as const)("accept %s exactly as zod does, with zod's output", (_what, values, fast, schema) => {
    let accepted = 0;
    fc.assert(
      fc.property(values, (value) => {
        const expected = (schema as typeof orderLine).safeParse(value);
        const result = (fast as (value: unknown) => unknown)(value);
        if (result !== null) accepted += 1;
        expect(result).toEqual(expected.success ? expected.data : null);
      }),
      { numRuns: 5_000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

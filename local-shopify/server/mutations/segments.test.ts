import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { segmentMembers } from "./segments";
import { createTestServer, KETTLE, MUG, type TestServer } from "./test-support";

const MEMBERS = `
  query Preview($query: String, $segmentId: ID, $first: Int, $after: String, $sortKey: String, $reverse: Boolean) {
    customerSegmentMembers(query: $query, segmentId: $segmentId, first: $first, after: $after, sortKey: $sortKey, reverse: $reverse) {
      totalCount
      edges { cursor node { id firstName numberOfOrders amountSpent { amount currencyCode } defaultEmailAddress { emailAddress } lastOrderId } }
      pageInfo { hasNextPage endCursor }
      statistics { attributeStatistics(attributeName: "amount_spent") { sum average } }
    }
  }`;

const SEGMENT_CREATE = `
  mutation Create($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) { segment { id name query creationDate lastEditDate } userErrors { field message } }
  }`;

const names = (data: Awaited<ReturnType<TestServer["data"]>>): string[] =>
  data.customerSegmentMembers.edges.map((edge: { node: { firstName: string } }) => edge.node.firstName);

describe("customerSegmentMembers", () => {
  it.each([
    ["number_of_orders >= 3 AND amount_spent >= 200", ["Alice", "Frank"]],
    ["last_order_date < -180d", ["Bob", "Eve"]],
    [`products_purchased(id: (${MUG.productId}, ${KETTLE.productId})) = true`, ["Alice", "Carol", "Frank"]],
    [
      `products_purchased(id: 'gid://shopify/Product/${MUG.productId}') = false`,
      ["Bob", "Dan", "Eve", "Frank"],
    ],
    ["products_purchased(tag: 'gift') = true", ["Bob", "Eve", "Frank"]],
    ["customer_tags CONTAINS 'vip'", ["Alice", "Carol", "Frank"]],
    ["customer_tags NOT CONTAINS 'vip'", ["Bob", "Dan", "Eve"]],
    ["abandoned_checkout_date >= -7d", ["Dan"]],
    ["last_order_date IS NULL", ["Dan"]],
    ["number_of_orders = 2 OR (amount_spent > 0 AND amount_spent < 100)", ["Carol", "Eve"]],
    ["first_order_date >= -100d AND customer_added_date >= 2026-01-01", ["Carol", "Frank"]],
    ["email_subscription_status = 'NOT_SUBSCRIBED' AND NOT number_of_orders > 0", ["Dan"]],
  ])("%s", async (query, expected) => {
    const server = createTestServer();
    const data = await server.data(MEMBERS, { query, first: 50 });
    expect(names(data)).toEqual(expected);
    expect(data.customerSegmentMembers.totalCount).toBe(expected.length);
  });

  it("describes each member from the store's orders", async () => {
    const server = createTestServer();
    const data = await server.data(MEMBERS, { query: "customer_tags CONTAINS 'wholesale'", first: 5 });
    expect(data.customerSegmentMembers.edges[0].node).toEqual({
      id: "gid://shopify/CustomerSegmentMember/3",
      firstName: "Carol",
      // cancelled and test orders do not count
      numberOfOrders: "2",
      amountSpent: { amount: "500.0", currencyCode: "USD" },
      defaultEmailAddress: { emailAddress: "carol@example.com" },
      lastOrderId: "gid://shopify/Order/32",
    });
    expect(data.customerSegmentMembers.statistics.attributeStatistics).toEqual({ sum: 500, average: 500 });
  });

  it("answers every field of a member (none is left unresolved)", async () => {
    const server = createTestServer();
    const data = await server.data(`
      query Everything {
        customerSegmentMembers(query: "customer_tags CONTAINS 'newsletter'", first: 1) {
          edges {
            node {
              id displayName firstName lastName note lastOrderId numberOfOrders
              amountSpent { amount currencyCode }
              defaultAddress { id }
              defaultPhoneNumber { phoneNumber }
              defaultEmailAddress {
                emailAddress marketingState marketingOptInLevel marketingUpdatedAt marketingUnsubscribeUrl
                openTrackingLevel openTrackingUrl validFormat sourceLocation { id }
              }
              mergeable { isMergeable reason errorFields mergeInProgress { jobId } }
              metafield(key: "x") { id }
              metafields(first: 1) { nodes { id } }
            }
          }
          statistics { orders: attributeStatistics(attributeName: "number_of_orders") { sum average } }
        }
      }`);
    expect(data.customerSegmentMembers.edges[0].node).toMatchObject({
      displayName: "Dan Tester",
      numberOfOrders: "0",
      lastOrderId: null,
      amountSpent: { amount: "0.0", currencyCode: "USD" },
      defaultEmailAddress: {
        emailAddress: "dan@example.com",
        marketingState: "NOT_SUBSCRIBED",
        validFormat: true,
      },
    });
    expect(data.customerSegmentMembers.statistics.orders).toEqual({ sum: 0, average: 0 });
  });

  it("pages through members and sorts them", async () => {
    const server = createTestServer();
    const query = "number_of_orders >= 0";
    const first = await server.data(MEMBERS, { query, first: 4, sortKey: "amount_spent", reverse: true });
    expect(names(first)).toEqual(["Carol", "Frank", "Alice", "Bob"]);
    expect(first.customerSegmentMembers.pageInfo.hasNextPage).toBe(true);
    const rest = await server.data(MEMBERS, {
      query,
      first: 4,
      sortKey: "amount_spent",
      reverse: true,
      after: first.customerSegmentMembers.pageInfo.endCursor,
    });
    expect(names(rest)).toEqual(["Eve", "Dan"]);
    expect(rest.customerSegmentMembers).toMatchObject({ totalCount: 6, pageInfo: { hasNextPage: false } });
  });

  it("previews a saved segment by id", async () => {
    const server = createTestServer();
    const created = await server.data(SEGMENT_CREATE, { name: "Lapsed", query: "last_order_date < -180d" });
    const data = await server.data(MEMBERS, { segmentId: created.segmentCreate.segment.id, first: 10 });
    expect(names(data)).toEqual(["Bob", "Eve"]);
  });

  it.each([
    [
      { query: "not a valid segment query ???", first: 5 },
      "Line 1 Column 6: 'valid' is unexpected. Line 1 Column 4: 'a' filter cannot be found.",
    ],
    [
      { query: "rfm_group = 'AT_RISK'", first: 5 },
      "The local Shopify does not support the segment filters rfm_group.",
    ],
    [{ query: "number_of_orders > 1", first: 1001 }, "The 'first' argument must be between 0 and 1000."],
    [{ segmentId: "gid://shopify/Segment/99", first: 5 }, "Invalid segment ID."],
  ])("answers %j with a top-level error", async (variables, message) => {
    const server = createTestServer();
    const result = await server.run(MEMBERS, variables);
    expect(result.errors?.map((error) => error.message)).toEqual([message]);
  });
});

describe("segment membership algebra (property)", () => {
  const atoms = fc.constantFrom(
    "number_of_orders >= 3",
    "number_of_orders = 0",
    "amount_spent >= 200",
    "amount_spent < 100",
    "last_order_date < -180d",
    "last_order_date >= -30d",
    "customer_tags CONTAINS 'vip'",
    `products_purchased(id: (${MUG.productId})) = true`,
    "abandoned_checkout_date >= -30d",
  );
  const server = createTestServer();
  const ids = (query: string) => segmentMembers(server.context, query).map((member) => member.customer.id);
  const all = ids("number_of_orders >= 0");

  it("A AND B selects members of A; A OR B selects at least as many as each; NOT A is the rest", () => {
    fc.assert(
      fc.property(atoms, atoms, (a, b) => {
        const inA = ids(a);
        const inB = ids(b);
        const both = ids(`${a} AND ${b}`);
        const either = ids(`(${a}) OR (${b})`);
        expect(both.every((id) => inA.includes(id) && inB.includes(id))).toBe(true);
        expect(either.length).toBeGreaterThanOrEqual(Math.max(inA.length, inB.length));
        expect(new Set(either)).toEqual(new Set([...inA, ...inB]));
        expect(ids(`NOT (${a})`)).toEqual(all.filter((id) => !inA.includes(id)));
      }),
      { numRuns: 60 },
    );
  });

  it("number_of_orders thresholds count like a brute-force pass over the orders", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), (threshold) => {
        const counted = server.state.data.customers.filter(
          (customer) =>
            (server.state.ordersByCustomer.get(customer.id) ?? []).filter(
              (order) => !order.cancelledAt && !order.test,
            ).length >= threshold,
        );
        expect(ids(`number_of_orders >= ${threshold}`)).toEqual(counted.map((customer) => customer.id));
      }),
    );
  });
});

describe("segmentCreate, segmentUpdate and segmentDelete", () => {
  it("store a segment that segment(id) and segments read back", async () => {
    const server = createTestServer();
    const created = await server.data(SEGMENT_CREATE, { name: "VIP", query: "customer_tags CONTAINS 'vip'" });
    expect(created.segmentCreate).toEqual({
      segment: {
        id: "gid://shopify/Segment/1",
        name: "VIP",
        query: "customer_tags CONTAINS 'vip'",
        creationDate: "2026-06-30T12:00:00Z",
        lastEditDate: "2026-06-30T12:00:00Z",
      },
      userErrors: [],
    });
    const read = await server.data(
      `query { segment(id: "gid://shopify/Segment/1") { name } segments(first: 5) { nodes { id } } segmentsCount { count precision } }`,
    );
    expect(read).toEqual({
      segment: { name: "VIP" },
      segments: { nodes: [{ id: "gid://shopify/Segment/1" }] },
      segmentsCount: { count: 1, precision: "EXACT" },
    });
  });

  it("rejects a query that does not parse, with Shopify's wording", async () => {
    const server = createTestServer();
    const created = await server.data(SEGMENT_CREATE, {
      name: "Broken",
      query: "number_of_orders >= 3 AND spend > 10",
    });
    expect(created.segmentCreate).toEqual({
      segment: null,
      userErrors: [{ field: ["query"], message: "Query Line 1 Column 26: 'spend' filter cannot be found." }],
    });
    expect((await server.data(`query { segmentsCount { count } }`)).segmentsCount.count).toBe(0);
  });

  it("checks name and query presence before the grammar", async () => {
    const server = createTestServer();
    const created = await server.data(SEGMENT_CREATE, { name: "", query: "not a valid segment query ???" });
    expect(created.segmentCreate.userErrors).toEqual([{ field: ["name"], message: "Name can't be blank" }]);
    const both = await server.data(SEGMENT_CREATE, { name: "", query: "" });
    expect(both.segmentCreate.userErrors).toEqual([
      { field: ["name"], message: "Name can't be blank" },
      { field: ["query"], message: "Query can't be blank" },
    ]);
  });

  it("numbers a duplicate name instead of rejecting it, as Shopify does", async () => {
    const server = createTestServer();
    const created = [];
    for (const name of ["Lapsed", "Lapsed", "Lapsed", "Lapsed (1)"]) {
      created.push(
        (await server.data(SEGMENT_CREATE, { name, query: "number_of_orders = 0" })).segmentCreate.segment
          .name,
      );
    }
    expect(created).toEqual(["Lapsed", "Lapsed (1)", "Lapsed (2)", "Lapsed (3)"]);
  });

  it("update and delete, reporting unknown ids", async () => {
    const server = createTestServer();
    await server.data(SEGMENT_CREATE, { name: "VIP", query: "customer_tags CONTAINS 'vip'" });
    const UPDATE = `
      mutation Update($id: ID!, $name: String, $query: String) {
        segmentUpdate(id: $id, name: $name, query: $query) { segment { name query } userErrors { field message } }
      }`;
    const bad = await server.data(UPDATE, { id: "gid://shopify/Segment/1", query: "customer_tags CONTAINS" });
    expect(bad.segmentUpdate).toEqual({
      segment: null,
      userErrors: [
        { field: ["query"], message: "Query Line 1 Column 22: The query ends where a value was expected." },
      ],
    });
    const updated = await server.data(UPDATE, {
      id: "gid://shopify/Segment/1",
      name: "Big spenders",
      query: "amount_spent > 250",
    });
    expect(updated.segmentUpdate).toEqual({
      segment: { name: "Big spenders", query: "amount_spent > 250" },
      userErrors: [],
    });
    const DELETE = `mutation Delete($id: ID!) { segmentDelete(id: $id) { deletedSegmentId userErrors { field message } } }`;
    expect((await server.data(DELETE, { id: "gid://shopify/Segment/1" })).segmentDelete).toEqual({
      deletedSegmentId: "gid://shopify/Segment/1",
      userErrors: [],
    });
    expect((await server.data(DELETE, { id: "gid://shopify/Segment/1" })).segmentDelete).toEqual({
      deletedSegmentId: null,
      userErrors: [{ field: ["id"], message: "Segment does not exist" }],
    });
  });
});

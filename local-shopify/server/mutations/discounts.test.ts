import { describe, expect, it } from "vitest";
import { createTestServer } from "./test-support";

const AUTOMATIC_CREATE = `
  mutation Markdown($discount: DiscountAutomaticBasicInput!) {
    discountAutomaticBasicCreate(automaticBasicDiscount: $discount) {
      automaticDiscountNode {
        id
        automaticDiscount {
          __typename
          ... on DiscountAutomaticBasic { title status startsAt endsAt summary discountClasses }
        }
      }
      userErrors { field message code }
    }
  }`;

const CODE_CREATE = `
  mutation Code($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }`;

const DISCOUNT_NODE = `
  query Discount($id: ID!) {
    discountNode(id: $id) {
      id
      discount {
        __typename
        ... on DiscountAutomaticBasic {
          title
          status
          endsAt
          customerGets {
            value { ... on DiscountPercentage { percentage } ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }
            items {
              ... on AllDiscountItems { allItems }
              ... on DiscountProducts { products(first: 5) { nodes { id } } }
            }
          }
          context {
            __typename
            ... on DiscountBuyerSelectionAll { all }
            ... on DiscountCustomerSegments { segments { id name } }
          }
          minimumRequirement { ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } } }
        }
        ... on DiscountCodeBasic {
          title
          status
          codes(first: 1) { nodes { code } }
        }
      }
    }
  }`;

const AUTOMATIC_DEACTIVATE = `
  mutation Revert($id: ID!) {
    discountAutomaticDeactivate(id: $id) {
      automaticDiscountNode { automaticDiscount { ... on DiscountAutomaticBasic { status endsAt } } }
      userErrors { field message code }
    }
  }`;

const percentOffMugs = {
  title: "Mug clearance",
  startsAt: "2026-06-01T00:00:00Z",
  customerGets: {
    value: { percentage: 0.2 },
    items: { products: { productsToAdd: ["gid://shopify/Product/1"] } },
  },
  context: { all: "ALL" },
};

describe("automatic basic discounts", () => {
  it("are created, readable through discountNode, and deactivated", async () => {
    const server = createTestServer();
    const created = await server.data(AUTOMATIC_CREATE, {
      discount: {
        ...percentOffMugs,
        minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "25" } },
      },
    });
    expect(created.discountAutomaticBasicCreate).toEqual({
      automaticDiscountNode: {
        id: "gid://shopify/DiscountAutomaticNode/1",
        automaticDiscount: {
          __typename: "DiscountAutomaticBasic",
          title: "Mug clearance",
          status: "ACTIVE",
          startsAt: "2026-06-01T00:00:00Z",
          endsAt: null,
          summary: "20% off 1 product • Minimum purchase of 25.00 USD",
          discountClasses: ["PRODUCT"],
        },
      },
      userErrors: [],
    });
    const id = created.discountAutomaticBasicCreate.automaticDiscountNode.id;
    const read = await server.data(DISCOUNT_NODE, { id });
    expect(read.discountNode.discount).toEqual({
      __typename: "DiscountAutomaticBasic",
      title: "Mug clearance",
      status: "ACTIVE",
      endsAt: null,
      customerGets: {
        value: { percentage: 0.2 },
        items: { products: { nodes: [{ id: "gid://shopify/Product/1" }] } },
      },
      context: { __typename: "DiscountBuyerSelectionAll", all: "ALL" },
      minimumRequirement: { greaterThanOrEqualToSubtotal: { amount: "25.0" } },
    });

    const deactivated = await server.data(AUTOMATIC_DEACTIVATE, { id });
    expect(deactivated.discountAutomaticDeactivate).toEqual({
      automaticDiscountNode: { automaticDiscount: { status: "EXPIRED", endsAt: "2026-06-30T12:00:00Z" } },
      userErrors: [],
    });
    expect((await server.data(DISCOUNT_NODE, { id })).discountNode.discount.status).toBe("EXPIRED");
    expect(server.webhooks.map((webhook) => [webhook.topic, webhook.payload.status])).toEqual([
      ["discounts/create", "ACTIVE"],
      ["discounts/update", "EXPIRED"],
    ]);
  });

  it("are SCHEDULED until they start", async () => {
    const server = createTestServer();
    const created = await server.data(AUTOMATIC_CREATE, {
      discount: { ...percentOffMugs, startsAt: "2026-07-04T00:00:00Z", endsAt: "2026-07-05T00:00:00Z" },
    });
    expect(created.discountAutomaticBasicCreate.automaticDiscountNode.automaticDiscount.status).toBe(
      "SCHEDULED",
    );
  });

  it("can target a customer segment", async () => {
    const server = createTestServer();
    const segment = await server.data(
      `mutation { segmentCreate(name: "Lapsed", query: "last_order_date < -180d") { segment { id } } }`,
    );
    const segmentId = segment.segmentCreate.segment.id;
    const created = await server.data(AUTOMATIC_CREATE, {
      discount: { ...percentOffMugs, context: { customerSegments: { add: [segmentId] } } },
    });
    const read = await server.data(DISCOUNT_NODE, {
      id: created.discountAutomaticBasicCreate.automaticDiscountNode.id,
    });
    expect(read.discountNode.discount.context).toEqual({
      __typename: "DiscountCustomerSegments",
      segments: [{ id: segmentId, name: "Lapsed" }],
    });
  });

  it.each([
    [
      "a blank title",
      { title: " " },
      [{ field: ["automaticBasicDiscount", "title"], message: "Title can't be blank", code: "BLANK" }],
    ],
    [
      "a percentage above 100%",
      { customerGets: { value: { percentage: 1.5 }, items: { all: true } } },
      [
        {
          field: ["automaticBasicDiscount", "customerGets", "value", "percentage"],
          message: "Value must be between 0.0 and 1.0",
          code: "VALUE_OUTSIDE_RANGE",
        },
      ],
    ],
    [
      "an end before the start",
      { endsAt: "2026-05-01T00:00:00Z" },
      [
        {
          field: ["automaticBasicDiscount", "endsAt"],
          message: "Ends at needs to be after starts_at",
          code: "INVALID",
        },
      ],
    ],
    [
      "an unknown product",
      {
        customerGets: {
          value: { percentage: 0.1 },
          items: { products: { productsToAdd: ["gid://shopify/Product/77"] } },
        },
      },
      [
        {
          field: ["automaticBasicDiscount", "customerGets", "items", "products", "productsToAdd"],
          message: "Product with id: 77 is invalid",
          code: "INVALID",
        },
      ],
    ],
    [
      "an unknown segment",
      { context: { customerSegments: { add: ["gid://shopify/Segment/5"] } } },
      [
        {
          field: ["automaticBasicDiscount", "context", "customerSegments", "add"],
          message: "Customer segment with id: 5 is invalid",
          code: "INVALID",
        },
      ],
    ],
  ])("reject %s and store nothing", async (_case, change, userErrors) => {
    const server = createTestServer();
    const created = await server.data(AUTOMATIC_CREATE, { discount: { ...percentOffMugs, ...change } });
    expect(created.discountAutomaticBasicCreate).toEqual({ automaticDiscountNode: null, userErrors });
    const read = await server.data(DISCOUNT_NODE, { id: "gid://shopify/DiscountAutomaticNode/1" });
    expect(read.discountNode).toBeNull();
    expect(server.webhooks).toEqual([]);
  });
});

describe("code basic discounts", () => {
  const tenOff = {
    title: "Ten off",
    code: "WELCOME10",
    startsAt: "2026-06-01T00:00:00Z",
    customerGets: {
      value: { discountAmount: { amount: "10.00", appliesOnEachItem: false } },
      items: { all: true },
    },
    context: { all: "ALL" },
  };

  it("keep codes unique per shop, whatever their case", async () => {
    const server = createTestServer();
    const first = await server.data(CODE_CREATE, { discount: tenOff });
    expect(first.discountCodeBasicCreate).toEqual({
      codeDiscountNode: { id: "gid://shopify/DiscountCodeNode/1" },
      userErrors: [],
    });
    const duplicate = await server.data(CODE_CREATE, {
      discount: { ...tenOff, title: "Again", code: "welcome10" },
    });
    expect(duplicate.discountCodeBasicCreate).toEqual({
      codeDiscountNode: null,
      userErrors: [
        {
          field: ["basicCodeDiscount", "code"],
          message: "Code must be unique. Please try a different code.",
          code: "TAKEN",
        },
      ],
    });
    const byCode = await server.data(`query { codeDiscountNodeByCode(code: "Welcome10") { id } }`);
    expect(byCode.codeDiscountNodeByCode).toEqual({ id: "gid://shopify/DiscountCodeNode/1" });
  });

  it("are readable, deactivated and deleted", async () => {
    const server = createTestServer();
    const id = (await server.data(CODE_CREATE, { discount: tenOff })).discountCodeBasicCreate.codeDiscountNode
      .id;
    const read = await server.data(DISCOUNT_NODE, { id });
    expect(read.discountNode.discount).toEqual({
      __typename: "DiscountCodeBasic",
      title: "Ten off",
      status: "ACTIVE",
      codes: { nodes: [{ code: "WELCOME10" }] },
    });
    const deactivated = await server.data(
      `mutation Off($id: ID!) { discountCodeDeactivate(id: $id) { codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } } userErrors { message } } }`,
      { id },
    );
    expect(deactivated.discountCodeDeactivate.codeDiscountNode.codeDiscount.status).toBe("EXPIRED");
    const deleted = await server.data(
      `mutation Drop($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message } } }`,
      { id },
    );
    expect(deleted.discountCodeDelete).toEqual({ deletedCodeDiscountId: id, userErrors: [] });
    expect((await server.data(DISCOUNT_NODE, { id })).discountNode).toBeNull();
    const again = await server.data(
      `mutation Drop($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field message } } }`,
      { id },
    );
    expect(again.discountCodeDelete).toEqual({
      deletedCodeDiscountId: null,
      userErrors: [{ field: ["id"], message: "Discount does not exist" }],
    });
  });

  it("report deactivating an automatic discount through the code mutation as unknown", async () => {
    const server = createTestServer();
    const created = await server.data(AUTOMATIC_CREATE, { discount: percentOffMugs });
    const result = await server.data(
      `mutation Off($id: ID!) { discountCodeDeactivate(id: $id) { codeDiscountNode { id } userErrors { field message code extraInfo } } }`,
      { id: created.discountAutomaticBasicCreate.automaticDiscountNode.id },
    );
    expect(result.discountCodeDeactivate).toEqual({
      codeDiscountNode: null,
      userErrors: [{ field: ["id"], message: "Discount does not exist", code: null, extraInfo: null }],
    });
  });

  it("answer every field of the code discount types (none is left unresolved)", async () => {
    const server = createTestServer();
    await server.data(CODE_CREATE, {
      discount: {
        ...tenOff,
        tags: ["markdown"],
        minimumRequirement: { quantity: { greaterThanOrEqualToQuantity: "2" } },
      },
    });
    const data = await server.data(`
      query Everything {
        codeDiscountNodeByCode(code: "WELCOME10") {
          id
          events(first: 1) { nodes { id } }
          metafields(first: 1) { nodes { id } }
          metafield(key: "x") { id }
          codeDiscount {
            ... on DiscountCodeBasic {
              title status startsAt endsAt createdAt updatedAt tags summary shortSummary
              appliesOncePerCustomer usageLimit recurringCycleLimit asyncUsageCount hasTimelineComment
              discountClasses totalSales { amount } shareableUrls { url }
              codesCount { count precision }
              codes(first: 5) { edges { cursor node { id code asyncUsageCount createdBy { id } } } pageInfo { hasNextPage } }
              combinesWith { orderDiscounts productDiscounts shippingDiscounts productDiscountsWithTagsOnSameCartLine }
              customerGets {
                appliesOnOneTimePurchase appliesOnSubscription
                value { ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }
                items { ... on AllDiscountItems { allItems } }
              }
              context { ... on DiscountBuyerSelectionAll { all } }
              minimumRequirement { ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity } }
            }
          }
        }
      }`);
    expect(data.codeDiscountNodeByCode.codeDiscount).toMatchObject({
      summary: "10.00 USD off entire order • Minimum quantity of 2",
      discountClasses: ["ORDER"],
      codesCount: { count: 1, precision: "EXACT" },
      customerGets: { value: { amount: { amount: "10.0", currencyCode: "USD" }, appliesOnEachItem: false } },
      minimumRequirement: { greaterThanOrEqualToQuantity: "2" },
      tags: ["markdown"],
    });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createTestServer } from "./test-support";

const BULK_UPDATE = `
  mutation Reprice($productId: ID!, $variants: [ProductVariantsBulkInput!]!, $partial: Boolean) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: $partial) {
      product { id updatedAt }
      productVariants { id price compareAtPrice updatedAt }
      userErrors { field message code }
    }
  }`;

const MUG = "gid://shopify/Product/1";
const MUG_SMALL = "gid://shopify/ProductVariant/11";
const MUG_LARGE = "gid://shopify/ProductVariant/12";
const TEAPOT_VARIANT = "gid://shopify/ProductVariant/21";

describe("productVariantsBulkUpdate", () => {
  it("stores new prices, stamps updatedAt and sends products/update", async () => {
    const server = createTestServer();
    const data = await server.data(BULK_UPDATE, {
      productId: MUG,
      variants: [
        { id: MUG_SMALL, price: "9.5", compareAtPrice: "12.00" },
        { id: MUG_LARGE, price: 11 },
      ],
    });
    expect(data.productVariantsBulkUpdate).toEqual({
      product: { id: MUG, updatedAt: "2026-06-30T12:00:00Z" },
      productVariants: [
        { id: MUG_SMALL, price: "9.50", compareAtPrice: "12.00", updatedAt: "2026-06-30T12:00:00Z" },
        { id: MUG_LARGE, price: "11.00", compareAtPrice: null, updatedAt: "2026-06-30T12:00:00Z" },
      ],
      userErrors: [],
    });
    expect(server.state.variantsById.get(11)).toMatchObject({ price: "9.50", compareAtPrice: "12.00" });
    expect(server.webhooks).toHaveLength(1);
    const [webhook] = server.webhooks;
    expect(webhook?.topic).toBe("products/update");
    expect(webhook?.payload).toMatchObject({
      id: 1,
      admin_graphql_api_id: MUG,
      // 12:00 UTC is 08:00 in the shop's zone (New York, summer time)
      updated_at: "2026-06-30T08:00:00-04:00",
      variants: [
        { id: 11, price: "9.50", compare_at_price: "12.00", admin_graphql_api_id: MUG_SMALL },
        { id: 12, price: "11.00", compare_at_price: null },
      ],
    });
  });

  it.each([
    [
      "a negative price",
      [{ id: MUG_SMALL, price: "-1.00" }],
      [
        {
          field: ["variants", "0", "price"],
          message: "Price must be greater than or equal to 0",
          code: "GREATER_THAN_OR_EQUAL_TO",
        },
      ],
    ],
    [
      "a variant of another product",
      [{ id: TEAPOT_VARIANT, price: "5.00" }],
      [
        {
          field: ["variants", "0", "id"],
          message: "Product variant does not exist",
          code: "PRODUCT_VARIANT_DOES_NOT_EXIST",
        },
      ],
    ],
    [
      "an unknown variant",
      [{ id: "gid://shopify/ProductVariant/999", price: "5.00" }],
      [
        {
          field: ["variants", "0", "id"],
          message: "Product variant does not exist",
          code: "PRODUCT_VARIANT_DOES_NOT_EXIST",
        },
      ],
    ],
    [
      "an amount that is not money",
      [{ id: MUG_SMALL, price: "twelve" }],
      [{ field: ["variants", "0", "price"], message: "Price is not a number", code: "INVALID_INPUT" }],
    ],
    [
      "one bad variant among good ones",
      [
        { id: MUG_SMALL, price: "8.00" },
        { id: MUG_LARGE, compareAtPrice: "-3" },
      ],
      [
        {
          field: ["variants", "1", "compareAtPrice"],
          message: "Compare at price must be greater than or equal to 0",
          code: "GREATER_THAN_OR_EQUAL_TO",
        },
      ],
    ],
  ])("rejects %s and changes nothing", async (_case, variants, userErrors) => {
    const server = createTestServer();
    const before = structuredClone(server.state.data);
    const data = await server.data(BULK_UPDATE, { productId: MUG, variants });
    expect(data.productVariantsBulkUpdate).toEqual({
      product: { id: MUG, updatedAt: before.products[0]?.updatedAt },
      productVariants: null,
      userErrors,
    });
    expect(server.state.data).toEqual(before);
    expect(server.webhooks).toEqual([]);
  });

  it("rejects an unknown product", async () => {
    const server = createTestServer();
    const data = await server.data(BULK_UPDATE, {
      productId: "gid://shopify/Product/404",
      variants: [{ id: MUG_SMALL, price: "1.00" }],
    });
    expect(data.productVariantsBulkUpdate).toEqual({
      product: null,
      productVariants: null,
      userErrors: [
        { field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" },
      ],
    });
  });

  it("applies the valid variants when partial updates are allowed", async () => {
    const server = createTestServer();
    const data = await server.data(BULK_UPDATE, {
      productId: MUG,
      partial: true,
      variants: [
        { id: MUG_SMALL, price: "8.00" },
        { id: MUG_LARGE, price: "-3" },
      ],
    });
    expect(data.productVariantsBulkUpdate.productVariants).toEqual([
      expect.objectContaining({ id: MUG_SMALL, price: "8.00" }),
    ]);
    expect(data.productVariantsBulkUpdate.userErrors).toHaveLength(1);
    expect(server.state.variantsById.get(12)?.price).toBe("14.00");
  });

  it("refuses more than 250 variants before looking at them", async () => {
    const server = createTestServer();
    const variants = Array.from({ length: 251 }, () => ({ id: MUG_SMALL, price: "1.00" }));
    const result = await server.run(BULK_UPDATE, { productId: MUG, variants });
    expect(result.errors?.[0]?.message).toBe(
      "The input array size of 251 is greater than the maximum allowed of 250.",
    );
    expect(result.errors?.[0]?.extensions.code).toBe("MAX_INPUT_SIZE_EXCEEDED");
    expect(server.state.variantsById.get(11)?.price).toBe("12.00");
  });
});

const PRODUCT_UPDATE = `
  mutation Content($product: ProductUpdateInput!) {
    productUpdate(product: $product) {
      product { id title status descriptionHtml tags seo { title description } }
      userErrors { field message }
    }
  }`;

describe("productUpdate", () => {
  it("updates SEO, description and status and sends products/update", async () => {
    const server = createTestServer();
    const data = await server.data(PRODUCT_UPDATE, {
      product: {
        id: MUG,
        seo: { title: "Stoneware mug", description: "A 350 ml stoneware mug." },
        descriptionHtml: "<p>Handmade.</p>",
        status: "ARCHIVED",
      },
    });
    expect(data.productUpdate).toEqual({
      product: {
        id: MUG,
        title: "Mug",
        status: "ARCHIVED",
        descriptionHtml: "<p>Handmade.</p>",
        tags: ["ceramic"],
        seo: { title: "Stoneware mug", description: "A 350 ml stoneware mug." },
      },
      userErrors: [],
    });
    expect(server.webhooks.map((webhook) => webhook.payload.status)).toEqual(["archived"]);
  });

  it("keeps the product unchanged on a blank title, and reports unknown ids", async () => {
    const server = createTestServer();
    const before = structuredClone(server.state.data);
    const blank = await server.data(PRODUCT_UPDATE, { product: { id: MUG, title: "  ", status: "DRAFT" } });
    expect(blank.productUpdate.userErrors).toEqual([{ field: ["title"], message: "Title can't be blank" }]);
    expect(blank.productUpdate.product.status).toBe("ACTIVE");
    const unknown = await server.data(PRODUCT_UPDATE, {
      product: { id: "gid://shopify/Product/404", title: "X" },
    });
    expect(unknown.productUpdate).toEqual({
      product: null,
      userErrors: [{ field: ["id"], message: "Product does not exist" }],
    });
    expect(server.state.data).toEqual(before);
    expect(server.webhooks).toEqual([]);
  });

  it("rejects a status the schema does not know before running", async () => {
    const server = createTestServer();
    const result = await server.run(PRODUCT_UPDATE, { product: { id: MUG, status: "HIDDEN" } });
    expect(result.errors?.[0]?.message).toMatch(/Value "HIDDEN" does not exist in "ProductStatus" enum/);
  });
});

const TAGS_ADD = `
  mutation Tag($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } }
  }`;
const TAGS_REMOVE = `
  mutation Untag($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } }
  }`;
const ORDER_TAGS = `query OrderTags($id: ID!) { order(id: $id) { id tags } }`;

describe("tagsAdd and tagsRemove", () => {
  it.each([
    [
      "Product",
      "gid://shopify/Product/2",
      (server: ReturnType<typeof createTestServer>) => server.state.productsById.get(2)?.tags,
    ],
    [
      "Customer",
      "gid://shopify/Customer/2",
      (server: ReturnType<typeof createTestServer>) => server.state.customersById.get(2)?.tags,
    ],
  ])("tags a %s, once however often it is asked", async (_type, id, tagsOf) => {
    const server = createTestServer();
    const first = await server.data(TAGS_ADD, { id, tags: ["winback, Q3", "winback"] });
    expect(first.tagsAdd).toEqual({ node: { id }, userErrors: [] });
    const afterFirst = [...(tagsOf(server) ?? [])];
    expect(afterFirst).toEqual(expect.arrayContaining(["winback", "Q3"]));
    await server.data(TAGS_ADD, { id, tags: ["WINBACK", "q3"] });
    expect(tagsOf(server)).toEqual(afterFirst);
    expect(server.webhooks).toHaveLength(1);
    await server.data(TAGS_REMOVE, { id, tags: ["winback", "q3"] });
    await server.data(TAGS_REMOVE, { id, tags: ["winback", "q3"] });
    expect(tagsOf(server)).not.toContain("winback");
    expect(server.webhooks).toHaveLength(2);
  });

  it("tags orders, which the store keeps beside the order", async () => {
    const server = createTestServer();
    await server.data(TAGS_ADD, { id: "gid://shopify/Order/11", tags: ["reviewed"] });
    expect(server.webhooks.map((webhook) => webhook.topic)).toEqual(["orders/updated"]);
    expect(server.webhooks[0]?.payload.tags).toBe("reviewed");
    expect(server.state.ordersById.get(11)?.updatedAt).toBe("2026-06-30T12:00:00Z");
    const read = await server.data(ORDER_TAGS, { id: "gid://shopify/Order/11" });
    expect(read.order).toEqual({ id: "gid://shopify/Order/11", tags: ["reviewed"] });
  });

  it("reports unknown resources", async () => {
    const server = createTestServer();
    const data = await server.data(TAGS_ADD, { id: "gid://shopify/Customer/404", tags: ["vip"] });
    expect(data.tagsAdd).toEqual({
      node: null,
      userErrors: [{ field: ["id"], message: "Customer does not exist" }],
    });
  });

  it("adding then removing new tags restores the original list (property)", async () => {
    const tag = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(tag, { minLength: 1, maxLength: 5 }), async (tags) => {
        const server = createTestServer();
        const original = [...(server.state.customersById.get(1)?.tags ?? [])];
        const fresh = tags.filter((candidate) => !original.some((kept) => kept.toLowerCase() === candidate));
        await server.data(TAGS_ADD, { id: "gid://shopify/Customer/1", tags: fresh });
        await server.data(TAGS_ADD, { id: "gid://shopify/Customer/1", tags: fresh });
        expect(server.state.customersById.get(1)?.tags).toEqual([...original, ...fresh]);
        await server.data(TAGS_REMOVE, { id: "gid://shopify/Customer/1", tags: fresh });
        expect(server.state.customersById.get(1)?.tags).toEqual(original);
      }),
      { numRuns: 25 },
    );
  });
});

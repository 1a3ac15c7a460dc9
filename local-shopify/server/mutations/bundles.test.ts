import { beforeEach, describe, expect, it } from "vitest";
import type { LocalShopify } from "../index";
import { fakeClock, fixtureShopify, graphql } from "../test-fixtures";
import { sideStore } from "./side-store";

/*
 * productBundleCreate over the full local Shopify (the request is validated against the real
 * schema): semantic userErrors change nothing; a valid create makes an ACTIVE bundle product with
 * its components stored, and the operation completes on the clock, read by productOperation or node.
 */

const OPTIONS = `query Options($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Product { id options { id name values } variants(first: 10) { nodes { title price } } } }
}`;
const CREATE = `mutation Bundle($input: ProductBundleCreateInput!) {
  productBundleCreate(input: $input) {
    productBundleOperation { id status product { id } }
    userErrors { field message }
  }
}`;
const POLL = `query Poll($id: ID!) {
  productOperation(id: $id) {
    status
    product { id title status variants(first: 20) { nodes { title price } } }
    ... on ProductBundleOperation { id }
  }
  node(id: $id) { ... on ProductBundleOperation { status product { id } } }
}`;
const FEATURES =
  "query Features { shop { features { bundles { eligibleForBundles ineligibilityReason sellsBundles } } } }";

type Option = { id: string; name: string; values: string[] };
type ProductNode = {
  id: string;
  options: Option[];
  variants: { nodes: Array<{ title: string; price: string }> };
};

let server: LocalShopify;
let clock: ReturnType<typeof fakeClock>;
const ask = async (query: string, variables: Record<string, unknown> = {}) => {
  const { body } = await graphql(server, server.issueAccessToken(), query, variables);
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};

async function components(ids: string[], quantity = 1) {
  const { nodes } = (await ask(OPTIONS, { ids })) as { nodes: ProductNode[] };
  return {
    nodes,
    input: nodes.map((node) => ({
      productId: node.id,
      quantity,
      optionSelections: node.options.map((option) => ({
        componentOptionId: option.id,
        name: option.name,
        values: option.values,
      })),
    })),
  };
}

beforeEach(() => {
  clock = fakeClock();
  server = fixtureShopify({ clock: clock.now });
});

describe("productBundleCreate", () => {
  it("refuses an unknown product, a quantity below 1 and a single component, changing nothing", async () => {
    const { input } = await components(["gid://shopify/Product/101", "gid://shopify/Product/102"]);
    const products = server.state.data.products.length;
    const unknown = await ask(CREATE, {
      input: {
        title: "Pair",
        components: [input[0], { ...input[1], productId: "gid://shopify/Product/999" }],
      },
    });
    expect(unknown.productBundleCreate).toEqual({
      productBundleOperation: null,
      userErrors: [{ field: ["input", "components", "1", "productId"], message: "Product does not exist" }],
    });
    const zero = await ask(CREATE, {
      input: { title: "Pair", components: [input[0], { ...input[1], quantity: 0 }] },
    });
    expect(zero.productBundleCreate.userErrors).toEqual([
      {
        field: ["input", "components", "1", "quantity"],
        message: "Quantity must be greater than or equal to 1",
      },
    ]);
    const single = await ask(CREATE, { input: { title: "Pair", components: [input[0]] } });
    expect(single.productBundleCreate.userErrors).toEqual([
      { field: ["input", "components"], message: "A bundle must have at least 2 components" },
    ]);
    expect(server.state.data.products).toHaveLength(products);
    expect(sideStore(server.state).bundleOperations.size).toBe(0);
  });

  it("creates an ACTIVE bundle product with its components; the operation completes on the clock", async () => {
    const { nodes, input } = await components(["gid://shopify/Product/101", "gid://shopify/Product/102"]);
    const created = await ask(CREATE, { input: { title: "Pair of two", components: input } });
    const operation = created.productBundleCreate.productBundleOperation;
    expect(created.productBundleCreate.userErrors).toEqual([]);
    expect(operation).toMatchObject({ status: "CREATED", product: null });
    expect(operation.id).toMatch(/^gid:\/\/shopify\/ProductBundleOperation\/\d+$/);

    const early = await ask(POLL, { id: operation.id });
    expect(early.productOperation).toMatchObject({ status: "ACTIVE", product: null });

    clock.advance(1_000);
    const done = await ask(POLL, { id: operation.id });
    const product = done.productOperation.product;
    expect(done.productOperation.status).toBe("COMPLETE");
    expect(done.node).toEqual({ status: "COMPLETE", product: { id: product.id } });
    expect(product).toMatchObject({ title: "Pair of two", status: "ACTIVE" });
    // one variant per pair of component variants, priced at the sum of the two
    const expected = nodes[0]!.variants.nodes.flatMap((a) =>
      nodes[1]!.variants.nodes.map((b) => ({
        title: `${a.title} / ${b.title}`,
        price: (Number(a.price) + Number(b.price)).toFixed(2),
      })),
    );
    expect(product.variants.nodes).toEqual(expected);
    const numeric = Number(product.id.split("/").pop());
    expect(sideStore(server.state).bundleComponents.get(numeric)).toEqual([
      { productId: 101, quantity: 1, variantIds: server.state.variantsByProduct.get(101)!.map((v) => v.id) },
      { productId: 102, quantity: 1, variantIds: server.state.variantsByProduct.get(102)!.map((v) => v.id) },
    ]);
    expect((await ask(FEATURES)).shop.features.bundles).toEqual({
      eligibleForBundles: true,
      ineligibilityReason: null,
      sellsBundles: true,
    });
  });

  it("reports a store made ineligible, with its reason", async () => {
    server.setBundlesEligibility(false, "Bundles need the Shopify Bundles app.");
    expect((await ask(FEATURES)).shop.features.bundles).toEqual({
      eligibleForBundles: false,
      ineligibilityReason: "Bundles need the Shopify Bundles app.",
      sellsBundles: false,
    });
  });
});

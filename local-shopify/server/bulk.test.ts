import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LocalShopify } from "./index";
import { fakeClock, fixtureShopify, fixtureStore, graphql } from "./test-fixtures";

const RUN = `mutation Run($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) {
    bulkOperation { id status }
    userErrors { field message code }
  }
}`;
const POLL = `query Poll($id: ID!) {
  bulkOperation(id: $id) {
    id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt query type
  }
}`;

interface Operation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  completedAt: string | null;
  query: string;
}

async function run(server: LocalShopify, token: string, query: string) {
  const { body } = await graphql(server, token, RUN, { query });
  expect(body.errors).toBeUndefined();
  return body.data?.bulkOperationRunQuery as {
    bulkOperation: { id: string; status: string } | null;
    userErrors: Array<{ field: string[] | null; message: string; code: string | null }>;
  };
}

async function finished(server: LocalShopify, token: string, id: string): Promise<Operation> {
  await server.settled();
  const { body } = await graphql(server, token, POLL, { id });
  return body.data?.bulkOperation as Operation;
}

async function download(server: LocalShopify, url: string): Promise<string> {
  const response = await server.fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}

/** Children grouped under their parents, by __parentId, as a consumer reassembles the file. */
function reassemble(jsonl: string) {
  const lines = jsonl
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown> & { id: string; __parentId?: string });
  const roots = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const line of lines) {
    if (line.__parentId === undefined) roots.set(line.id, []);
    else {
      // A child comes after its parent.
      expect(seen.has(line.__parentId)).toBe(true);
      roots.get(line.__parentId)?.push(line.id);
    }
    seen.add(line.id);
  }
  return { lines, roots };
}

describe("bulk query validation", () => {
  const server = fixtureShopify();
  const token = server.issueAccessToken();
  const invalid = (message: string) => [{ field: ["query"], message, code: "INVALID" }];

  it.each([
    ["no connection", "{ shop { name } }", invalid("Bulk queries must contain at least one connection.")],
    [
      "more than five connections",
      "{ products { edges { node { id variants { edges { node { id } } } metafields { edges { node { id } } } collections { edges { node { id } } } media { edges { node { id } } } sellingPlanGroups { edges { node { id } } } } } } }",
      invalid("Bulk queries cannot contain more than 5 connections."),
    ],
    [
      "nesting deeper than two connections",
      "{ collections { edges { node { id products { edges { node { id variants { edges { node { id } } } } } } } } } }",
      invalid("Bulk queries cannot contain connections with a nesting depth greater than 2."),
    ],
    [
      "a connection inside a list",
      "{ orders { edges { node { id refunds { refundLineItems { edges { node { quantity } } } } } } } }",
      invalid("Queries that contain a connection field within a list field are not currently supported."),
    ],
    [
      "nodes instead of edges",
      "{ products { nodes { id } } }",
      invalid(
        "All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: 'products { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: 'products'.",
      ),
    ],
    [
      "a nested connection whose parent lacks id",
      "{ products { edges { node { title variants { edges { node { id } } } } } } }",
      invalid(
        "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': products.",
      ),
    ],
    [
      "a top-level node field",
      '{ node(id: "gid://shopify/Product/101") { id } }',
      [
        ...invalid("Bulk queries cannot contain a top level `node` field."),
        ...invalid("Bulk queries must contain at least one connection."),
      ],
    ],
    [
      "a mutation",
      'mutation { tagsAdd(id: "gid://shopify/Product/101", tags: ["x"]) { userErrors { message } } }',
      invalid("Invalid operation type. Only `query` operations are supported."),
    ],
    ["a syntax error", "", invalid("Invalid bulk query: syntax error, unexpected end of file")],
    [
      "a field the schema lacks",
      "{ products { edges { node { id colour } } } }",
      invalid("Invalid bulk query: Field 'colour' doesn't exist on type 'Product'"),
    ],
  ])("answers %s with userErrors", async (_what, query, userErrors) => {
    expect(await run(server, token, query)).toEqual({ bulkOperation: null, userErrors });
  });
});

describe("bulk query operations", () => {
  const directory = mkdtempSync(path.join(tmpdir(), "local-shopify-bulk-"));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it.each([
    ["in memory", undefined],
    ["in a directory", directory],
  ])(
    "exports products and variants as JSONL that reassembles to the store (%s)",
    async (_where, bulkDirectory) => {
      const server = fixtureShopify({ bulkDirectory });
      const token = server.issueAccessToken();
      const query =
        "{ products(first: 1) { edges { cursor node { id title variants(first: 1) { edges { node { id sku } } } } } } }";
      const started = await run(server, token, query);
      expect(started.userErrors).toEqual([]);
      expect(started.bulkOperation?.status).toBe("CREATED");

      const operation = await finished(server, token, started.bulkOperation?.id ?? "");
      const store = fixtureStore();
      expect(operation).toMatchObject({
        status: "COMPLETED",
        errorCode: null,
        objectCount: String(store.products.length + store.variants.length),
        rootObjectCount: String(store.products.length),
        partialDataUrl: null,
        query,
      });
      expect(operation.url).toMatch(/^https:\/\/fixture-store\.myshopify\.com\/bulk\/\w+\.jsonl$/);
      const jsonl = await download(server, operation.url ?? "");
      expect(String(Buffer.byteLength(jsonl))).toBe(operation.fileSize);

      const { lines, roots } = reassemble(jsonl);
      expect(lines[0]).toEqual({ id: "gid://shopify/Product/101", title: "Linen Shirt" });
      expect(lines[1]).toEqual({
        id: "gid://shopify/ProductVariant/1001",
        sku: "LINEN-SHIRT-S",
        __parentId: "gid://shopify/Product/101",
      });
      const expected = new Map(
        store.products.map((product) => [
          `gid://shopify/Product/${product.id}`,
          store.variants
            .filter((variant) => variant.productId === product.id)
            .map((variant) => `gid://shopify/ProductVariant/${variant.id}`),
        ]),
      );
      expect(roots).toEqual(expected);
      if (bulkDirectory) expect(readdirSync(bulkDirectory)).toHaveLength(1);
    },
  );

  it("exports orders with their line items, and applies the search query", async () => {
    const server = fixtureShopify();
    const token = server.issueAccessToken();
    const started = await run(
      server,
      token,
      '{ orders(query: "test:false") { edges { node { id name customer { id } lineItems { edges { node { id quantity variant { id } } } } } } } }',
    );
    const operation = await finished(server, token, started.bulkOperation?.id ?? "");
    const { lines, roots } = reassemble(await download(server, operation.url ?? ""));
    const orders = fixtureStore().orders.filter((order) => !order.test);
    expect(roots).toEqual(
      new Map(
        orders.map((order) => [
          `gid://shopify/Order/${order.id}`,
          order.lineItems.map((line) => `gid://shopify/LineItem/${line.id}`),
        ]),
      ),
    );
    expect(lines.find((line) => line.id === "gid://shopify/Order/306")).toEqual({
      id: "gid://shopify/Order/306",
      name: "#1006",
      customer: null,
    });
  });

  it("runs at most five bulk queries at once", async () => {
    const server = fixtureShopify();
    const token = server.issueAccessToken();
    const query = "{ products { edges { node { id } } } }";
    const runs = Array.from(
      { length: 6 },
      (_, index) =>
        `r${index}: bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id } userErrors { message code } }`,
    );
    const { body } = await graphql(server, token, `mutation Six($query: String!) { ${runs.join(" ")} }`, {
      query,
    });
    const results = Object.values(body.data ?? {}) as Array<{
      bulkOperation: { id: string } | null;
      userErrors: Array<{ message: string; code: string }>;
    }>;
    expect(
      results.slice(0, 5).every((result) => result.bulkOperation && result.userErrors.length === 0),
    ).toBe(true);
    expect(results[5]?.bulkOperation).toBeNull();
    expect(results[5]?.userErrors[0]?.code).toBe("LIMIT_REACHED");
    expect(body.extensions?.cost?.requestedQueryCost).toBe(60);

    await server.settled();
    expect((await run(server, token, query)).userErrors).toEqual([]);
  });

  it("cancels a running operation and lists operations newest first", async () => {
    const server = fixtureShopify();
    const token = server.issueAccessToken();
    const { body } = await graphql(
      server,
      token,
      `
        mutation RunAndCancel($query: String!) {
          run: bulkOperationRunQuery(query: $query, groupObjects: false) {
            bulkOperation {
              id
            }
          }
          cancel: bulkOperationCancel(id: "gid://shopify/BulkOperation/1") {
            bulkOperation {
              id
              status
            }
            userErrors {
              field
              message
            }
          }
          unknown: bulkOperationCancel(id: "gid://shopify/BulkOperation/99") {
            bulkOperation {
              id
            }
            userErrors {
              field
              message
            }
          }
        }
      `,
      { query: "{ products { edges { node { id } } } }" },
    );
    expect(body.data).toEqual({
      run: { bulkOperation: { id: "gid://shopify/BulkOperation/1" } },
      cancel: { bulkOperation: { id: "gid://shopify/BulkOperation/1", status: "CANCELING" }, userErrors: [] },
      unknown: {
        bulkOperation: null,
        userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }],
      },
    });
    expect(await finished(server, token, "gid://shopify/BulkOperation/1")).toMatchObject({
      status: "CANCELED",
      url: null,
    });

    await run(server, token, "{ customers { edges { node { id } } } }");
    await server.settled();
    const list = await graphql(server, token, "{ bulkOperations(first: 5) { nodes { id status } } }");
    expect(list.body.data?.bulkOperations).toEqual({
      nodes: [
        { id: "gid://shopify/BulkOperation/2", status: "COMPLETED" },
        { id: "gid://shopify/BulkOperation/1", status: "CANCELED" },
      ],
    });
  });

  it("delivers bulk_operations/finish and expires results after seven days", async () => {
    const deliveries: Array<{ url: string; body: unknown }> = [];
    const clock = fakeClock();
    const server = fixtureShopify({
      clock: clock.now,
      webhookTarget: "https://app.example",
      fetch: async (input, init) => {
        deliveries.push({ url: String(input), body: JSON.parse(String(init?.body)) });
        return new Response(null, { status: 200 });
      },
    });
    const token = server.issueAccessToken();
    const started = await run(server, token, "{ customers { edges { node { id email } } } }");
    const operation = await finished(server, token, started.bulkOperation?.id ?? "");
    expect(deliveries).toEqual([
      {
        url: "https://app.example/webhooks/bulk_operations/finish",
        body: {
          admin_graphql_api_id: operation.id,
          completed_at: "2026-06-30T14:00:00+02:00",
          created_at: "2026-06-30T14:00:00+02:00",
          error_code: null,
          status: "completed",
          type: "query",
        },
      },
    ]);

    clock.advance(7 * 24 * 3600 * 1000);
    expect(await finished(server, token, operation.id)).toMatchObject({ status: "EXPIRED", url: null });
    expect((await server.fetch(operation.url ?? "")).status).toBe(404);
  });
});

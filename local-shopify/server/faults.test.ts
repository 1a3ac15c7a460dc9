import { describe, expect, it } from "vitest";
import { Faults, type FaultOptions } from "./faults";
import type { LocalShopify } from "./index";
import { fixtureShopify, graphql } from "./test-fixtures";

const SHOP_QUERY = "{ shop { name } }";

async function outcomes(server: LocalShopify, requests: number) {
  const token = server.issueAccessToken();
  const seen: string[] = [];
  for (let i = 0; i < requests; i += 1) {
    const response = await server.fetch(
      "https://fixture-store.myshopify.com/admin/api/2026-10/graphql.json",
      {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
        body: JSON.stringify({ query: SHOP_QUERY }),
      },
    );
    const text = await response.text();
    const throttled = response.status === 200 && text.includes('"THROTTLED"');
    seen.push(throttled ? "throttled" : String(response.status));
  }
  return seen;
}

const count = (values: string[], value: string) => values.filter((one) => one === value).length;

describe("fault injection", () => {
  it("answers the configured share of requests with 500, 502 and 503, the same way for the same seed", async () => {
    const faults: FaultOptions = { serverErrorRate: 0.25, seed: 42 };
    const first = await outcomes(fixtureShopify({ faults }), 200);
    const second = await outcomes(fixtureShopify({ faults }), 200);
    expect(second).toEqual(first);
    const failures = first.filter((status) => status.startsWith("5"));
    expect(failures.length).toBeGreaterThan(30);
    expect(failures.length).toBeLessThan(70);
    for (const status of ["500", "502", "503"]) expect(count(first, status)).toBeGreaterThan(0);
    expect(await outcomes(fixtureShopify({ faults: { ...faults, seed: 7 } }), 200)).not.toEqual(first);
  });

  it("answers a 500 with Shopify's internal error body", async () => {
    const server = fixtureShopify({ faults: { serverErrorRate: 1, seed: 3 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i += 1) {
      const response = await server.fetch(
        "https://fixture-store.myshopify.com/admin/api/2026-10/graphql.json",
        {
          method: "POST",
          headers: { "X-Shopify-Access-Token": server.issueAccessToken() },
          body: JSON.stringify({ query: SHOP_QUERY }),
        },
      );
      statuses.add(response.status);
      if (response.status === 500) {
        const body = (await response.json()) as {
          errors: Array<{ message: string; extensions: { code: string } }>;
        };
        expect(body.errors[0]?.message).toMatch(
          /^Internal error\. Looks like something went wrong on our end\./,
        );
        expect(body.errors[0]?.extensions.code).toBe("INTERNAL_SERVER_ERROR");
      }
    }
    expect([...statuses].every((status) => [500, 502, 503].includes(status))).toBe(true);
  });

  it("throttles the configured share of requests whatever the bucket holds", async () => {
    const seen = await outcomes(fixtureShopify({ faults: { throttleRate: 0.5, seed: 9 } }), 100);
    expect(count(seen, "throttled")).toBeGreaterThan(30);
    expect(count(seen, "throttled")).toBeLessThan(70);
    expect(count(seen, "throttled") + count(seen, "200")).toBe(100);
  });

  it("holds back the configured share of requests", async () => {
    const waits: number[] = [];
    const server = fixtureShopify({
      faults: { slowRate: 0.5, slowMs: 1500, seed: 5 },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await outcomes(server, 40);
    expect(waits.length).toBeGreaterThan(10);
    expect(waits.length).toBeLessThan(30);
    expect(new Set(waits)).toEqual(new Set([1500]));
  });

  it("truncates bulk results mid-line and fails bulk operations with partial data", async () => {
    const run = async (faults: FaultOptions) => {
      const server = fixtureShopify({ faults });
      const token = server.issueAccessToken();
      const { body } = await graphql(
        server,
        token,
        'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id title } } } }", groupObjects: false) { bulkOperation { id } } }',
      );
      await server.settled();
      const id = (body.data?.bulkOperationRunQuery as { bulkOperation: { id: string } }).bulkOperation.id;
      const poll = await graphql(
        server,
        token,
        `{ bulkOperation(id: "${id}") { status errorCode url partialDataUrl objectCount } }`,
      );
      const operation = poll.body.data?.bulkOperation as {
        status: string;
        errorCode: string | null;
        url: string | null;
        partialDataUrl: string | null;
        objectCount: string;
      };
      const file = operation.url ?? operation.partialDataUrl;
      return { operation, text: file ? await (await server.fetch(file)).text() : "" };
    };

    const truncated = await run({ truncateBulkRate: 1 });
    expect(truncated.operation.status).toBe("COMPLETED");
    const lines = truncated.text.split("\n");
    expect(lines).toHaveLength(7);
    expect(() => JSON.parse(lines.at(-1) ?? "")).toThrow();
    expect(lines.slice(0, -1).map((line) => JSON.parse(line) as unknown)).toHaveLength(6);

    const failed = await run({ failBulkRate: 1 });
    expect(failed.operation).toMatchObject({
      status: "FAILED",
      errorCode: "INTERNAL_SERVER_ERROR",
      url: null,
      objectCount: "3",
    });
    expect(failed.text.trim().split("\n")).toHaveLength(3);
  });

  it("draws nothing for a fault that is off, so faults do not disturb each other", () => {
    const alone = new Faults({ throttleRate: 0.5, seed: 11 });
    const withOthersOff = new Faults({ throttleRate: 0.5, serverErrorRate: 0, slowRate: 0, seed: 11 });
    const draws = (faults: Faults) => Array.from({ length: 50 }, () => faults.request()?.kind ?? "none");
    expect(draws(withOthersOff)).toEqual(draws(alone));
  });
});

import { describe, expect, it } from "vitest";
import { createTestServer } from "./test-support";

const CREATE = `
  mutation Mark($input: AnalyticsAnnotationCreateInput!) {
    analyticsAnnotationCreate(input: $input) {
      analyticsAnnotation { id title description type startedAt endedAt source createdAt }
      userErrors { field message code }
    }
  }`;

const LIST = `
  query Marks {
    shop { analyticsAnnotations(first: 10, sortKey: STARTED_AT) { nodes { id title endedAt } } }
  }`;

describe("analyticsAnnotationCreate", () => {
  it("stores an annotation that the shop lists", async () => {
    const server = createTestServer();
    const created = await server.data(CREATE, {
      input: {
        title: "Mug price cut 20%",
        description: "Shelfwise markdown",
        type: "product_events.price_change",
        startedAt: "2026-06-30T12:00:00Z",
      },
    });
    expect(created.analyticsAnnotationCreate).toEqual({
      analyticsAnnotation: {
        id: "gid://shopify/AnalyticsAnnotation/1",
        title: "Mug price cut 20%",
        description: "Shelfwise markdown",
        type: "product_events.price_change",
        startedAt: "2026-06-30T12:00:00Z",
        // no endedAt given: a point in time
        endedAt: "2026-06-30T12:00:00Z",
        source: "APP",
        createdAt: "2026-06-30T12:00:00Z",
      },
      userErrors: [],
    });
    await server.data(CREATE, {
      input: {
        title: "Earlier campaign",
        type: "campaign",
        startedAt: "2026-06-01T00:00:00Z",
        endedAt: null,
      },
    });
    expect((await server.data(LIST)).shop.analyticsAnnotations.nodes).toEqual([
      { id: "gid://shopify/AnalyticsAnnotation/2", title: "Earlier campaign", endedAt: null },
      {
        id: "gid://shopify/AnalyticsAnnotation/1",
        title: "Mug price cut 20%",
        endedAt: "2026-06-30T12:00:00Z",
      },
    ]);
  });

  it("rejects over-long titles, unknown types and backwards ranges", async () => {
    const server = createTestServer();
    const created = await server.data(CREATE, {
      input: {
        title: "x".repeat(76),
        type: "Not A Type",
        startedAt: "2026-06-30T12:00:00Z",
        endedAt: "2026-06-29T12:00:00Z",
      },
    });
    expect(created.analyticsAnnotationCreate).toEqual({
      analyticsAnnotation: null,
      userErrors: [
        {
          field: ["input", "title"],
          message: "Title is too long (maximum is 75 characters)",
          code: "INVALID",
        },
        {
          field: ["input", "type"],
          message: "Type 'Not A Type' is not a supported annotation type",
          code: "INVALID",
        },
        { field: ["input", "endedAt"], message: "Ended at must be after started at", code: "INVALID" },
      ],
    });
    expect((await server.data(LIST)).shop.analyticsAnnotations.nodes).toEqual([]);
  });

  it("updates and deletes what it created", async () => {
    const server = createTestServer();
    await server.data(CREATE, {
      input: { title: "Launch", type: "product_launch", startedAt: "2026-06-30T12:00:00Z" },
    });
    const updated = await server.data(
      `mutation { analyticsAnnotationUpdate(id: "gid://shopify/AnalyticsAnnotation/1", input: { title: "Relaunch" }) { analyticsAnnotation { title } userErrors { message } } }`,
    );
    expect(updated.analyticsAnnotationUpdate).toEqual({
      analyticsAnnotation: { title: "Relaunch" },
      userErrors: [],
    });
    const DELETE = `mutation { analyticsAnnotationDelete(id: "gid://shopify/AnalyticsAnnotation/1") { deletedId userErrors { field code } } }`;
    expect((await server.data(DELETE)).analyticsAnnotationDelete).toEqual({
      deletedId: "gid://shopify/AnalyticsAnnotation/1",
      userErrors: [],
    });
    expect((await server.data(DELETE)).analyticsAnnotationDelete).toEqual({
      deletedId: null,
      userErrors: [{ field: ["id"], code: "NOT_FOUND" }],
    });
  });
});

import { describe, expect, it } from "vitest";
import { CostBucket, rateLimitPlanOf } from "./throttle";
import { fakeClock, fixtureShopify, fixtureStore, graphql } from "./test-fixtures";

/** A query whose requested and actual cost are both `cost` (aliased objects cost 1 each). */
const queryCosting = (cost: number) =>
  `{ ${Array.from({ length: cost }, (_, index) => `s${index}: shop { name }`).join(" ")} }`;

describe("the leaky bucket", () => {
  it("throttles a burst with Shopify's THROTTLED answer and recovers at the restore rate", async () => {
    const clock = fakeClock();
    const server = fixtureShopify({ clock: clock.now });
    const token = server.issueAccessToken();
    const query = queryCosting(500);

    for (let i = 1; i <= 4; i += 1) {
      const { body } = await graphql(server, token, query);
      expect(body.errors).toBeUndefined();
      expect(body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(2000 - 500 * i);
    }

    const throttled = await graphql(server, token, query);
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [
        {
          message: "Throttled",
          extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 500,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 0, restoreRate: 100 },
        },
      },
    });

    clock.advance(2_500);
    const stillThrottled = await graphql(server, token, query);
    expect(stillThrottled.body.errors?.[0]?.extensions?.code).toBe("THROTTLED");
    expect(stillThrottled.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(250);

    clock.advance(2_500);
    const recovered = await graphql(server, token, query);
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(0);

    // The bucket never holds more than its maximum.
    clock.advance(60_000);
    expect(server.throttleStatus().currentlyAvailable).toBe(2000);
  });

  it("takes bucket size and restore rate from the plan", () => {
    const plus = { ...fixtureStore(), shop: { ...fixtureStore().shop, planDisplayName: "Shopify Plus" } };
    expect(fixtureShopify({ store: plus }).throttleStatus()).toEqual({
      maximumAvailable: 20000,
      currentlyAvailable: 20000,
      restoreRate: 1000,
    });
    expect(fixtureShopify({ plan: "advanced" }).throttleStatus()).toMatchObject({
      maximumAvailable: 4000,
      restoreRate: 200,
    });
    expect(rateLimitPlanOf("Grow")).toBe("standard");
  });

  it("refunds the difference between requested and actual cost", () => {
    const clock = fakeClock();
    const bucket = new CostBucket(100, 10, clock.now);
    expect(bucket.take(80)).toBe(true);
    expect(bucket.take(30)).toBe(false);
    bucket.refund(50);
    expect(bucket.status().currentlyAvailable).toBe(70);
    clock.advance(1_000);
    expect(bucket.status().currentlyAvailable).toBe(80);
  });
});

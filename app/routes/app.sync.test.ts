import { getJwt } from "@shopify/shopify-api/test-helpers";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db.server";
import { REQUIRED_SCOPES } from "../env.server";
import { action, loader } from "./app.sync";

const STORE = "sync-page";
const SHOP = `${STORE}.myshopify.com`;

async function signedRequest(method: "GET" | "POST", body?: FormData, store = STORE) {
  const { token } = await getJwt(store, "test-api-key", "test-api-secret");
  return new Request("https://shelfwise.test/app/sync", {
    method,
    body,
    headers: { Authorization: `Bearer ${token}`, "User-Agent": "Mozilla/5.0 Chrome/120.0" },
  });
}

const form = (intent: string) => {
  const data = new FormData();
  data.set("intent", intent);
  return data;
};

beforeEach(async () => {
  await db.job.deleteMany({});
  await db.syncRun.deleteMany({});
  for (const shop of [SHOP, "neighbour.myshopify.com"]) {
    await db.session.upsert({
      where: { id: `offline_${shop}` },
      update: {},
      create: {
        id: `offline_${shop}`,
        shop,
        state: "installed",
        accessToken: "shpat_x",
        scope: REQUIRED_SCOPES.join(","),
        expires: new Date(Date.now() + 3_600_000),
      },
    });
    await db.shop.upsert({
      where: { domain: shop },
      update: {},
      create: {
        domain: shop,
        name: shop,
        currencyCode: "EUR",
        ianaTimezone: "Europe/Paris",
        planName: "Basic",
      },
    });
  }
});

describe("the Sync page", () => {
  it("queues one sync for the session's shop however often the button is pressed", async () => {
    const first = await action({
      request: await signedRequest("POST", form("sync")),
      params: {},
      context: {},
    });
    const second = await action({
      request: await signedRequest("POST", form("sync")),
      params: {},
      context: {},
    });
    expect(first).toEqual({ queued: true });
    expect(second).toEqual({ queued: false });
    const jobs = await db.job.findMany({});
    expect(jobs.map((job) => [job.shop, job.kind, job.status])).toEqual([[SHOP, "sync", "queued"]]);
  });

  it("refuses an unknown action with 400 and queues nothing", async () => {
    const response = (await action({
      request: await signedRequest("POST", form("drop-tables")),
      params: {},
      context: {},
    })) as Response;
    expect(response.status).toBe(400);
    expect(await db.job.count()).toBe(0);
  });

  it("shows each resource's latest run and last success, for the session's shop only", async () => {
    await db.syncRun.create({
      data: {
        shop: SHOP,
        resource: "products",
        kind: "bulk",
        status: "COMPLETED",
        objectsDone: 120,
        objectsTotal: 120,
        finishedAt: new Date("2026-11-28T23:30:00Z"),
      },
    });
    await db.syncRun.create({
      data: {
        shop: SHOP,
        resource: "orders",
        kind: "bulk",
        status: "RUNNING",
        objectsDone: 4_000,
        objectsTotal: 10_000,
      },
    });
    await db.syncRun.create({
      data: {
        shop: "neighbour.myshopify.com",
        resource: "customers",
        kind: "bulk",
        status: "FAILED",
        error: "boom",
      },
    });
    const data = await loader({ request: await signedRequest("GET"), params: {}, context: {} });
    const byResource = Object.fromEntries(data.resources.map((resource) => [resource.resource, resource]));
    expect(data.syncing).toBe(true);
    expect(byResource.products).toMatchObject({
      status: "COMPLETED",
      lastSuccessAt: "2026-11-28T23:30:00.000Z",
    });
    expect(byResource.orders).toMatchObject({ status: "RUNNING", objectsDone: 4_000, objectsTotal: 10_000 });
    expect(byResource.customers).toMatchObject({ status: null, error: null });
    expect(data.timeZone).toBe("Europe/Paris");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { Prisma } from "@prisma/client";
import type { Db } from "../db.server";
import {
  CUSTOMER_OWNED_MODELS,
  CUSTOMER_REFERENCING_MODELS,
  MODELS_WITH_CUSTOMER_ID,
  SHOP_SCOPED_MODELS,
  redactShop,
  redactCustomer,
} from "./compliance.server";
import { markUninstalled } from "./shop.server";
import { BOTH_DATABASES, type TestDatabase } from "../../test-support/postgres";
import { CUSTOMER_OF_SEED, seedShopRows } from "../../test-support/factories";

const delegateOf = (db: Db, model: string) =>
  db[(model.charAt(0).toLowerCase() + model.slice(1)) as keyof Db] as unknown as {
    count(args?: { where: Record<string, string> }): Promise<number>;
    findFirst(): Promise<unknown>;
  };

async function rowsOf(db: Db, shop: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = { Shop: await db.shop.count({ where: { domain: shop } }) };
  for (const model of SHOP_SCOPED_MODELS)
    counts[model] = await delegateOf(db, model).count({ where: { shop } });
  return counts;
}

describe("schema conventions", () => {
  it("gives every model but Shop a shop column, so scoping and shop/redact reach it", () => {
    const unscoped = Prisma.dmmf.datamodel.models
      .filter((model) => model.name !== "Shop" && !model.fields.some((field) => field.name === "shop"))
      .map((model) => model.name);
    expect(unscoped).toEqual([]);
    expect(SHOP_SCOPED_MODELS).toContain("Session");
  });

  it("classifies every model holding a customerId as the customer's own or as a reference", () => {
    expect([...CUSTOMER_OWNED_MODELS, ...CUSTOMER_REFERENCING_MODELS].sort()).toEqual(
      [...MODELS_WITH_CUSTOMER_ID].sort(),
    );
  });
});

describe.each(BOTH_DATABASES)("data layer on %s", (_name, open) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await open();
    db = database.db;
  });
  afterAll(async () => {
    await database.drop();
  });

  it("has every table and column the schema declares (migrations match the schema)", async () => {
    for (const model of Prisma.dmmf.datamodel.models) {
      // findFirst selects every scalar column, so a missing table or column fails here.
      await delegateOf(db, model.name).findFirst();
    }
  });

  it("round-trips sessions through Shopify's Prisma session storage, refresh tokens included", async () => {
    const storage = new PrismaSessionStorage(db);
    await storage.isReady();
    const expires = new Date(Date.now() + 3_600_000);
    const refreshTokenExpires = new Date(Date.now() + 90 * 86_400_000);
    const offline = new Session({
      id: "offline_round-trip.myshopify.com",
      shop: "round-trip.myshopify.com",
      state: "state-1",
      isOnline: false,
      scope: "read_products,write_products",
      accessToken: "shpat_offline",
      expires,
      refreshToken: "shprt_refresh",
      refreshTokenExpires,
    });
    const online = new Session({
      id: "round-trip.myshopify.com_90210",
      shop: "round-trip.myshopify.com",
      state: "state-2",
      isOnline: true,
      scope: "read_products",
      accessToken: "shpua_online",
      expires,
      onlineAccessInfo: {
        expires_in: 3600,
        associated_user_scope: "read_products",
        associated_user: {
          id: 90210,
          first_name: "Ada",
          last_name: "Lovelace",
          email: "ada@example.com",
          email_verified: true,
          account_owner: true,
          locale: "en",
          collaborator: false,
        },
      },
    });

    expect(await storage.storeSession(offline)).toBe(true);
    expect(await storage.storeSession(online)).toBe(true);

    const loaded = await storage.loadSession(offline.id);
    expect(loaded?.toObject()).toEqual(offline.toObject());
    expect(loaded?.refreshToken).toBe("shprt_refresh");
    expect(loaded?.refreshTokenExpires?.getTime()).toBe(refreshTokenExpires.getTime());
    const loadedOnline = await storage.loadSession(online.id);
    expect(loadedOnline?.onlineAccessInfo?.associated_user.email).toBe("ada@example.com");
    expect(loadedOnline?.onlineAccessInfo?.associated_user.account_owner).toBe(true);

    expect((await storage.findSessionsByShop("round-trip.myshopify.com")).map((s) => s.id).sort()).toEqual(
      [offline.id, online.id].sort(),
    );
    expect(await storage.deleteSessions([offline.id, online.id])).toBe(true);
    expect(await storage.loadSession(offline.id)).toBeUndefined();
  });

  it("shop/redact deletes every row of one shop and no row of another", async () => {
    await seedShopRows(db, "redact-me.myshopify.com");
    await seedShopRows(db, "keep-me.myshopify.com");
    const seeded = await rowsOf(db, "redact-me.myshopify.com");
    expect(Object.entries(seeded).filter(([, count]) => count === 0)).toEqual([]);
    const keptBefore = await rowsOf(db, "keep-me.myshopify.com");

    await redactShop(db, "redact-me.myshopify.com");
    await redactShop(db, "redact-me.myshopify.com"); // redelivered: still fine

    const left = await rowsOf(db, "redact-me.myshopify.com");
    expect(Object.values(left).every((count) => count === 0)).toBe(true);
    expect(await rowsOf(db, "keep-me.myshopify.com")).toEqual(keptBefore);
  });

  it("app/uninstalled removes the shop's sessions, keeps the first uninstall time, and leaves other shops alone", async () => {
    await seedShopRows(db, "leaving.myshopify.com");
    await seedShopRows(db, "staying.myshopify.com");
    const first = new Date("2026-11-01T10:00:00Z");
    await markUninstalled(db, "leaving.myshopify.com", first);
    const afterOnce = await db.shop.findUniqueOrThrow({ where: { domain: "leaving.myshopify.com" } });
    await markUninstalled(db, "leaving.myshopify.com", new Date("2026-11-01T10:05:00Z"));
    const afterTwice = await db.shop.findUniqueOrThrow({ where: { domain: "leaving.myshopify.com" } });

    expect(afterOnce.uninstalledAt?.toISOString()).toBe(first.toISOString());
    expect(afterTwice).toEqual(afterOnce);
    expect(await db.session.count({ where: { shop: "leaving.myshopify.com" } })).toBe(0);
    expect(await db.session.count({ where: { shop: "staying.myshopify.com" } })).toBe(1);
    const staying = await db.shop.findUniqueOrThrow({ where: { domain: "staying.myshopify.com" } });
    expect(staying.uninstalledAt).toBeNull();
  });

  it("app/uninstalled triggered before the last token exchange is a late delivery and ends nothing", async () => {
    const shop = "reinstalled.myshopify.com";
    await seedShopRows(db, shop);
    await db.shop.update({
      where: { domain: shop },
      data: { authorizedAt: new Date("2026-11-01T10:01:00Z") },
    });
    await markUninstalled(db, shop, new Date("2026-11-01T10:00:00Z"));
    expect(await db.session.count({ where: { shop } })).toBe(1);
    expect((await db.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).toBeNull();
    await markUninstalled(db, shop, new Date("2026-11-01T10:02:00Z"));
    expect(await db.session.count({ where: { shop } })).toBe(0);
  });

  it("customers/redact deletes the customer's own rows, unlinks the store's, and spares other customers", async () => {
    const shop = "privacy.myshopify.com";
    await seedShopRows(db, shop);
    await seedShopRows(db, "privacy-other.myshopify.com");
    const unrelated = await redactCustomer(db, shop, "gid://shopify/Customer/42", []);
    expect(Object.values(unrelated.rowsByModel).every((count) => count === 0)).toBe(true);
    expect(await db.customer.count({ where: { shop } })).toBe(1);

    const report = await redactCustomer(db, shop, CUSTOMER_OF_SEED, ["1"]);
    expect(report.rowsByModel).toEqual({ Customer: 1, Order: 1, AbandonedCheckout: 1 });
    expect(await db.customer.count({ where: { shop } })).toBe(0);
    // The order stays (sales history) but no longer points at the person.
    const order = await db.order.findFirstOrThrow({ where: { shop } });
    expect(order.customerId).toBeNull();
    expect(await db.orderLine.count({ where: { shop } })).toBe(1);
    // Another shop's customer with the same id is untouched.
    expect(await db.customer.count({ where: { shop: "privacy-other.myshopify.com" } })).toBe(1);
    const recorded = await db.complianceRequest.findFirstOrThrow({
      where: { shop, topic: "customers/redact", customerId: CUSTOMER_OF_SEED },
    });
    expect(recorded.completedAt).not.toBeNull();
    expect(recorded.summary).toMatch(/1 Customer row/);
  });
});

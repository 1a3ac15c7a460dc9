import { Prisma } from "@prisma/client";
import type { Db } from "../db.server";

/*
 * Conventions the schema keeps so these handlers stay complete as tables are added:
 * every shop-owned model has a `shop` column (the Shop model itself: `domain`), and every model
 * holding a customer's data has a `customerId` column with the customer's GID. Some rows are the
 * customer's own (deleted on redaction); others are the store's and only refer to the customer
 * (the reference is cleared, so sales history stays whole but no longer points at the person).
 * Tests check the conventions.
 */
type ModelName = Prisma.ModelName;

const models = Prisma.dmmf.datamodel.models;
const hasField = (model: (typeof models)[number], field: string) =>
  model.fields.some((candidate) => candidate.name === field);

export const SHOP_SCOPED_MODELS = models
  .filter((model) => hasField(model, "shop"))
  .map((model) => model.name as ModelName);

// Every model with a customerId column is in exactly one of these lists (a test checks), except
// ComplianceRequest, which keeps the request itself (what Shopify asked, when we acted).
export const CUSTOMER_OWNED_MODELS: readonly ModelName[] = ["Customer"];
export const CUSTOMER_REFERENCING_MODELS: readonly ModelName[] = ["Order", "AbandonedCheckout"];

export const MODELS_WITH_CUSTOMER_ID = models
  .filter((model) => hasField(model, "customerId") && model.name !== "ComplianceRequest")
  .map((model) => model.name as ModelName);

const CUSTOMER_DATA_MODELS = [...CUSTOMER_OWNED_MODELS, ...CUSTOMER_REFERENCING_MODELS];

type Deletable = {
  deleteMany(args: { where: Record<string, string> }): Prisma.PrismaPromise<{ count: number }>;
  updateMany(args: {
    where: Record<string, string>;
    data: { customerId: null };
  }): Prisma.PrismaPromise<{ count: number }>;
  count(args: { where: Record<string, string> }): Prisma.PrismaPromise<number>;
};

function delegate(db: Db, model: ModelName): Deletable {
  const key = (model.charAt(0).toLowerCase() + model.slice(1)) as keyof Db;
  return db[key] as unknown as Deletable;
}

export function customerGid(id: number | string): string {
  return String(id).startsWith("gid://") ? String(id) : `gid://shopify/Customer/${id}`;
}

/** shop/redact: every row of the shop, in one transaction; other shops untouched. */
export async function redactShop(db: Db, shop: string): Promise<number> {
  const results = await db.$transaction([
    ...SHOP_SCOPED_MODELS.map((model) => delegate(db, model).deleteMany({ where: { shop } })),
    db.shop.deleteMany({ where: { domain: shop } }),
  ]);
  return results.reduce((sum, result) => sum + result.count, 0);
}

export interface CustomerDataReport {
  customerId: string;
  rowsByModel: Record<string, number>;
}

async function countCustomerRows(db: Db, shop: string, customerId: string): Promise<Record<string, number>> {
  const entries = await Promise.all(
    CUSTOMER_DATA_MODELS.map(
      async (model) => [model, await delegate(db, model).count({ where: { shop, customerId } })] as const,
    ),
  );
  return Object.fromEntries(entries);
}

function summarize(report: CustomerDataReport, verb: string): string {
  const held = Object.entries(report.rowsByModel).filter(([, count]) => count > 0);
  if (held.length === 0) return `No data held for ${report.customerId}; nothing ${verb}.`;
  return `${verb}: ${held.map(([model, count]) => `${count} ${model} row(s)`).join(", ")}.`;
}

/** customers/data_request: what the app holds about the customer, recorded for the merchant. */
export async function recordCustomerDataRequest(
  db: Db,
  shop: string,
  customerId: string,
  ordersRequested: string[],
): Promise<CustomerDataReport> {
  const report = { customerId, rowsByModel: await countCustomerRows(db, shop, customerId) };
  await db.complianceRequest.create({
    data: {
      shop,
      topic: "customers/data_request",
      customerId,
      ordersRequested: ordersRequested.join(","),
      summary: summarize(report, "held"),
      completedAt: new Date(),
    },
  });
  return report;
}

/** customers/redact: delete the customer's rows and clear references to them, in one transaction. */
export async function redactCustomer(
  db: Db,
  shop: string,
  customerId: string,
  ordersToRedact: string[],
): Promise<CustomerDataReport> {
  const where = { shop, customerId };
  const changes = await db.$transaction([
    ...CUSTOMER_OWNED_MODELS.map((model) => delegate(db, model).deleteMany({ where })),
    ...CUSTOMER_REFERENCING_MODELS.map((model) =>
      delegate(db, model).updateMany({ where, data: { customerId: null } }),
    ),
  ]);
  const report = {
    customerId,
    rowsByModel: Object.fromEntries(
      CUSTOMER_DATA_MODELS.map((model, index) => [model, changes[index]?.count ?? 0] as const),
    ),
  };
  await db.complianceRequest.create({
    data: {
      shop,
      topic: "customers/redact",
      customerId,
      ordersRequested: ordersToRedact.join(","),
      summary: summarize(report, "deleted or unlinked"),
      completedAt: new Date(),
    },
  });
  return report;
}

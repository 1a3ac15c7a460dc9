import { Prisma } from "@prisma/client";
import { sqliteConnection, type Db } from "../db-client.server";
import { dialectOf, insertRows, type DbOrTx } from "./insert.server";
import { readJsonl, type JsonlBatch, type JsonlSource, type ReadJsonlOptions } from "./jsonl.server";
import {
  RESOURCE_TABLES,
  type OrderLineRow,
  type OrderRow,
  type ProductRow,
  type SyncResource,
  type SyncTable,
  type TableRows,
  type VariantRow,
} from "./records";

/*
 * Writing the synced store. A full sync of a resource replaces the shop's rows for it inside one
 * interactive transaction: the old rows are deleted, the export's rows streamed in batch by batch,
 * and (for orders) the daily facts rebuilt, so a failure anywhere rolls back to the database as it
 * was and readers never see half a sync. Rows that changed after the export began are left alone:
 * a product deleted since (Tombstone) does not come back, and a row a webhook updated since keeps
 * the webhook's newer version. The small functions after it are what the webhook path writes with.
 */

/** How long one resource's import may hold its transaction (a large store's orders take minutes). */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 60 * 60 * 1000;
/** Variant-days per statement of a partial rebuild, well under both databases' parameter limits. */
const PAIRS_PER_STATEMENT = 500;

/** For each table: the column naming the root object a row belongs to (itself, or its parent). */
const ROOT_KEY: { [T in SyncTable]: keyof TableRows[T] & string } = {
  Product: "id",
  Variant: "productId",
  Order: "id",
  OrderLine: "orderId",
  Customer: "customerId",
  AbandonedCheckout: "id",
  AbandonedCheckoutLine: "checkoutId",
};

function withoutSkipped<T extends SyncTable>(
  table: T,
  rows: Array<TableRows[T]>,
  skip: ReadonlySet<string>,
): Array<TableRows[T]> {
  if (skip.size === 0) return rows;
  const key = ROOT_KEY[table];
  return rows.filter((row) => !skip.has(row[key] as string));
}

const isClient = (db: DbOrTx): db is Db => "$transaction" in db;

/** Runs `work` in a transaction, or directly when the caller already holds one. */
function inTransaction<T>(db: DbOrTx, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return isClient(db) ? db.$transaction((tx) => work(tx)) : work(db);
}

// ---- daily facts -----------------------------------------------------------------------------------

export interface VariantDay {
  variantId: string;
  day: string;
}

const dailySalesSelect = (shop: string, lines: Prisma.Sql, extra: Prisma.Sql) => Prisma.sql`
  INSERT INTO "VariantDailySales"
    ("shop", "variantId", "productId", "day", "units", "grossMinor", "discountMinor", "refundedUnits", "orders",
     "discountedUnits", "maxLineUnits")
  SELECT l."shop", l."variantId", MAX(COALESCE(l."productId", '')), l."day",
    SUM(l."quantity"),
    SUM(CAST(l."quantity" AS BIGINT) * l."originalUnitMinor"),
    SUM(CAST(l."quantity" AS BIGINT) * (l."originalUnitMinor" - l."discountedUnitMinor")),
    SUM(l."quantity" - l."currentQuantity"),
    COUNT(DISTINCT l."orderId"),
    SUM(CASE WHEN l."discountedUnitMinor" < l."originalUnitMinor" THEN l."quantity" ELSE 0 END),
    MAX(l."quantity")
  FROM ${lines}
  JOIN "Order" o ON o."shop" = l."shop" AND o."id" = l."orderId"
  WHERE l."shop" = ${shop} AND l."variantId" IS NOT NULL AND o."cancelledAt" IS NULL AND o."test" = FALSE
  ${extra}
  GROUP BY l."shop", l."variantId", l."day"`;

/**
 * Recomputes VariantDailySales from OrderLine, for all of a shop's days or only the given
 * variant-days (what an order webhook touches). Cancelled and test orders do not count; lines
 * whose variant was deleted have no variant to count under.
 */
export async function rebuildDailySales(
  db: DbOrTx,
  shop: string,
  scope: "all" | Iterable<VariantDay>,
): Promise<void> {
  await inTransaction(db, async (tx) => {
    if (scope === "all") {
      await tx.variantDailySales.deleteMany({ where: { shop } });
      // SQLite would walk the (shop, variantId, day) index and look every line up at random, which
      // takes twice as long on a large shop as reading the table and sorting.
      const lines = Prisma.raw(dialectOf(tx) === "sqlite" ? `"OrderLine" l NOT INDEXED` : `"OrderLine" l`);
      await tx.$executeRaw(dailySalesSelect(shop, lines, Prisma.empty));
      return;
    }
    const unique = new Map<string, VariantDay>();
    for (const pair of scope) unique.set(`${pair.variantId}\n${pair.day}`, pair);
    const pairs = [...unique.values()];
    for (let start = 0; start < pairs.length; start += PAIRS_PER_STATEMENT) {
      const chunk = pairs.slice(start, start + PAIRS_PER_STATEMENT);
      const values = Prisma.join(chunk.map((pair) => Prisma.sql`(${pair.variantId}, ${pair.day})`));
      // Built with Prisma.sql, not as a tagged $executeRaw: the PostgreSQL client is generated
      // separately and would take a nested Sql from this module for one plain parameter.
      await tx.$executeRaw(
        Prisma.sql`DELETE FROM "VariantDailySales" WHERE "shop" = ${shop} AND ("variantId", "day") IN (VALUES ${values})`,
      );
      await tx.$executeRaw(
        dailySalesSelect(
          shop,
          Prisma.raw(`"OrderLine" l`),
          Prisma.sql`AND (l."variantId", l."day") IN (VALUES ${values})`,
        ),
      );
    }
  });
}

// ---- full replacement ------------------------------------------------------------------------------

export interface ReplaceOptions {
  /**
   * When Shopify started the export (the bulk operation's createdAt). Deletions and updates the
   * store saw after it are newer than the export and win over it.
   */
  exportStartedAt: Date;
  /** the syncedAt written on the rows (default: now) */
  syncedAt?: Date;
  /** the number of objects the export reported; a different count fails the import */
  expectedObjects?: number;
  /** called after each batch is written, with the objects read so far */
  onBatch?: (objectsDone: number) => Promise<void> | void;
  transactionTimeoutMs?: number;
}

export interface ReplaceResult {
  /** objects (JSONL lines) read */
  objects: number;
  /** rows written per table (objects left out because they are newer in the store are not counted) */
  written: Partial<Record<SyncTable, number>>;
}

/** Ids of the resource's objects the export must not write: deleted or updated after it began. */
async function newerInStore(
  tx: DbOrTx,
  shop: string,
  resource: SyncResource,
  since: Date,
): Promise<Set<string>> {
  const tombstones = await tx.tombstone.findMany({
    where: { shop, resource, deletedAt: { gte: since } },
    select: { resourceId: true },
  });
  const ids = new Set(tombstones.map((tombstone) => tombstone.resourceId));
  const updated = { shop, updatedAt: { gt: since } };
  const rows =
    resource === "products"
      ? await tx.product.findMany({ where: updated, select: { id: true } })
      : resource === "orders"
        ? await tx.order.findMany({ where: updated, select: { id: true } })
        : resource === "customers"
          ? (await tx.customer.findMany({ where: updated, select: { customerId: true } })).map((row) => ({
              id: row.customerId,
            }))
          : [];
  for (const row of rows) ids.add(row.id);
  return ids;
}

/** Deletes the shop's rows of a resource, except those updated after the export began. */
async function deleteResourceRows(tx: DbOrTx, shop: string, resource: SyncResource, since: Date) {
  const older = { shop, updatedAt: { lte: since } };
  switch (resource) {
    case "products":
      await tx.product.deleteMany({ where: older });
      await tx.$executeRaw`DELETE FROM "Variant" WHERE "shop" = ${shop} AND NOT EXISTS
        (SELECT 1 FROM "Product" p WHERE p."shop" = "Variant"."shop" AND p."id" = "Variant"."productId")`;
      return;
    case "orders":
      await tx.order.deleteMany({ where: older });
      await tx.$executeRaw`DELETE FROM "OrderLine" WHERE "shop" = ${shop} AND NOT EXISTS
        (SELECT 1 FROM "Order" o WHERE o."shop" = "OrderLine"."shop" AND o."id" = "OrderLine"."orderId")`;
      return;
    case "customers":
      await tx.customer.deleteMany({ where: older });
      return;
    case "abandonedCheckouts":
      await tx.abandonedCheckout.deleteMany({ where: { shop } });
      await tx.abandonedCheckoutLine.deleteMany({ where: { shop } });
      return;
  }
}

/** Ids per statement when removing products deleted during an import. */
const IDS_PER_STATEMENT = 500;

/**
 * Products deleted while the import ran (their tombstones were read once, before it began): on
 * PostgreSQL another instance's worker can apply a products/delete mid-import, and the export's
 * copy must not outlive it.
 */
async function dropDeletedSince(
  tx: DbOrTx,
  shop: string,
  resource: SyncResource,
  since: Date,
  alreadySkipped: ReadonlySet<string>,
) {
  if (resource !== "products") return;
  const tombstones = await tx.tombstone.findMany({
    where: { shop, resource, deletedAt: { gte: since } },
    select: { resourceId: true },
  });
  const late = tombstones.map((row) => row.resourceId).filter((id) => !alreadySkipped.has(id));
  for (let start = 0; start < late.length; start += IDS_PER_STATEMENT) {
    const ids = late.slice(start, start + IDS_PER_STATEMENT);
    await tx.product.deleteMany({ where: { shop, id: { in: ids } } });
    await tx.variant.deleteMany({ where: { shop, productId: { in: ids } } });
  }
}

/**
 * SQLite: the secondary indexes of the tables a full sync rewrites, dropped for the import and
 * built again before it commits, when no other shop has rows in those tables (the embedded,
 * one-shop case). Keeping a dozen long-text indexes up to date row by row is most of a large
 * import's time; building each once from sorted rows is several times faster. DDL is part of the
 * transaction, so a failed import restores the indexes with everything else. PostgreSQL keeps
 * its indexes: dropping one there locks the table for every shop.
 */
export async function deferIndexes(tx: DbOrTx, shop: string, tables: readonly string[]): Promise<string[]> {
  const indexes: string[] = [];
  for (const table of tables) {
    const [others] = await tx.$queryRawUnsafe<Array<{ found: bigint | number }>>(
      `SELECT EXISTS (SELECT 1 FROM "${table}" WHERE "shop" < ?) OR EXISTS (SELECT 1 FROM "${table}" WHERE "shop" > ?) AS found`,
      shop,
      shop,
    );
    if (Number(others?.found) !== 0) return [];
  }
  for (const table of tables) {
    // Indexes that back a primary key have no SQL of their own and stay.
    const rows = await tx.$queryRawUnsafe<Array<{ name: string; sql: string }>>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`,
      table,
    );
    for (const row of rows) {
      await tx.$executeRawUnsafe(`DROP INDEX "${row.name}"`);
      indexes.push(row.sql);
    }
  }
  return indexes;
}

/**
 * Replaces a shop's rows of one resource with an export's, all in one transaction (see the top of
 * this file). `batches` is usually `readJsonl(...)`; it is consumed inside the transaction, so a
 * malformed or short file leaves the database untouched.
 */
export async function replaceResource(
  db: Db,
  shop: string,
  resource: SyncResource,
  batches: AsyncIterable<JsonlBatch>,
  options: ReplaceOptions,
): Promise<ReplaceResult> {
  const dialect = dialectOf(db);
  const syncedAt = options.syncedAt ?? new Date();
  const tables: readonly SyncTable[] = RESOURCE_TABLES[resource];
  return db.$transaction(
    async (tx) => {
      const skip = await newerInStore(tx, shop, resource, options.exportStartedAt);
      // known once the client has connected, which the query above ensured
      const connection = dialect === "sqlite" ? sqliteConnection(db) : undefined;
      const deferredIndexes =
        dialect === "sqlite"
          ? await deferIndexes(tx, shop, resource === "orders" ? [...tables, "VariantDailySales"] : tables)
          : [];
      await deleteResourceRows(tx, shop, resource, options.exportStartedAt);
      const written: Partial<Record<SyncTable, number>> = {};
      let objects = 0;
      for await (const batch of batches) {
        for (const table of tables) {
          const rows = withoutSkipped(table, batch.rows[table] ?? [], skip);
          written[table] =
            (written[table] ?? 0) + (await insertRows(tx, dialect, table, shop, rows, syncedAt, connection));
        }
        objects = batch.objects;
        await options.onBatch?.(objects);
      }
      if (options.expectedObjects !== undefined && objects !== options.expectedObjects) {
        throw new Error(
          `${resource}: the export holds ${objects} objects where Shopify reported ${options.expectedObjects}`,
        );
      }
      await dropDeletedSince(tx, shop, resource, options.exportStartedAt, skip);
      if (resource === "orders") await rebuildDailySales(tx, shop, "all");
      for (const index of deferredIndexes) await tx.$executeRawUnsafe(index);
      return { objects, written };
    },
    { maxWait: 60_000, timeout: options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS },
  );
}

export interface ImportJsonlOptions extends ReadJsonlOptions, Partial<ReplaceOptions> {}

/**
 * Reads a JSONL file or stream of the data contract's shape and replaces the shop's rows of that
 * resource with it: the bulk sync's path, and the command line's for exported files.
 */
export function importJsonl(
  db: Db,
  shop: string,
  resource: SyncResource,
  source: JsonlSource,
  options: ImportJsonlOptions,
): Promise<ReplaceResult> {
  return replaceResource(db, shop, resource, readJsonl(source, resource, options), {
    ...options,
    exportStartedAt: options.exportStartedAt ?? new Date(),
  });
}

// ---- single objects (webhooks) ---------------------------------------------------------------------

async function hasTombstone(tx: DbOrTx, shop: string, resource: SyncResource, resourceId: string) {
  return (
    (await tx.tombstone.findUnique({
      where: { shop_resource_resourceId: { shop, resource, resourceId } },
      select: { deletedAt: true },
    })) !== null
  );
}

/**
 * Writes one product and its variants (replacing the variants stored for it). Returns false, writing
 * nothing, when the product was deleted or the store holds a newer version (updatedAt).
 */
export function upsertProductRows(
  db: DbOrTx,
  shop: string,
  product: ProductRow,
  variants: readonly VariantRow[],
  syncedAt = new Date(),
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    if (await hasTombstone(tx, shop, "products", product.id)) return false;
    const stored = await tx.product.findUnique({
      where: { shop_id: { shop, id: product.id } },
      select: { updatedAt: true },
    });
    if (stored && stored.updatedAt > product.updatedAt) return false;
    const data = { ...product, shop, syncedAt };
    await tx.product.upsert({ where: { shop_id: { shop, id: product.id } }, create: data, update: data });
    const kept = new Set(variants.map((variant) => variant.id));
    const before = await tx.variant.findMany({
      where: { shop, productId: product.id },
      select: { id: true },
    });
    await forgetVariants(
      tx,
      shop,
      before.map((variant) => variant.id).filter((id) => !kept.has(id)),
    );
    await tx.variant.deleteMany({ where: { shop, productId: product.id } });
    await tx.variant.createMany({
      data: variants.map((variant) => ({ ...variant, productId: product.id, shop, syncedAt })),
    });
    return true;
  });
}

/**
 * Lines of variants Shopify no longer has, as an export would now list them: without a variant,
 * so not counted in any variant's daily facts. Without this, a store's facts would depend on
 * whether a deletion arrived by webhook or by a later full sync.
 */
async function forgetVariants(tx: DbOrTx, shop: string, variantIds: readonly string[]) {
  for (let start = 0; start < variantIds.length; start += IDS_PER_STATEMENT) {
    const ids = variantIds.slice(start, start + IDS_PER_STATEMENT);
    await tx.orderLine.updateMany({ where: { shop, variantId: { in: ids } }, data: { variantId: null } });
    await tx.abandonedCheckoutLine.updateMany({
      where: { shop, variantId: { in: ids } },
      data: { variantId: null },
    });
    await tx.variantDailySales.deleteMany({ where: { shop, variantId: { in: ids } } });
  }
}

/**
 * Deletes a product and its variants, and remembers the deletion so no older export restores it.
 * Its order and checkout lines keep their quantities and prices but, as in an export, name
 * neither the product nor a variant any more.
 */
export function deleteProduct(db: DbOrTx, shop: string, productId: string, deletedAt: Date): Promise<void> {
  return inTransaction(db, async (tx) => {
    const variants = await tx.variant.findMany({ where: { shop, productId }, select: { id: true } });
    await forgetVariants(
      tx,
      shop,
      variants.map((variant) => variant.id),
    );
    await tx.orderLine.updateMany({ where: { shop, productId }, data: { productId: null } });
    await tx.abandonedCheckoutLine.updateMany({ where: { shop, productId }, data: { productId: null } });
    await tx.product.deleteMany({ where: { shop, id: productId } });
    await tx.variant.deleteMany({ where: { shop, productId } });
    const key = { shop, resource: "products", resourceId: productId };
    await tx.tombstone.upsert({
      where: { shop_resource_resourceId: key },
      create: { ...key, deletedAt },
      update: { deletedAt },
    });
  });
}

/**
 * Writes one order and replaces its lines, then rebuilds the daily facts of every variant-day the
 * old or new lines touch. Returns false, writing nothing, when the order was deleted or the store
 * holds a newer version (updatedAt).
 */
export function upsertOrderRows(
  db: DbOrTx,
  shop: string,
  order: OrderRow,
  lines: readonly OrderLineRow[],
  syncedAt = new Date(),
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    if (await hasTombstone(tx, shop, "orders", order.id)) return false;
    const stored = await tx.order.findUnique({
      where: { shop_id: { shop, id: order.id } },
      select: { updatedAt: true },
    });
    if (stored && stored.updatedAt > order.updatedAt) return false;
    const oldLines = await tx.orderLine.findMany({
      where: { shop, orderId: order.id },
      select: { variantId: true, day: true },
    });
    const data = { ...order, shop, syncedAt };
    await tx.order.upsert({ where: { shop_id: { shop, id: order.id } }, create: data, update: data });
    await tx.orderLine.deleteMany({ where: { shop, orderId: order.id } });
    await tx.orderLine.createMany({ data: lines.map((line) => ({ ...line, orderId: order.id, shop })) });
    const touched: VariantDay[] = [];
    for (const line of [...oldLines, ...lines]) {
      if (line.variantId !== null) touched.push({ variantId: line.variantId, day: line.day });
    }
    await rebuildDailySales(tx, shop, touched);
    return true;
  });
}

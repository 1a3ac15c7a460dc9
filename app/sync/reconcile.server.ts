import type { Db } from "../db-client.server";
import { applyChange, type ChangeContext } from "./changes.server";
import type { ChangedResource } from "./webhooks";

/*
 * Webhooks are not guaranteed: reconciliation asks Shopify which records changed since the last
 * good sync and applies each one exactly as a webhook would have. It runs daily and on demand.
 */

const CHANGED_PRODUCTS = `#graphql
  query ChangedProducts($query: String!, $after: String) {
    products(first: 250, after: $after, query: $query, sortKey: UPDATED_AT) {
      edges { node { id updatedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const CHANGED_ORDERS = `#graphql
  query ChangedOrders($query: String!, $after: String) {
    orders(first: 250, after: $after, query: $query, sortKey: UPDATED_AT) {
      edges { node { id updatedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const CHANGED_CUSTOMERS = `#graphql
  query ChangedCustomers($query: String!, $after: String) {
    customers(first: 250, after: $after, query: $query, sortKey: UPDATED_AT) {
      edges { node { id updatedAt } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

const SOURCES: Array<{ resource: ChangedResource; syncResource: string; document: string; root: string }> = [
  { resource: "product", syncResource: "products", document: CHANGED_PRODUCTS, root: "products" },
  { resource: "order", syncResource: "orders", document: CHANGED_ORDERS, root: "orders" },
  { resource: "customer", syncResource: "customers", document: CHANGED_CUSTOMERS, root: "customers" },
];

type ChangedPage = Record<
  string,
  {
    edges: Array<{ node: { id: string; updatedAt: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }
>;

/** The start of the newest completed sync of a resource: everything since must be checked. */
async function checkedUpTo(db: Db, shop: string, resource: string): Promise<Date | null> {
  const run = await db.syncRun.findFirst({
    where: { shop, resource, status: "COMPLETED" },
    orderBy: { startedAt: "desc" },
    select: { startedAt: true },
  });
  return run?.startedAt ?? null;
}

export interface ReconcileOutcome {
  resource: string;
  checked: number;
  updated: number;
}

/** Applies every record changed since the last good sync; records a reconcile SyncRun per resource. */
export async function reconcile(context: ChangeContext, now = new Date()): Promise<ReconcileOutcome[]> {
  const { db, client, shop } = context;
  const outcomes: ReconcileOutcome[] = [];
  for (const source of SOURCES) {
    const since = await checkedUpTo(db, shop, source.syncResource);
    // Never synced: the first (bulk) sync will bring everything.
    if (!since) continue;
    const run = await db.syncRun.create({
      data: { shop, resource: source.syncResource, kind: "reconcile", status: "RUNNING", startedAt: now },
    });
    let checked = 0;
    let updated = 0;
    try {
      // A minute of overlap covers clock differences between Shopify and this server.
      const query = `updated_at:>'${new Date(since.getTime() - 60_000).toISOString()}'`;
      let after: string | null = null;
      do {
        const page: ChangedPage = await client.query<ChangedPage>(source.document, { query, after });
        const connection = page[source.root]!;
        for (const { node } of connection.edges) {
          checked += 1;
          const result = await applyChange(context, {
            resource: source.resource,
            id: node.id,
            updatedAt: node.updatedAt,
            deleted: false,
          });
          if (result === "updated" || result === "deleted") updated += 1;
        }
        await db.syncRun.update({ where: { id: run.id }, data: { objectsDone: checked } });
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      } while (after);
      await db.syncRun.update({
        where: { id: run.id },
        data: { status: "COMPLETED", objectsDone: checked, objectsTotal: checked, finishedAt: new Date() },
      });
    } catch (error) {
      await db.syncRun.update({
        where: { id: run.id },
        data: {
          status: "FAILED",
          error: error instanceof Error ? error.message : String(error),
          finishedAt: new Date(),
        },
      });
      throw error;
    }
    outcomes.push({ resource: source.syncResource, checked, updated });
  }
  return outcomes;
}

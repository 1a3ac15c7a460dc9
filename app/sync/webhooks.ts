import { z } from "zod";

/*
 * Sync treats a webhook as a notice that one record changed, not as the record itself: the job
 * that handles it reads the record from the Admin API and writes it through the same mapping as
 * the bulk export. Stale, duplicate and out-of-order notices then all converge on Shopify's
 * current state, and only one mapping of Shopify's data exists. A notice whose `updatedAt` is not
 * newer than the stored row is dropped without a request.
 */

export const SYNC_WEBHOOK_TOPICS = [
  "products/update",
  "products/delete",
  "orders/create",
  "orders/updated",
  "refunds/create",
  "inventory_levels/update",
  "customers/update",
] as const;
export type SyncWebhookTopic = (typeof SYNC_WEBHOOK_TOPICS)[number];

export type ChangedResource = "product" | "order" | "customer" | "inventoryItem";

export interface ChangeNotice {
  resource: ChangedResource;
  /** the record's GID */
  id: string;
  /** when the change happened, by Shopify's clock; null when the payload does not say */
  updatedAt: string | null;
  deleted: boolean;
}

const numericId = z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String);
const timestamp = z.iso.datetime({ offset: true });
const gidOf = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`));

const withGid = (type: string) =>
  z.object({ admin_graphql_api_id: gidOf(type), updated_at: timestamp.nullish() });

const parsers: Record<SyncWebhookTopic, (payload: unknown) => ChangeNotice> = {
  "products/update": (payload) => {
    const body = withGid("Product").parse(payload);
    return {
      resource: "product",
      id: body.admin_graphql_api_id,
      updatedAt: body.updated_at ?? null,
      deleted: false,
    };
  },
  "products/delete": (payload) => {
    const body = z.object({ id: numericId }).parse(payload);
    return { resource: "product", id: `gid://shopify/Product/${body.id}`, updatedAt: null, deleted: true };
  },
  "orders/create": (payload) => orderNotice(payload),
  "orders/updated": (payload) => orderNotice(payload),
  "refunds/create": (payload) => {
    const body = z.object({ order_id: numericId, created_at: timestamp }).parse(payload);
    return {
      resource: "order",
      id: `gid://shopify/Order/${body.order_id}`,
      updatedAt: body.created_at,
      deleted: false,
    };
  },
  "inventory_levels/update": (payload) => {
    const body = z.object({ inventory_item_id: numericId, updated_at: timestamp.nullish() }).parse(payload);
    return {
      resource: "inventoryItem",
      id: `gid://shopify/InventoryItem/${body.inventory_item_id}`,
      updatedAt: body.updated_at ?? null,
      deleted: false,
    };
  },
  "customers/update": (payload) => {
    const body = withGid("Customer").parse(payload);
    return {
      resource: "customer",
      id: body.admin_graphql_api_id,
      updatedAt: body.updated_at ?? null,
      deleted: false,
    };
  },
};

function orderNotice(payload: unknown): ChangeNotice {
  const body = withGid("Order").parse(payload);
  return {
    resource: "order",
    id: body.admin_graphql_api_id,
    updatedAt: body.updated_at ?? null,
    deleted: false,
  };
}

/** The notice a sync webhook carries; throws a ZodError naming what the payload lacks. */
export function parseChangeNotice(topic: SyncWebhookTopic, payload: unknown): ChangeNotice {
  return parsers[topic](payload);
}

/** Whether a notice can be dropped because the stored row is already as new or newer. */
export function isStale(notice: ChangeNotice, storedUpdatedAt: Date | null | undefined): boolean {
  if (notice.deleted || !notice.updatedAt || !storedUpdatedAt) return false;
  return new Date(notice.updatedAt).getTime() <= storedUpdatedAt.getTime();
}

/**
 * What one queued job must do for two notices about the same record: delete when either says so,
 * and carry the newer updatedAt, or none when either is unknown (then it is never judged stale).
 * Keeping only the first notice would let a deletion or a newer edit ride on a stale update.
 */
export function mergeNotices(queued: ChangeNotice, arriving: ChangeNotice): ChangeNotice {
  const updatedAt =
    queued.updatedAt === null || arriving.updatedAt === null
      ? null
      : Date.parse(arriving.updatedAt) > Date.parse(queued.updatedAt)
        ? arriving.updatedAt
        : queued.updatedAt;
  return { ...queued, updatedAt, deleted: queued.deleted || arriving.deleted };
}

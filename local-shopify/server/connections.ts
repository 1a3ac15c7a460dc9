import type { GraphQLResolveInfo } from "graphql";
import { badRequest } from "./errors";

/*
 * Cursor pagination as Shopify's connections do it: `first` or `last` (one of them, at most 250),
 * `after`/`before` cursors that encode the position in the sort order (so a page boundary stays
 * put when records change), `reverse`, and a pageInfo that reports pages on both sides.
 * A bulk operation ignores all of that and reads every node.
 */

const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export type SortValue = string | number | null;

export interface Ordering<T> {
  id(record: T): number;
  value(record: T): SortValue;
}

/** The slice of root nodes one round of a bulk operation reads. */
export interface BulkWindow {
  offset: number;
  limit: number;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

type Key = [SortValue, number];

function compareKeys([valueA, idA]: Key, [valueB, idB]: Key): number {
  if (valueA !== valueB) {
    if (valueA === null) return -1;
    if (valueB === null) return 1;
    return valueA < valueB ? -1 : 1;
  }
  return idA - idB;
}

const encodeCursor = ([value, id]: Key) =>
  Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString("base64");

function decodeCursor(cursor: string): Key {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as {
      last_id?: unknown;
      last_value?: unknown;
    };
    const value = parsed.last_value;
    if (
      typeof parsed.last_id === "number" &&
      (value === null || typeof value === "string" || typeof value === "number")
    ) {
      return [value, parsed.last_id];
    }
  } catch {
    // Falls through to the error below.
  }
  throw badRequest(`Invalid cursor for current pagination sort.`);
}

function checkPageSize(name: "first" | "last", size: number | null | undefined): void {
  if (size === null || size === undefined) return;
  if (size < 0) throw badRequest(`${name} cannot be negative.`);
  if (size > MAX_PAGE_SIZE) {
    throw badRequest(
      `${name} cannot exceed ${MAX_PAGE_SIZE}. To query larger amounts of data with fewer limits, bulk operations should be used instead.`,
    );
  }
}

export function paginate<T>(
  records: readonly T[],
  args: ConnectionArgs,
  ordering: Ordering<T>,
  bulk: BulkWindow | undefined,
  info: GraphQLResolveInfo,
): Connection<T> {
  const direction = args.reverse ? -1 : 1;
  const keyed = records
    .map((record) => ({ record, key: [ordering.value(record), ordering.id(record)] as Key }))
    .sort((a, b) => direction * compareKeys(a.key, b.key));

  let window = keyed;
  let hasPreviousPage = false;
  let hasNextPage = false;
  if (bulk) {
    // Bulk operations read every node; the root connection is read one window at a time.
    if (!info.path.prev) window = keyed.slice(bulk.offset, bulk.offset + bulk.limit);
  } else {
    const { first, last } = args;
    if ((first === null || first === undefined) && (last === null || last === undefined)) {
      throw badRequest("you must provide one of first or last");
    }
    if (first !== null && first !== undefined && last !== null && last !== undefined) {
      throw badRequest("providing both first and last is not supported");
    }
    checkPageSize("first", first);
    checkPageSize("last", last);
    if (args.after) {
      const after = decodeCursor(args.after);
      const start = window.findIndex((item) => direction * compareKeys(item.key, after) > 0);
      hasPreviousPage = start !== 0 && window.length > 0;
      window = start === -1 ? [] : window.slice(start);
    }
    if (args.before) {
      const before = decodeCursor(args.before);
      const end = window.findIndex((item) => direction * compareKeys(item.key, before) >= 0);
      if (end !== -1) {
        hasNextPage = true;
        window = window.slice(0, end);
      }
    }
    if (first !== null && first !== undefined) {
      hasNextPage ||= window.length > first;
      window = window.slice(0, first);
    } else if (last !== null && last !== undefined) {
      hasPreviousPage ||= window.length > last;
      window = last === 0 ? [] : window.slice(-last);
    }
  }

  const edges = window.map((item) => ({ cursor: encodeCursor(item.key), node: item.record }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

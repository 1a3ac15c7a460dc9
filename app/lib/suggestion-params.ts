import { z } from "zod";
import type { SuggestionKind } from "../suggestions/types";

/*
 * The Suggestions and Activity pages keep their filters and page in the URL, like the Products
 * page: a value that does not parse is dropped with a message, so a stale link never fails.
 */

export const SUGGESTION_KINDS: readonly SuggestionKind[] = [
  "markdown",
  "discount",
  "bundle",
  "content",
  "archive",
  "restock",
];

export const SUGGESTION_STATUSES = [
  "proposed",
  "approved",
  "rejected",
  "applying",
  "applied",
  "failed",
  "stale",
  "reverting",
  "reverted",
  "expired",
] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

/** The audit log's actions (SuggestionEvent.action). */
export const ACTIVITY_ACTIONS = [
  "proposed",
  "approved",
  "rejected",
  "applying",
  "applied",
  "failed",
  "stale",
  "reverted",
  "revert_failed",
  "expired",
  "measured",
] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export const SUGGESTION_PAGE_SIZE = 50;
export const ACTIVITY_PAGE_SIZE = 50;

export interface SuggestionListQuery {
  kind?: SuggestionKind;
  /** "all": every status. The queue opens on what awaits a decision. */
  status: SuggestionStatus | "all";
  page: number;
  pageSize: number;
}

export interface ActivityQuery {
  action?: ActivityAction;
  page: number;
  pageSize: number;
}

const page = z.coerce.number().int().min(1).max(1_000_000);

function reader(params: URLSearchParams, ignored: string[]) {
  return <T>(name: string, schema: z.ZodType<T>, words: string): T | undefined => {
    const raw = params.get(name);
    // An empty value is how a cleared filter arrives: not an error.
    if (raw === null || raw.trim() === "") return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    ignored.push(`The ${words} "${raw.slice(0, 60)}" is not valid and was ignored.`);
    return undefined;
  };
}

export function parseSuggestionListParams(params: URLSearchParams) {
  const ignored: string[] = [];
  const read = reader(params, ignored);
  const query: SuggestionListQuery = {
    kind: read("kind", z.enum(SUGGESTION_KINDS as [SuggestionKind, ...SuggestionKind[]]), "type"),
    status: read("status", z.enum([...SUGGESTION_STATUSES, "all"]), "status") ?? "proposed",
    page: read("page", page, "page number") ?? 1,
    pageSize: SUGGESTION_PAGE_SIZE,
  };
  return { query, ignored };
}

/** The parameters for a list query, defaults left out; a new filter starts at page 1. */
export function suggestionListParams(
  query: SuggestionListQuery,
  change: Partial<SuggestionListQuery> = {},
): URLSearchParams {
  const next = { ...query, ...change };
  if (!("page" in change)) next.page = 1;
  const params = new URLSearchParams();
  if (next.kind) params.set("kind", next.kind);
  if (next.status !== "proposed") params.set("status", next.status);
  if (next.page > 1) params.set("page", String(next.page));
  return params;
}

export function parseActivityParams(params: URLSearchParams) {
  const ignored: string[] = [];
  const read = reader(params, ignored);
  const query: ActivityQuery = {
    action: read("action", z.enum(ACTIVITY_ACTIONS), "action"),
    page: read("page", page, "page number") ?? 1,
    pageSize: ACTIVITY_PAGE_SIZE,
  };
  return { query, ignored };
}

export function activityParams(query: ActivityQuery, change: Partial<ActivityQuery> = {}): URLSearchParams {
  const next = { ...query, ...change };
  if (!("page" in change)) next.page = 1;
  const params = new URLSearchParams();
  if (next.action) params.set("action", next.action);
  if (next.page > 1) params.set("page", String(next.page));
  return params;
}

/** The URL parameters these pages own: left behind when a link leaves the page. */
export const SUGGESTION_PAGE_KEYS = ["kind", "status", "page", "action", "applyJob"] as const;

/** The bulk apply whose progress the Suggestions page follows (a job id), kept in the URL across reloads. */
export const applyJobParam = z.string().regex(/^[\w-]{1,64}$/);

/** The current search without this page's own state, for links that keep the admin context. */
export function withoutPageState(search: string): string {
  const params = new URLSearchParams(search);
  for (const key of SUGGESTION_PAGE_KEYS) params.delete(key);
  const rest = params.toString();
  return rest ? `?${rest}` : "";
}

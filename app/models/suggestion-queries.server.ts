import type { Prisma } from "@prisma/client";
import type { Db } from "../db-client.server";
import type { ActivityQuery, SuggestionListQuery } from "../lib/suggestion-params";
import type { Outcome, Proposal } from "../suggestions/types";

/*
 * What the Suggestions, suggestion detail and Activity pages read, always for the shop of the
 * verified session. Money leaves as numbers of minor units with the suggestion's currency, times
 * as ISO strings for the page to show in the shop's zone.
 */

const parseJson = <T>(text: string | null): T | null => (text ? (JSON.parse(text) as T) : null);

/** Titles of the shop's products by GID; products deleted since keep their GID as a name. */
async function productTitles(db: Db, shop: string, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db.product.findMany({
    where: { shop, id: { in: [...new Set(ids)] } },
    select: { id: true, title: true },
  });
  return Object.fromEntries(rows.map((row) => [row.id, row.title]));
}

export async function listSuggestions(db: Db, shop: string, query: SuggestionListQuery) {
  const where: Prisma.SuggestionWhereInput = {
    shop,
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status !== "all" ? { status: query.status } : {}),
  };
  const [total, found] = await Promise.all([
    db.suggestion.count({ where }),
    db.suggestion.findMany({
      where,
      // The queue's order: the most money first, then the newest.
      orderBy: [{ stakeMinor: "desc" }, { createdAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
      select: {
        id: true,
        kind: true,
        status: true,
        title: true,
        productIds: true,
        currencyCode: true,
        stakeMinor: true,
        proposal: true,
        createdAt: true,
      },
    }),
  ]);
  const productIdsOf = new Map(found.map((row) => [row.id, parseJson<string[]>(row.productIds) ?? []]));
  const titles = await productTitles(db, shop, [...productIdsOf.values()].flat());
  const rows = found.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    title: row.title,
    products: (productIdsOf.get(row.id) ?? []).map((id) => ({ id, title: titles[id] ?? id })),
    currencyCode: row.currencyCode,
    stakeMinor: Number(row.stakeMinor),
    impact: parseJson<Proposal>(row.proposal)?.impact ?? null,
    createdAt: row.createdAt.toISOString(),
  }));
  return { rows, total, page: query.page, pageSize: query.pageSize };
}

export interface SuggestionEventView {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  staffId: string | null;
  staffName: string | null;
  detail: string | null;
  at: string;
}

const eventView = (event: {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  staffId: string | null;
  staffName: string | null;
  detail: string | null;
  at: Date;
}): SuggestionEventView => ({
  id: event.id,
  action: event.action,
  fromStatus: event.fromStatus,
  toStatus: event.toStatus,
  staffId: event.staffId,
  staffName: event.staffName,
  detail: event.detail,
  at: event.at.toISOString(),
});

/** One suggestion of the shop with its history and the names its changes refer to; null if not the shop's. */
export async function suggestionDetail(db: Db, shop: string, id: string) {
  const suggestion = await db.suggestion.findFirst({ where: { shop, id } });
  if (!suggestion) return null;
  const proposal = parseJson<Proposal>(suggestion.proposal);
  const productIds = parseJson<string[]>(suggestion.productIds) ?? [];
  const allProductIds = [
    ...productIds,
    ...(proposal?.kind === "bundle"
      ? [proposal.changes.anchorProductId, proposal.changes.slowProductId]
      : []),
    ...(proposal?.kind === "discount" ? proposal.changes.productIds : []),
  ];
  const [events, products, variants] = await Promise.all([
    db.suggestionEvent.findMany({
      where: { shop, suggestionId: id },
      orderBy: [{ at: "desc" }, { id: "desc" }],
    }),
    productTitles(db, shop, allProductIds),
    db.variant.findMany({
      where: { shop, id: { in: proposal?.variantIds ?? [] } },
      select: { id: true, title: true },
    }),
  ]);
  return {
    suggestion: {
      id: suggestion.id,
      kind: suggestion.kind,
      status: suggestion.status,
      title: suggestion.title,
      rationale: suggestion.rationale,
      currencyCode: suggestion.currencyCode,
      stakeMinor: Number(suggestion.stakeMinor),
      error: suggestion.error,
      rejectReason: suggestion.rejectReason,
      version: suggestion.version,
      createdAt: suggestion.createdAt.toISOString(),
      updatedAt: suggestion.updatedAt.toISOString(),
      appliedAt: suggestion.appliedAt?.toISOString() ?? null,
      outcomeDueOn: suggestion.outcomeDueOn,
    },
    proposal,
    outcome: parseJson<Outcome>(suggestion.outcome),
    productIds,
    names: {
      products,
      variants: Object.fromEntries(variants.map((variant) => [variant.id, variant.title])),
    },
    events: events.map(eventView),
  };
}

export type SuggestionDetail = NonNullable<Awaited<ReturnType<typeof suggestionDetail>>>;

/** The shop's audit log, newest first, each event with its suggestion's title. */
export async function listActivity(db: Db, shop: string, query: ActivityQuery) {
  const where: Prisma.SuggestionEventWhereInput = { shop, ...(query.action ? { action: query.action } : {}) };
  const [total, events] = await Promise.all([
    db.suggestionEvent.count({ where }),
    db.suggestionEvent.findMany({
      where,
      orderBy: [{ at: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  const suggestions = await db.suggestion.findMany({
    where: { shop, id: { in: [...new Set(events.map((event) => event.suggestionId))] } },
    select: { id: true, title: true, kind: true },
  });
  const byId = new Map(suggestions.map((row) => [row.id, row]));
  const rows = events.map((event) => {
    const suggestion = byId.get(event.suggestionId);
    return {
      ...eventView(event),
      suggestionId: event.suggestionId,
      // A suggestion removed since (shop redact) leaves its events without a title.
      suggestionTitle: suggestion?.title ?? null,
      kind: suggestion?.kind ?? null,
    };
  });
  return { rows, total, page: query.page, pageSize: query.pageSize };
}

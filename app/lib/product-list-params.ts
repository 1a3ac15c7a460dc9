import { z } from "zod";
import type { FlagKind } from "../analysis/types";
import { FLAG_KINDS } from "./flags";

/*
 * The Products page's state lives in its URL (shareable, back-button friendly). A value that does
 * not parse is dropped with a message the page shows, so a stale or hand-edited link never fails.
 */

export const PRODUCT_PAGE_SIZE = 50;
export const PRODUCT_SORTS = ["money", "health", "title"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export interface ProductListQuery {
  flag?: FlagKind;
  productType?: string;
  vendor?: string;
  search?: string;
  sort: ProductSort;
  page: number;
  pageSize: number;
}

const filterText = z.string().trim().min(1).max(255);
const fields = {
  flag: z.enum(FLAG_KINDS as [FlagKind, ...FlagKind[]]),
  productType: filterText,
  vendor: filterText,
  q: z.string().trim().min(1).max(200),
  sort: z.enum(PRODUCT_SORTS),
  page: z.coerce.number().int().min(1).max(1_000_000),
};

const NAMES: Record<keyof typeof fields, string> = {
  flag: "flag",
  productType: "product type",
  vendor: "vendor",
  q: "search",
  sort: "sort order",
  page: "page number",
};

export function parseProductListParams(params: URLSearchParams): {
  query: ProductListQuery;
  ignored: string[];
} {
  const ignored: string[] = [];
  const read = <K extends keyof typeof fields>(name: K): z.infer<(typeof fields)[K]> | undefined => {
    const raw = params.get(name);
    // An empty value is how a cleared filter arrives: not an error.
    if (raw === null || raw.trim() === "") return undefined;
    const parsed = fields[name].safeParse(raw);
    if (parsed.success) return parsed.data as z.infer<(typeof fields)[K]>;
    ignored.push(`The ${NAMES[name]} "${raw.slice(0, 60)}" is not valid and was ignored.`);
    return undefined;
  };
  const query: ProductListQuery = {
    flag: read("flag"),
    productType: read("productType"),
    vendor: read("vendor"),
    search: read("q"),
    sort: read("sort") ?? "money",
    page: read("page") ?? 1,
    pageSize: PRODUCT_PAGE_SIZE,
  };
  return { query, ignored };
}

/** The URL parameters the Products page owns. */
export const PRODUCT_LIST_KEYS = ["flag", "productType", "vendor", "q", "sort", "page"] as const;

/** The parameters for a query, defaults left out; changing a filter or sort starts at page 1. */
export function productListParams(
  query: ProductListQuery,
  change: Partial<ProductListQuery> = {},
): URLSearchParams {
  const next = { ...query, ...change };
  if (!("page" in change)) next.page = 1;
  const params = new URLSearchParams();
  if (next.flag) params.set("flag", next.flag);
  if (next.productType !== undefined) params.set("productType", next.productType);
  if (next.vendor !== undefined) params.set("vendor", next.vendor);
  if (next.search) params.set("q", next.search);
  if (next.sort !== "money") params.set("sort", next.sort);
  if (next.page > 1) params.set("page", String(next.page));
  return params;
}

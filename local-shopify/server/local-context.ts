import type { ServerContext } from "./context";
import type { BulkOperations } from "./bulk";
import type { BulkWindow } from "./connections";
import type { SearchWarning } from "./search";

/** One entry of `extensions.search`: a connection's search query and what was ignored in it. */
export interface SearchReport {
  path: ReadonlyArray<string | number>;
  query: string;
  warnings: SearchWarning[];
}

/** The context every resolver of the local Shopify receives (a ServerContext and more). */
export interface LocalContext extends ServerContext {
  bulkOperations: BulkOperations;
  /** set while a bulk operation executes its query: which root nodes this round reads */
  bulkWindow?: BulkWindow;
  /** filled by connections that received a `query`, answered in `extensions.search` */
  searchReports: SearchReport[];
  /** the base URL the client reached the server at (bulk result URLs are built on it) */
  origin: string;
  /** shop.features.bundles: whether productBundleCreate is open to this store, and why not */
  bundles: { eligible: boolean; ineligibilityReason: string };
}

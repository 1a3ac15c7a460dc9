/*
 * The failures the Shopify client reports. Each message is written so a merchant-facing page can
 * show it as it is; the properties carry what code needs to decide what to do next.
 */

/** One entry of a GraphQL response's top-level `errors`. */
export interface GraphqlErrorDetail {
  message: string;
  /** `extensions.code`, e.g. ACCESS_DENIED, MAX_COST_EXCEEDED, undefinedField */
  code: string | null;
  path: ReadonlyArray<string | number> | null;
}

/** One entry of a mutation payload's `userErrors`. */
export interface UserError {
  /** path to the input field, e.g. ["variants", "0", "price"] */
  field: readonly string[] | null;
  message: string;
  code: string | null;
}

/** Everything the client throws on purpose extends this, so callers can catch them as a group. */
export abstract class ShopifyApiError extends Error {
  /** the GraphQL operation's name ("anonymous" for an unnamed document) */
  readonly operation: string;

  protected constructor(message: string, operation: string, options?: { cause?: unknown }) {
    super(message, options);
    this.operation = operation;
  }
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** Shopify refused the request itself (validation, access, cost limit...); repeating it cannot help. */
export class ShopifyGraphqlError extends ShopifyApiError {
  override readonly name = "ShopifyGraphqlError";

  constructor(
    operation: string,
    readonly errors: readonly GraphqlErrorDetail[],
  ) {
    super(
      `Shopify refused the request: ${sentence(errors.map((error) => error.message).join("; "))}`,
      operation,
    );
  }

  get codes(): string[] {
    return this.errors.flatMap((error) => (error.code ? [error.code] : []));
  }
}

/** Shopify kept throttling the request until the client's retry bound ran out. */
export class ShopifyThrottledError extends ShopifyApiError {
  override readonly name = "ShopifyThrottledError";

  constructor(
    operation: string,
    readonly attempts: number,
  ) {
    super(
      `Shopify is limiting how fast the app may work on this store and still refused after ${attempts} tries. Try again in a minute.`,
      operation,
    );
  }
}

/** A mutation ran and Shopify declined the change; nothing was applied. */
export class ShopifyUserErrors extends ShopifyApiError {
  override readonly name = "ShopifyUserErrors";

  constructor(
    operation: string,
    readonly userErrors: readonly UserError[],
  ) {
    super(
      `Shopify did not accept the change: ${sentence(userErrors.map((error) => error.message).join("; "))}`,
      operation,
    );
  }
}

/**
 * A mutation failed after it may have reached Shopify (server error, broken connection, timeout),
 * so it is unknown whether the change was applied. Re-read the store and compare before retrying.
 */
export class ShopifyUncertainWriteError extends ShopifyApiError {
  override readonly name = "ShopifyUncertainWriteError";

  constructor(
    operation: string,
    /** the HTTP status Shopify answered with (200 with INTERNAL_SERVER_ERROR); null when no answer came */
    readonly status: number | null,
    options?: { cause?: unknown },
  ) {
    const what =
      status === null
        ? "The connection to Shopify failed while a change was being sent"
        : status >= 500
          ? `Shopify answered with an error (HTTP ${status}) while a change was being sent`
          : "Shopify reported an internal error while a change was being sent";
    super(
      `${what}, so it is not known whether the change was made. Check the store before trying again.`,
      operation,
      options,
    );
  }
}

/** Shopify answered with an HTTP error (or not at all) and retrying could not help or ran out. */
export class ShopifyHttpError extends ShopifyApiError {
  override readonly name = "ShopifyHttpError";
  /** what Shopify said, when it said something (e.g. "[API] Invalid API key or access token") */
  readonly detail: string | null;

  constructor(
    operation: string,
    /** the HTTP status; null when Shopify could not be reached or did not answer in time */
    readonly status: number | null,
    readonly attempts: number,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(httpMessage(status, attempts), operation, options);
    this.detail = options?.detail ?? null;
  }
}

function httpMessage(status: number | null, attempts: number): string {
  const tries = attempts > 1 ? ` after ${attempts} tries` : "";
  if (status === null) return `Shopify could not be reached${tries}. Try again in a few minutes.`;
  if (status >= 500)
    return `Shopify had a problem answering (HTTP ${status})${tries}. Try again in a few minutes.`;
  if (status === 401 || status === 403) {
    return `Shopify refused the app's access to this store (HTTP ${status}). Open the app from the store's admin to sign in again.`;
  }
  return `Shopify could not handle the request (HTTP ${status}).`;
}

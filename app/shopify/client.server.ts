import type { AdminMutations, AdminQueries } from "@shopify/admin-api-client";
import {
  GraphqlQueryError,
  HttpRequestError,
  HttpResponseError,
  HttpThrottlingError,
} from "@shopify/shopify-api";
import {
  ShopifyGraphqlError,
  ShopifyHttpError,
  ShopifyThrottledError,
  ShopifyUncertainWriteError,
  ShopifyUserErrors,
  type GraphqlErrorDetail,
  type UserError,
} from "./errors";

/*
 * The one Shopify Admin GraphQL client the app's code uses. It paces requests with the cost
 * figures Shopify returns, retries what is safe to retry, and turns every other failure into a
 * typed error (./errors.ts). The policy and its reasons: docs/decisions/0003-shopify-client.md.
 */

/** What the client needs from a response: `admin.graphql` returns one, and so does `fetch`. */
export interface TransportResponse {
  readonly status: number;
  readonly headers: Headers;
  text(): Promise<string>;
}

/** Sends one GraphQL request: the app passes `admin.graphql` (AdminGraphql); tests may pass a fetch. */
export type GraphqlTransport = (
  document: string,
  options: { variables?: Record<string, unknown>; signal?: AbortSignal },
) => Promise<TransportResponse>;

export type ShopifyClientLog = (
  level: "debug" | "info" | "warn",
  message: string,
  detail?: Record<string, unknown>,
) => void;

export interface ShopifyClientOptions {
  graphql: GraphqlTransport;
  sleep?: (ms: number) => Promise<void>;
  /** epoch milliseconds */
  now?: () => number;
  /** 0 <= x < 1, for the jitter of retry delays */
  random?: () => number;
  log?: ShopifyClientLog;
  /** tries per request, the first included (default 6) */
  maxAttempts?: number;
  /** no retry starts later than this after the first try (default 60 s) */
  maxElapsedMs?: number;
  /** a request without an answer by then is abandoned (default 30 s) */
  timeoutMs?: number;
}

export interface ShopifyClientStats {
  /** requests sent, retries included */
  requests: number;
  retries: number;
  /** THROTTLED answers and HTTP 429s, whether or not a retry then succeeded */
  throttledResponses: number;
  /** actualQueryCost summed over the answered requests */
  pointsSpent: number;
  /** time spent waiting for the bucket to refill and between retries */
  waitedMs: number;
}

/** Where a mutation's payload keeps its userErrors. */
export type UserErrorsLocation<Data> =
  { userErrorsPath: string } | { userErrorsAt: (data: Data) => readonly UserError[] | null | undefined };

/** Codegen's type for a document (app/types/admin.generated.d.ts); `Fallback` for one it has not seen. */
type Generated<Known, Fallback> = 0 extends 1 & Known ? Fallback : Known;
type QueryData<T, D extends string> = [T] extends [undefined]
  ? Generated<AdminQueries[D]["return"], unknown>
  : T;
type MutationData<T, D extends string> = [T] extends [undefined]
  ? Generated<AdminMutations[D]["return"], unknown>
  : T;
type Variables = Record<string, unknown>;

export interface ShopifyClient {
  /** Runs a query, retrying throttling, server errors and network failures within the bound. */
  query<T = undefined, D extends string = string>(
    document: D,
    variables?: Generated<AdminQueries[D]["variables"], Variables>,
  ): Promise<QueryData<T, D>>;
  /**
   * Runs a mutation. Only answers Shopify guarantees did not execute (THROTTLED, 429) are retried;
   * anything after which the change may have happened raises ShopifyUncertainWriteError.
   */
  mutate<T = undefined, D extends string = string>(
    document: D,
    variables: Generated<AdminMutations[D]["variables"], Variables>,
    where: UserErrorsLocation<MutationData<T, D>>,
  ): Promise<MutationData<T, D>>;
  readonly stats: ShopifyClientStats;
}

const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 16_000;
/** The most one query may request, so a document seen for the first time is never throttled. */
const UNKNOWN_DOCUMENT_COST = 1_000;

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

/** An HTTP answer, read. */
interface Reply {
  status: number;
  body: unknown;
  retryAfterMs: number | null;
}

/** One try's result, in the terms the retry policy needs. */
type Outcome =
  | { kind: "data"; data: unknown }
  /** Shopify did not run the request: THROTTLED or 429 */
  | { kind: "throttled"; retryAfterMs: number | null }
  /** Shopify failed while it may have run the request: 5xx, or a 200 with INTERNAL_SERVER_ERROR or no data */
  | { kind: "server"; status: number; retryAfterMs: number | null; errors: GraphqlErrorDetail[] }
  /** no answer: connection failure or timeout */
  | { kind: "network"; cause: unknown }
  /** not worth repeating: thrown as it is */
  | { kind: "fatal"; error: unknown };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function costOf(extensions: unknown): Cost | null {
  const cost = isRecord(extensions) ? extensions.cost : undefined;
  if (!isRecord(cost) || !isRecord(cost.throttleStatus) || !isNumber(cost.requestedQueryCost)) return null;
  const { maximumAvailable, currentlyAvailable, restoreRate } = cost.throttleStatus;
  if (!isNumber(maximumAvailable) || !isNumber(currentlyAvailable) || !isNumber(restoreRate)) return null;
  return {
    requestedQueryCost: cost.requestedQueryCost,
    actualQueryCost: isNumber(cost.actualQueryCost) ? cost.actualQueryCost : null,
    throttleStatus: { maximumAvailable, currentlyAvailable, restoreRate },
  };
}

function errorDetails(errors: unknown): GraphqlErrorDetail[] {
  if (!Array.isArray(errors)) return [];
  return errors.filter(isRecord).map((error) => ({
    message: typeof error.message === "string" ? error.message : "Unknown error",
    code:
      isRecord(error.extensions) && typeof error.extensions.code === "string" ? error.extensions.code : null,
    path: Array.isArray(error.path) ? (error.path as Array<string | number>) : null,
  }));
}

function firstHeader(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : null;
}

/** Retry-After in seconds, the form Shopify sends. */
function retryAfterMs(value: string | number | null | undefined): number | null {
  const seconds = typeof value === "number" ? value : Number.parseFloat(value ?? "");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

/** Errors that mean no answer came: the library's, fetch's, and an abort from our timeout. */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof HttpRequestError) return true;
  if (!(error instanceof Error)) return false;
  // fetch rejects with a TypeError whose cause is the socket error (ECONNREFUSED, ECONNRESET...).
  return (
    error.name === "AbortError" ||
    error.name === "TimeoutError" ||
    (error instanceof TypeError && !!error.cause)
  );
}

/** The operation keyword at the start of the document or after a fragment's closing brace. */
const OPERATION = /(?:^|\})\s*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/;

function describeDocument(document: string): { operation: string; isMutation: boolean } {
  const match = OPERATION.exec(document.replace(/#[^\n]*/g, ""));
  return { operation: match?.[2] ?? "anonymous", isMutation: match?.[1] === "mutation" };
}

function userErrorsAtPath(data: unknown, path: string, operation: string): unknown {
  let value: unknown = data;
  for (const key of path.split(".")) value = isRecord(value) ? value[key] : undefined;
  if (!Array.isArray(value)) {
    throw new Error(`${operation}: the response has no list at userErrorsPath "${path}"`);
  }
  return value;
}

function userErrorList(list: unknown): UserError[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((error) => ({
    field: Array.isArray(error.field) ? error.field.map(String) : null,
    message: typeof error.message === "string" ? error.message : "Unknown error",
    code: typeof error.code === "string" ? error.code : null,
  }));
}

/**
 * A local estimate of Shopify's leaky bucket, from the last throttleStatus seen, minus the points
 * of requests still in flight. Requests take their turn in order, so a burst from many callers is
 * spread out instead of racing for the same points.
 */
class Pacer {
  private bucket: (ThrottleStatus & { at: number }) | null = null;
  private reserved = 0;
  private inFlight = 0;
  private turn: Promise<void> = Promise.resolve();
  private onSettle: Array<() => void> = [];

  constructor(
    private readonly now: () => number,
    private readonly wait: (ms: number) => Promise<void>,
  ) {}

  /**
   * Waits its turn, then until the bucket should hold the request's expected cost, and counts
   * those points as taken. The cost is read when the turn comes: by then an earlier answer may
   * have told what the document costs. Resolves to the points reserved.
   */
  reserve(expectedCost: () => number): Promise<number> {
    const mine = this.turn.then(() => this.waitFor(expectedCost));
    this.turn = mine.then(
      () => undefined,
      () => undefined,
    );
    return mine;
  }

  /** A request ended: return its reservation and adopt what Shopify reported, if it did. */
  settle(reserved: number, status: ThrottleStatus | null): void {
    this.reserved -= reserved;
    this.inFlight -= 1;
    if (status) this.bucket = { ...status, at: this.now() };
    for (const resolve of this.onSettle.splice(0)) resolve();
  }

  private async waitFor(expectedCost: () => number): Promise<number> {
    let cost = expectedCost();
    for (;;) {
      if (!this.bucket) {
        // Until Shopify has told us the bucket's size, one request at a time.
        if (this.inFlight === 0) break;
        await new Promise<void>((resolve) => this.onSettle.push(resolve));
        cost = expectedCost();
        continue;
      }
      const { maximumAvailable, currentlyAvailable, restoreRate, at } = this.bucket;
      const restored = ((this.now() - at) / 1000) * restoreRate;
      const available = Math.min(maximumAvailable, currentlyAvailable + restored) - this.reserved;
      const missing = Math.min(cost, maximumAvailable) - available;
      if (missing <= 0) break;
      await this.wait(Math.ceil((missing / restoreRate) * 1000));
    }
    this.reserved += cost;
    this.inFlight += 1;
    return cost;
  }
}

export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const log = options.log ?? defaultLog;
  const maxAttempts = options.maxAttempts ?? 6;
  const maxElapsedMs = options.maxElapsedMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stats: ShopifyClientStats = {
    requests: 0,
    retries: 0,
    throttledResponses: 0,
    pointsSpent: 0,
    waitedMs: 0,
  };
  const wait = async (ms: number) => {
    stats.waitedMs += ms;
    await sleep(ms);
  };
  const pacer = new Pacer(now, wait);
  /** the last requestedQueryCost Shopify reported for each document */
  const expectedCost = new Map<string, number>();

  function recordCost(document: string, operation: string, extensions: unknown): ThrottleStatus | null {
    const cost = costOf(extensions);
    if (!cost) return null;
    expectedCost.set(document, cost.requestedQueryCost);
    stats.pointsSpent += cost.actualQueryCost ?? 0;
    const { currentlyAvailable, maximumAvailable, restoreRate } = cost.throttleStatus;
    log(
      "debug",
      `Shopify ${operation}: cost ${cost.requestedQueryCost} requested, ${cost.actualQueryCost ?? "none"} actual; ${currentlyAvailable}/${maximumAvailable} available, restoring ${restoreRate}/s`,
      { operation, ...cost },
    );
    return cost.throttleStatus;
  }

  /** Reads an answer, whichever way it came: returned, or thrown by the library. */
  async function replyOf(send: () => Promise<TransportResponse>): Promise<Reply | Outcome> {
    try {
      const response = await send();
      const text = await response.text();
      return {
        status: response.status,
        body: parseJson(text),
        retryAfterMs: retryAfterMs(response.headers.get("Retry-After")),
      };
    } catch (thrown) {
      if (thrown instanceof Response) {
        // The library's authenticated context throws HTTP errors as Responses; those not worth
        // retrying (401 and its re-authentication, ...) go on to Remix untouched.
        if (thrown.status !== 429 && thrown.status < 500) return { kind: "fatal", error: thrown };
        return {
          status: thrown.status,
          body: null,
          retryAfterMs: retryAfterMs(thrown.headers.get("Retry-After")),
        };
      }
      if (thrown instanceof GraphqlQueryError) {
        // admin.graphql throws when an HTTP 200 carries GraphQL errors, THROTTLED among them.
        const { data, errors, extensions } = thrown.body ?? {};
        return { status: 200, body: { data, errors: errors?.graphQLErrors, extensions }, retryAfterMs: null };
      }
      if (thrown instanceof HttpResponseError) {
        const { code, headers } = thrown.response;
        const retryAfter =
          thrown instanceof HttpThrottlingError
            ? thrown.response.retryAfter
            : firstHeader(headers, "Retry-After");
        return { status: code, body: null, retryAfterMs: retryAfterMs(retryAfter) };
      }
      if (isNetworkFailure(thrown)) return { kind: "network", cause: thrown };
      return { kind: "fatal", error: thrown };
    }
  }

  function classify(reply: Reply, operation: string): Outcome {
    const body = isRecord(reply.body) ? reply.body : {};
    const errors = errorDetails(body.errors);
    const { status, retryAfterMs } = reply;
    if (status === 429 || errors.some((error) => error.code === "THROTTLED")) {
      return { kind: "throttled", retryAfterMs };
    }
    if (status >= 500) return { kind: "server", status, retryAfterMs, errors: [] };
    if (status >= 300) {
      const detail = typeof body.errors === "string" ? body.errors : undefined;
      return { kind: "fatal", error: new ShopifyHttpError(operation, status, 1, { detail }) };
    }
    // Shopify's own failure inside a 200, or a 200 without data: as uncertain as a 5xx.
    if (
      errors.some((error) => error.code === "INTERNAL_SERVER_ERROR") ||
      (!errors.length && !isRecord(body.data))
    ) {
      return { kind: "server", status, retryAfterMs, errors };
    }
    if (errors.length > 0) return { kind: "fatal", error: new ShopifyGraphqlError(operation, errors) };
    return { kind: "data", data: body.data };
  }

  async function attempt(
    document: string,
    operation: string,
    variables: Variables | undefined,
  ): Promise<Outcome> {
    const cost = await pacer.reserve(() => expectedCost.get(document) ?? UNKNOWN_DOCUMENT_COST);
    stats.requests += 1;
    let status: ThrottleStatus | null = null;
    try {
      const reply = await replyOf(() =>
        options.graphql(document, {
          ...(variables ? { variables } : {}),
          signal: AbortSignal.timeout(timeoutMs),
        }),
      );
      if ("kind" in reply) return reply;
      status = recordCost(document, operation, isRecord(reply.body) ? reply.body.extensions : undefined);
      const outcome = classify(reply, operation);
      if (outcome.kind === "throttled") stats.throttledResponses += 1;
      return outcome;
    } finally {
      pacer.settle(cost, status);
    }
  }

  /** Equal jitter: between half and all of an exponentially growing delay, or what Retry-After asks. */
  function retryDelay(retry: number, retryAfter: number | null): number {
    const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
    return Math.max(Math.round(ceiling * (0.5 + random() / 2)), retryAfter ?? 0);
  }

  function giveUp(
    operation: string,
    outcome: Exclude<Outcome, { kind: "data" } | { kind: "fatal" }>,
    attempts: number,
  ) {
    if (outcome.kind === "throttled") return new ShopifyThrottledError(operation, attempts);
    if (outcome.kind === "network")
      return new ShopifyHttpError(operation, null, attempts, { cause: outcome.cause });
    if (outcome.errors.length > 0) return new ShopifyGraphqlError(operation, outcome.errors);
    return new ShopifyHttpError(operation, outcome.status, attempts);
  }

  async function run(
    document: string,
    variables: Variables | undefined,
    isMutation: boolean,
  ): Promise<unknown> {
    const { operation } = describeDocument(document);
    let startedAt: number | null = null;
    for (let attempts = 1; ; attempts += 1) {
      const outcome = await attempt(document, operation, variables);
      startedAt ??= now();
      if (outcome.kind === "data") return outcome.data;
      if (outcome.kind === "fatal") throw outcome.error;
      if (isMutation && outcome.kind !== "throttled") {
        const status = outcome.kind === "server" ? outcome.status : null;
        const cause = outcome.kind === "network" ? outcome.cause : undefined;
        log("warn", `Shopify ${operation}: the write may or may not have been applied`, {
          operation,
          status,
        });
        throw new ShopifyUncertainWriteError(operation, status, { cause });
      }
      const delay = retryDelay(attempts, outcome.kind === "network" ? null : outcome.retryAfterMs);
      const reason =
        outcome.kind === "network"
          ? "no answer"
          : outcome.kind === "throttled"
            ? "THROTTLED"
            : `HTTP ${outcome.status}`;
      if (attempts >= maxAttempts || now() - startedAt + delay > maxElapsedMs) {
        log("warn", `Shopify ${operation}: ${reason}; giving up after ${attempts} tries`, {
          operation,
          attempts,
        });
        throw giveUp(operation, outcome, attempts);
      }
      log(
        "info",
        `Shopify ${operation}: ${reason}; retrying in ${delay} ms (try ${attempts + 1} of ${maxAttempts})`,
        {
          operation,
          attempts,
          delay,
        },
      );
      stats.retries += 1;
      await wait(delay);
    }
  }

  return {
    async query(document, variables) {
      if (describeDocument(document).isMutation) {
        throw new Error(
          "ShopifyClient.query was given a mutation; use mutate, which never repeats a write blindly",
        );
      }
      return (await run(document, variables, false)) as never;
    },
    async mutate(document, variables, where) {
      const data = await run(document, variables, true);
      const { operation } = describeDocument(document);
      const list =
        "userErrorsPath" in where
          ? userErrorsAtPath(data, where.userErrorsPath, operation)
          : where.userErrorsAt(data as never);
      const userErrors = userErrorList(list);
      if (userErrors.length > 0) throw new ShopifyUserErrors(operation, userErrors);
      return data as never;
    },
    get stats() {
      return { ...stats };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const defaultLog: ShopifyClientLog = (level, message, detail) => {
  if (level !== "debug") console[level](message, detail ?? "");
};

import { randomUUID } from "node:crypto";
import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  type DocumentNode,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from "graphql";
import { actualQueryCost, MAX_QUERY_COST, requestedQueryCost, type CostedOperation } from "./cost";
import { shopifyParseError, validateLikeShopify, type ShopifyError } from "./errors";
import type { Faults } from "./faults";
import type { LocalContext } from "./local-context";
import { fragmentsOf } from "./selection";
import type { CostBucket } from "./throttle";

const RATE_LIMITS_DOCUMENTATION = "https://shopify.dev/api/usage/rate-limits";

export interface GraphqlEndpointOptions {
  schema(): GraphQLSchema;
  bucket: CostBucket;
  faults: Faults;
  sleep(ms: number): Promise<void>;
  context(origin: string): LocalContext;
  log(message: string, detail?: unknown): void;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

/** The failure pages Shopify answers with when something breaks on its side. */
function serverError(status: 500 | 502 | 503): Response {
  if (status === 500) {
    const requestId = randomUUID();
    return json(
      {
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
          },
        ],
      },
      500,
    );
  }
  const title = status === 502 ? "502 Bad Gateway" : "503 Service Unavailable";
  return new Response(
    `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
    {
      status,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        ...(status === 503 ? { "Retry-After": "1" } : {}),
      },
    },
  );
}

interface GraphqlRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | undefined;
}

async function readRequest(request: Request): Promise<GraphqlRequest | null> {
  const text = await request.text();
  if ((request.headers.get("Content-Type") ?? "").includes("application/graphql")) {
    return { query: text, variables: {}, operationName: undefined };
  }
  try {
    const body = JSON.parse(text) as { query?: unknown; variables?: unknown; operationName?: unknown };
    const variables = body.variables !== null && typeof body.variables === "object" ? body.variables : {};
    return {
      query: typeof body.query === "string" ? body.query : "",
      variables: variables as Record<string, unknown>,
      operationName:
        typeof body.operationName === "string" && body.operationName ? body.operationName : undefined,
    };
  } catch {
    return null;
  }
}

/** graphql-ruby's wording for variables the request did not provide correctly. */
function variableErrors(errors: readonly GraphQLError[], variables: Record<string, unknown>): ShopifyError[] {
  return errors.map((error) => {
    const definition = error.nodes?.find(
      (node): node is VariableDefinitionNode => node.kind === Kind.VARIABLE_DEFINITION,
    );
    const name = definition?.variable.name.value ?? "";
    const type = definition ? definition.type : undefined;
    const typeName = type ? printType(type) : "";
    return {
      message: `Variable $${name} of type ${typeName} was provided invalid value`,
      locations: error.locations,
      extensions: {
        code: "INVALID_VARIABLE",
        value: variables[name] ?? null,
        problems: [{ path: [], explanation: error.message }],
      },
    };
  });
}

function printType(type: VariableDefinitionNode["type"]): string {
  if (type.kind === Kind.NON_NULL_TYPE) return `${printType(type.type)}!`;
  if (type.kind === Kind.LIST_TYPE) return `[${printType(type.type)}]`;
  return type.name.value;
}

/** Execution errors as Shopify shows them; unexpected exceptions become INTERNAL_SERVER_ERROR. */
function executionError(error: GraphQLError, log: GraphqlEndpointOptions["log"]): ShopifyError {
  if (error.originalError && !(error.originalError instanceof GraphQLError)) {
    log("local Shopify: a resolver broke", error.originalError);
    return {
      message: "Internal error. Looks like something went wrong on our end.",
      locations: error.locations,
      path: error.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  }
  return error.toJSON();
}

/**
 * POST /admin/api/2026-10/graphql.json after authentication: injected faults, parsing and
 * validation against Shopify's schema, the requested cost against the single-query limit and
 * the leaky bucket, execution, and the refund of what the query did not use.
 */
export async function answerGraphql(request: Request, origin: string, options: GraphqlEndpointOptions) {
  const fault = options.faults.request();
  if (fault?.kind === "server-error") return serverError(fault.status);

  const body = await readRequest(request);
  if (!body) return json({ errors: "Invalid JSON in request body" }, 400);
  if (!body.query.trim()) {
    return json({
      errors: [{ message: "No query string was present", extensions: { code: "PARSE_ERROR" } }],
    });
  }
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return json({ errors: [shopifyParseError(error as GraphQLError)] });
  }
  const schema = options.schema();
  const validation = validateLikeShopify(schema, document);
  if (validation.length > 0) return json({ errors: validation });
  const operation = getOperationAST(document, body.operationName);
  if (!operation) {
    const message = body.operationName
      ? `No operation named "${body.operationName}"`
      : "An operation name is required";
    return json({ errors: [{ message, extensions: { code: "OPERATION_NAME_REQUIRED" } }] });
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], body.variables);
  if (coerced.errors) return json({ errors: variableErrors(coerced.errors, body.variables) });

  const costed: CostedOperation = {
    schema,
    operation,
    fragments: fragmentsOf(document),
    variables: coerced.coerced,
  };
  const requested = requestedQueryCost(costed);
  const cost = (actual: number | null) => ({
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: options.bucket.status(),
  });
  if (requested > MAX_QUERY_COST) {
    return json({
      errors: [
        {
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/api/usage/bulk-operations/queries for usage details.\n`,
          extensions: {
            code: "MAX_COST_EXCEEDED",
            cost: requested,
            maxCost: MAX_QUERY_COST,
            documentation: RATE_LIMITS_DOCUMENTATION,
          },
        },
      ],
      extensions: { cost: cost(null) },
    });
  }
  if (fault?.kind === "throttle" || !options.bucket.take(requested)) {
    return json({
      errors: [
        { message: "Throttled", extensions: { code: "THROTTLED", documentation: RATE_LIMITS_DOCUMENTATION } },
      ],
      extensions: { cost: cost(null) },
    });
  }

  const delay = options.faults.delay();
  if (delay > 0) await options.sleep(delay);
  const context = options.context(origin);
  const result = await execute({
    schema,
    document,
    operationName: body.operationName,
    variableValues: body.variables,
    contextValue: context,
    rootValue: {},
  });
  const actual = actualQueryCost(costed, result.data, requested);
  options.bucket.refund(requested - actual);
  return json({
    ...(result.errors ? { errors: result.errors.map((error) => executionError(error, options.log)) } : {}),
    data: result.data ?? null,
    extensions: {
      cost: cost(actual),
      ...(context.searchReports.length > 0 ? { search: context.searchReports } : {}),
    },
  });
}

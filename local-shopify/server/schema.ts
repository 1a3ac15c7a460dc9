import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

export const API_VERSION = "2026-10";

// The package's exports do not include its data folder, so the file is read from node_modules.
const introspectionFile = path.resolve(
  import.meta.dirname,
  `../../node_modules/@shopify/dev-mcp/dist/data/admin_${API_VERSION}.json.gz`,
);

let schema: GraphQLSchema | undefined;

/** Shopify's published Admin API schema (built once per process: it takes ~300 ms). */
export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const json = JSON.parse(gunzipSync(readFileSync(introspectionFile)).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    schema = buildClientSchema(json.data);
  }
  return schema;
}

/** Relay connections are recognised by shape, the way Shopify's cost and bulk rules see them. */
export function isConnectionType(type: GraphQLNamedType): boolean {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "edges" in fields && "pageInfo" in fields;
}

const searchFieldCache = new Map<string, ReadonlySet<string>>();

/**
 * The search fields Shopify accepts in a connection's `query` argument. Shopify documents them
 * in the argument's description as a markdown table (`| created_at | time | ...`); terms on
 * any other field are ignored with a warning, so this list is what separates "unknown to
 * Shopify" from "known but not implemented here".
 */
export function searchFieldsOf(parentType: string, fieldName: string): ReadonlySet<string> {
  const key = `${parentType}.${fieldName}`;
  let fields = searchFieldCache.get(key);
  if (!fields) {
    const type = adminSchema().getType(parentType);
    const description = isObjectType(type)
      ? (type.getFields()[fieldName]?.args.find((arg) => arg.name === "query")?.description ?? "")
      : "";
    fields = new Set(
      [...description.matchAll(/^\| ([a-z_0-9]+) \| [a-z]+ \|/gm)]
        .map((match) => match[1] ?? "")
        .filter((name) => name !== "name" && name !== "default"),
    );
    searchFieldCache.set(key, fields);
  }
  return fields;
}

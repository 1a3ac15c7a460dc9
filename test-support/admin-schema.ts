import { readFileSync } from "node:fs";
import path from "node:path";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

const schemaFile = path.resolve(import.meta.dirname, "../app/types/admin-2026-10.schema.json");
let schema: GraphQLSchema | undefined;

/** Shopify's published Admin API schema for 2026-10 (extracted by `npm run graphql:schema`). */
export function adminSchema(): GraphQLSchema {
  if (!schema) {
    const introspection = JSON.parse(readFileSync(schemaFile, "utf8")) as { data: IntrospectionQuery };
    schema = buildClientSchema(introspection.data);
  }
  return schema;
}

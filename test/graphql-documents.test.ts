import path from "node:path";
import { parse, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../test-support/admin-schema";
import { collectDocuments, validateDocument } from "../test-support/graphql-documents";

const root = path.resolve(import.meta.dirname, "..");
const documents = collectDocuments([path.join(root, "app"), path.join(root, "extensions")]);

describe("GraphQL documents against Shopify's Admin API 2026-10 schema", () => {
  it("finds the app's documents", () => {
    expect(documents.map((document) => path.relative(root, document.file))).toContain(
      "app/shopify/shop-details.server.ts",
    );
  });

  it.each(documents.map((document) => [path.relative(root, document.file), document.body] as const))(
    "%s is valid, uses no deprecated field and holds one named operation",
    (_file, body) => {
      expect(validateDocument(adminSchema(), body)).toEqual([]);
      const operations = parse(body).definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === "OperationDefinition",
      );
      expect(operations).toHaveLength(1);
      expect(operations[0]?.name?.value).toMatch(/^[A-Z]\w+$/);
    },
  );

  // The check itself must be able to fail: these are the mistakes it exists to catch.
  it.each([
    ["an unknown field", "query A { shop { name favouriteColour } }", /Cannot query field "favouriteColour"/],
    [
      "a wrong argument",
      "query B { products(first: 5, colour: RED) { nodes { id } } }",
      /Unknown argument "colour"/,
    ],
    ["a deprecated field", "query C { shop { plan { displayName } } }", /displayName is deprecated/],
    ["a missing required argument", "query D { product { id } }", /argument "id" of type "ID!" is required/],
  ])("rejects %s", (_what, body, message) => {
    expect(validateDocument(adminSchema(), body).join("\n")).toMatch(message);
  });
});

import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { parse, print } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../../test-support/admin-schema";
import { validateDocument } from "../../test-support/graphql-documents";
import { BULK_QUERIES } from "./bulk.server";
import { readJsonl } from "./jsonl.server";
import { SYNC_RESOURCES } from "./records";

/*
 * The bulk queries are strings Shopify receives as a variable, so the documents test and codegen
 * never see them: they are checked here against the 2026-10 schema, deprecated fields included.
 * (The local Shopify checks Shopify's bulk rules on them in bulk.test.ts.) docs/data-contract.md
 * must quote them, and its example lines must be accepted.
 */

const contract = readFileSync(path.resolve(import.meta.dirname, "../../docs/data-contract.md"), "utf8");

/** The fenced block of a language under a `### <heading>` of the contract. */
function block(heading: string, language: string): string {
  const section = contract.split(`\n### ${heading}\n`)[1] ?? "";
  return new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(section)?.[1] ?? "";
}

describe("bulk export queries", () => {
  it.each(Object.entries(BULK_QUERIES))(
    "%s is valid against Shopify's 2026-10 schema",
    (_resource, query) => {
      expect(validateDocument(adminSchema(), query)).toEqual([]);
    },
  );

  it("would catch a field the schema does not have", () => {
    expect(validateDocument(adminSchema(), BULK_QUERIES.products.replace("handle", "slug"))).toEqual([
      'Cannot query field "slug" on type "Product".',
    ]);
  });
});

describe("docs/data-contract.md", () => {
  it.each(SYNC_RESOURCES)("quotes the %s query exactly", (resource) => {
    expect(print(parse(block(resource, "graphql")))).toBe(print(parse(BULK_QUERIES[resource])));
  });

  it.each(SYNC_RESOURCES)("shows %s lines the ingestion accepts", async (resource) => {
    const example = block(`${resource}.jsonl`, "jsonl");
    let objects = 0;
    const source = Readable.from([Buffer.from(example)]);
    for await (const batch of readJsonl(source, resource, { timeZone: "UTC", currencyCode: "USD" })) {
      objects = batch.objects;
    }
    expect(objects).toBe(example.trim().split("\n").length);
  });
});

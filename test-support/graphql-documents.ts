import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gqlPluckFromCodeStringSync } from "@graphql-tools/graphql-tag-pluck";
import { pluckConfig } from "@shopify/api-codegen-preset";
import { NoDeprecatedCustomRule, parse, specifiedRules, validate, type GraphQLSchema } from "graphql";

export interface FoundDocument {
  file: string;
  body: string;
}

const CODE_FILE = /\.(ts|tsx|js|jsx)$/;

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === "node_modules" || entry === "types" || entry.startsWith(".")) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}

/** Every GraphQL document in the given folders: `#graphql` template literals and .graphql files. */
export function collectDocuments(dirs: string[]): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const dir of dirs) {
    for (const file of walk(dir)) {
      if (file.endsWith(".graphql")) {
        found.push({ file, body: readFileSync(file, "utf8") });
      } else if (CODE_FILE.test(file) && !/\.test\.tsx?$/.test(file)) {
        // The same rules codegen uses to find `#graphql` documents, so both see the same set.
        const sources = gqlPluckFromCodeStringSync(file, readFileSync(file, "utf8"), pluckConfig);
        for (const source of sources) found.push({ file, body: source.body });
      }
    }
  }
  return found;
}

/** Errors Shopify would answer, plus deprecated fields (which Shopify accepts but will remove). */
export function validateDocument(schema: GraphQLSchema, body: string): string[] {
  try {
    const document = parse(body);
    return validate(schema, document, [...specifiedRules, NoDeprecatedCustomRule]).map(
      (error) => error.message,
    );
  } catch (error) {
    return [(error as Error).message];
  }
}

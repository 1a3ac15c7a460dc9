// Writes Shopify's real Admin API introspection for the app's API version (shipped gzipped in
// @shopify/dev-mcp) where the codegen preset looks for it, so codegen and the schema test work
// offline and against exactly the schema Shopify publishes.
import { createReadStream, createWriteStream, mkdirSync, existsSync } from "node:fs";
import { createGunzip } from "node:zlib";
import { pipeline } from "node:stream/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ADMIN_API_VERSION = "2026-10";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const adminSchemaFile = path.join(root, `app/types/admin-${ADMIN_API_VERSION}.schema.json`);

// The package's exports do not include its data folder, so it is read from node_modules directly.
const source = path.join(root, `node_modules/@shopify/dev-mcp/dist/data/admin_${ADMIN_API_VERSION}.json.gz`);

if (!existsSync(source)) {
  console.error(`${source} not found: is @shopify/dev-mcp installed?`);
  process.exit(1);
}
mkdirSync(path.dirname(adminSchemaFile), { recursive: true });
await pipeline(createReadStream(source), createGunzip(), createWriteStream(adminSchemaFile));
console.log(`wrote ${path.relative(root, adminSchemaFile)}`);

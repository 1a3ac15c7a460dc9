// Writes prisma/postgresql/schema.prisma from prisma/schema.prisma. Prisma binds a schema to one
// provider, and a client generated for SQLite refuses a PostgreSQL adapter, so the PostgreSQL
// client needs its own schema file; generating it keeps the model definitions in one place.
// `--check` exits 1 when the committed file is out of date (run by the test suite).
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const source = path.join(root, "prisma/schema.prisma");
const target = path.join(root, "prisma/postgresql/schema.prisma");

export function postgresSchema(sqliteSchema) {
  const replaced = sqliteSchema
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    // The SQLite client is the default @prisma/client (Shopify's session storage imports that one).
    .replace(
      /engineType\s*=\s*"client"/,
      'engineType = "client"\n  output     = "../../node_modules/.prisma/shelfwise-postgresql"',
    )
    .replace(/url\s*=\s*"file:[^"]*"/, 'url      = env("DATABASE_URL")');
  for (const expected of [
    '"postgresql"',
    '"../../node_modules/.prisma/shelfwise-postgresql"',
    'env("DATABASE_URL")',
  ]) {
    if (!replaced.includes(expected)) throw new Error(`prisma/schema.prisma: could not set ${expected}`);
  }
  return `// GENERATED from prisma/schema.prisma by scripts/prisma-schemas.mjs: edit that file instead.\n${replaced}`;
}

const wanted = postgresSchema(readFileSync(source, "utf8"));
if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(target, "utf8");
  } catch {
    // missing counts as out of date
  }
  if (current !== wanted) {
    console.error("prisma/postgresql/schema.prisma is out of date: run `npm run db:schemas`.");
    process.exit(1);
  }
} else {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, wanted);
  console.log("wrote prisma/postgresql/schema.prisma");
}

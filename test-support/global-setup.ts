import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { migrateSqlite } from "../scripts/db-migrate.mjs";

export const TEMPLATE_SQLITE = path.resolve(import.meta.dirname, "../tmp/test-template.sqlite");

/** Applies the migrations once to a template SQLite file that each test file copies. */
export default function setup() {
  mkdirSync(path.dirname(TEMPLATE_SQLITE), { recursive: true });
  rmSync(TEMPLATE_SQLITE, { force: true });
  for (const file of readdirSync(path.dirname(TEMPLATE_SQLITE))) {
    if (/^test-\d+\.sqlite/.test(file))
      rmSync(path.join(path.dirname(TEMPLATE_SQLITE), file), { force: true });
  }
  migrateSqlite(`file:${TEMPLATE_SQLITE}`);
}

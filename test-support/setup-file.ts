import { copyFileSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";

// Each test file gets a fresh copy of this run's migrated SQLite template before the app's
// modules load, in a file of its own worker process (workers run in parallel).
const template = inject("templateSqlite");
const file = path.join(path.dirname(template), `${path.basename(template, ".sqlite")}-${process.pid}.sqlite`);
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
globalThis.shelfwiseDb = undefined;

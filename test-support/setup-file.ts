import { copyFileSync } from "node:fs";
import path from "node:path";

// Each test file gets a fresh copy of the migrated SQLite database before the app's modules load,
// in a file of its worker process's own (workers run in parallel; VITEST_POOL_ID is not unique).
const template = path.resolve(import.meta.dirname, "../tmp/test-template.sqlite");
const file = path.resolve(import.meta.dirname, `../tmp/test-${process.pid}.sqlite`);
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
globalThis.shelfwiseDb = undefined;

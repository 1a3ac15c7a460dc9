import { copyFileSync } from "node:fs";
import path from "node:path";

// Each test file gets a fresh copy of the migrated SQLite database before the app's modules load.
const template = path.resolve(import.meta.dirname, "../tmp/test-template.sqlite");
const file = path.resolve(import.meta.dirname, `../tmp/test-${process.env.VITEST_POOL_ID ?? "0"}.sqlite`);
copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;
globalThis.shelfwiseDb = undefined;

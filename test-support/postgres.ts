import { randomBytes } from "node:crypto";
import pg from "pg";
import { migratePostgres } from "../scripts/db-migrate.mjs";
import { createDb, type Db } from "../app/db-client.server";

// PostgreSQL runs on 127.0.0.1:5432 on the project's machines and in CI (README: "Tests").
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A new, migrated PostgreSQL database of its own; `drop()` removes it. */
export async function createPostgresTestDb(): Promise<TestDatabase> {
  const name = `shelfwise_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migratePostgres(url.toString());
  const db = createDb(url.toString());
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.$disconnect();
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** The test file's SQLite copy (see setup-file.ts); dropping it is left to the test run. */
async function openSqliteTestDb(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL!;
  return { db: createDb(url), url, drop: async () => {} };
}

/** For `describe.each`: the data-layer code runs against both databases the app supports. */
export const BOTH_DATABASES: Array<[string, () => Promise<TestDatabase>]> = [
  ["SQLite", openSqliteTestDb],
  ["PostgreSQL", createPostgresTestDb],
];

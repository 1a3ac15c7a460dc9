// Applies the committed migrations to DATABASE_URL (default: the embedded SQLite file).
//
// SQLite: `prisma migrate deploy`. PostgreSQL: Prisma's JavaScript schema engine cannot run
// `migrate deploy` there (it fails reading the `name` column type, a known Prisma 6 issue), and the
// Rust engine cannot be downloaded offline. So this applies prisma/postgresql/migrations itself,
// the way `migrate deploy` does: under Prisma's advisory lock, each pending migration in its own
// transaction, recorded in Prisma's `_prisma_migrations` table with the same checksum, so the
// stock `prisma migrate deploy` recognises the history on a machine where it works.
// See docs/decisions/0001-two-databases.md.
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";
// The lock id Prisma Migrate takes, so this runner and `prisma migrate deploy` exclude each other.
const PRISMA_MIGRATE_LOCK_ID = 72707369;

export function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//.test(url);
}

export function migrateSqlite(databaseUrl) {
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/prisma/build/index.js"), "migrate", "deploy"],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" },
  );
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** @returns {Promise<string[]>} the names of the migrations it applied */
export async function migratePostgres(databaseUrl, log = () => {}) {
  const migrationsDir = path.join(root, "prisma/postgresql/migrations");
  const names = readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(migrationsDir, entry.name, "migration.sql")),
    )
    .map((entry) => entry.name)
    .sort();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((row) => [row.migration_name, row]));
    for (const name of names) {
      const sql = readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = done.get(name);
      if (previous?.finished_at) {
        if (previous.checksum !== checksum) {
          log(`warning: migration ${name} was modified after it was applied`);
        }
        continue;
      }
      if (previous) {
        throw new Error(
          `migration ${name} failed earlier and was not rolled back: fix the database, then mark it rolled back`,
        );
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
           VALUES ($1, $2, $3, now(), 1)`,
          [randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed and was rolled back: ${error.message}`);
      }
      applied.push(name);
      log(`applied ${name}`);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK_ID]).catch(() => {});
    await client.end();
  }
  return applied;
}

export async function migrate(databaseUrl, log = () => {}) {
  if (isPostgresUrl(databaseUrl)) {
    const applied = await migratePostgres(databaseUrl, log);
    log(
      applied.length
        ? `PostgreSQL: ${applied.length} migration(s) applied`
        : "PostgreSQL: already up to date",
    );
  } else {
    log(migrateSqlite(databaseUrl).trim());
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  migrate(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, (line) => console.log(line)).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}

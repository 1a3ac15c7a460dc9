import { createRequire } from "node:module";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";

export type Db = PrismaClient;

const require = createRequire(import.meta.url);

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//.test(url);

/**
 * A Prisma client for either database. Both clients are generated from the same models
 * (prisma/postgresql/schema.prisma is generated from prisma/schema.prisma), so the PostgreSQL
 * client has the same API and is typed as the SQLite one. It lives in node_modules/.prisma,
 * beside the default client, where npm installs leave it alone; only require() resolves that path.
 */
export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    const postgres = require(".prisma/shelfwise-postgresql") as { PrismaClient: typeof PrismaClient };
    return new postgres.PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  }
  const factory = new PrismaBetterSQLite3({ url: databaseUrl });
  const connect = factory.connect.bind(factory);
  let connection: SqliteConnection | undefined;
  factory.connect = async () => {
    const adapter = await connect();
    const client = (adapter as unknown as { client?: Partial<SqliteConnection> }).client;
    connection =
      typeof client?.prepare === "function" && typeof client.inTransaction === "boolean"
        ? (client as SqliteConnection)
        : undefined;
    return adapter;
  };
  const db = new PrismaClient({ adapter: factory });
  sqliteConnections.set(db, () => connection);
  return db;
}

/** The parts of better-sqlite3's Database that bulk writes use. */
export interface SqliteConnection {
  prepare(sql: string): { run(...values: unknown[]): unknown };
  readonly inTransaction: boolean;
}

const sqliteConnections = new WeakMap<Db, () => SqliteConnection | undefined>();

/**
 * The better-sqlite3 connection under a SQLite client, once it has connected; undefined for
 * PostgreSQL or when the adapter does not expose one (it is the adapter's `client` field, not a
 * documented API, so callers must work without it). Prisma runs every query and transaction of
 * the client on this one connection, so a statement run on it inside an open Prisma transaction
 * is part of that transaction. The sync's bulk inserts use it to skip Prisma's per-query work,
 * which costs more than SQLite's own at a million rows (docs/decisions/0006-bulk-order-import.md).
 */
export function sqliteConnection(db: Db): SqliteConnection | undefined {
  return sqliteConnections.get(db)?.();
}

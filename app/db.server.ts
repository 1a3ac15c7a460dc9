import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@shelfwise/db-postgresql";
import { env, isPostgresUrl } from "./env.server";

export type Db = PrismaClient;

/**
 * A Prisma client for either database. Both generated clients come from the same models
 * (prisma/postgresql/schema.prisma is generated from prisma/schema.prisma), so the PostgreSQL
 * client has the same API and is typed as the SQLite one.
 */
export function createDb(databaseUrl: string): Db {
  if (isPostgresUrl(databaseUrl)) {
    const client = new PostgresPrismaClient({
      adapter: new PrismaPg({ connectionString: databaseUrl }),
    });
    return client as unknown as Db;
  }
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

declare global {
  // Kept across dev-server rebuilds so that reloading does not open a new pool each time.
  var shelfwiseDb: Db | undefined;
}

export const db: Db = (globalThis.shelfwiseDb ??= createDb(env().DATABASE_URL));

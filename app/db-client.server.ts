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
  return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: databaseUrl }) });
}

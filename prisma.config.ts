import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

// Prisma's Rust engines cannot be downloaded on machines without internet, so the CLI runs its
// JavaScript schema engine through a driver adapter (docs/decisions/0001-two-databases.md).
const databaseUrl = process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
const isPostgres = /^postgres(ql)?:\/\//.test(databaseUrl);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", isPostgres ? "postgresql/schema.prisma" : "schema.prisma"),
  async adapter() {
    return isPostgres
      ? new PrismaPg({ connectionString: databaseUrl })
      : new PrismaBetterSQLite3({ url: databaseUrl });
  },
});

import { Prisma } from "@prisma/client";
import type { Db, SqliteConnection } from "../db-client.server";
import type { SyncTable, TableRows } from "./records";

/*
 * Bulk rows for the sync. PostgreSQL: many rows in one statement, each column travelling as one
 * array parameter that the database unpacks (unnest); Prisma's createMany costs about 90 µs a row
 * here (its query compiler handles every value), one JSON parameter unpacked by
 * json_array_elements about 24 µs, this about 18 µs (docs/decisions/0009). SQLite: one
 * prepared INSERT run per row on the client's own connection inside Prisma's transaction, which
 * skips Prisma's per-query work and SQLite's JSON parsing (about 6 µs a row with its indexes
 * deferred; docs/decisions/0006-bulk-order-import.md). The JSON form (json_each) stays for a
 * client without that connection. The columns come from Prisma's own model, so the statements
 * follow the schema.
 */

export type Dialect = "sqlite" | "postgresql";
export type DbOrTx = Db | Prisma.TransactionClient;

/** Which database a client talks to (both are typed as the SQLite client; see db-client.server). */
export function dialectOf(db: DbOrTx): Dialect {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider === "sqlite" || provider === "postgresql") return provider;
  throw new Error(`Sync writes support SQLite and PostgreSQL, not ${provider ?? "an unknown database"}`);
}

interface Column {
  name: string;
  type: string;
}

const PG_TYPES: Record<string, string> = {
  String: "text",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Boolean: "boolean",
  DateTime: "timestamp(3)",
};

const statements = new Map<string, { sql: string; columns: Column[] }>();

function statementFor(table: string, dialect: Dialect) {
  const key = `${dialect}:${table}`;
  let statement = statements.get(key);
  if (!statement) {
    const model = Prisma.dmmf.datamodel.models.find((one) => one.name === table);
    if (!model) throw new Error(`No model ${table} in the Prisma schema`);
    const columns = model.fields
      .filter((field) => field.kind === "scalar")
      .map((field) => ({ name: field.name, type: field.type }));
    const names = columns.map((column) => `"${column.name}"`).join(", ");
    const sql =
      dialect === "sqlite"
        ? `INSERT INTO "${table}" (${names}) SELECT ${columns.map((_, index) => `value->>${index}`).join(", ")} FROM json_each(?)`
        : `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${columns
            .map((column, index) => `$${index + 1}::${PG_TYPES[column.type] ?? "text"}[]`)
            .join(", ")})`;
    statement = { sql, columns };
    statements.set(key, statement);
  }
  return statement;
}

/** Runs a statement of statementFor with rows already encoded column by column. */
function insertEncoded(
  db: DbOrTx,
  dialect: Dialect,
  statement: { sql: string; columns: Column[] },
  rows: unknown[][],
): Promise<number> {
  if (dialect === "sqlite") return db.$executeRawUnsafe(statement.sql, JSON.stringify(rows));
  return db.$executeRawUnsafe(
    statement.sql,
    ...statement.columns.map((_, column) => rows.map((row) => row[column])),
  );
}

/** A Date as each database keeps it: SQLite as Prisma's adapter writes it, PostgreSQL as UTC. */
const encodeDate = (dialect: Dialect, date: Date) =>
  dialect === "sqlite" ? date.toISOString().replace("Z", "+00:00") : date.toISOString();

const fieldOf = (row: object, name: string): unknown => (row as Record<string, unknown>)[name];

/**
 * Rows per SQLite INSERT: one statement call per 64 rows instead of per row saves about a third
 * of the time better-sqlite3 spends per row at a million rows, well under SQLite's 32,766
 * parameters for the widest synced table.
 */
const ROWS_PER_SQLITE_INSERT = 64;

const prepared = new WeakMap<SqliteConnection, Map<string, ReturnType<SqliteConnection["prepare"]>>>();

function preparedInsert(
  connection: SqliteConnection,
  table: SyncTable,
  columns: readonly Column[],
  rows: number,
) {
  let statements = prepared.get(connection);
  if (!statements) prepared.set(connection, (statements = new Map()));
  const key = `${table}:${rows}`;
  let statement = statements.get(key);
  if (!statement) {
    const names = columns.map((column) => `"${column.name}"`).join(", ");
    const row = `(${columns.map(() => "?").join(", ")})`;
    statement = connection.prepare(
      `INSERT INTO "${table}" (${names}) VALUES ${Array(rows).fill(row).join(", ")}`,
    );
    statements.set(key, statement);
  }
  return statement;
}

/**
 * Inserts rows of a synced table for a shop. `syncedAt` fills the column of that name where the
 * table has one. Returns the number of rows written. With the SQLite client's own connection
 * (db-client.server, sqliteConnection), inside the transaction that `db` holds, rows go through
 * one prepared statement instead of a JSON parameter through Prisma: a third of the cost.
 */
export async function insertRows<T extends SyncTable>(
  db: DbOrTx,
  dialect: Dialect,
  table: T,
  shop: string,
  rows: ReadonlyArray<TableRows[T]>,
  syncedAt: Date,
  connection?: SqliteConnection,
): Promise<number> {
  if (rows.length === 0) return 0;
  const statement = statementFor(table, dialect);
  const { columns } = statement;
  const encodedSyncedAt = encodeDate(dialect, syncedAt);
  const encodeValue = (row: TableRows[T], name: string): unknown => {
    if (name === "shop") return shop;
    if (name === "syncedAt") return encodedSyncedAt;
    const value = fieldOf(row, name);
    if (value === undefined) throw new Error(`${table} row without ${name}`);
    return value instanceof Date ? encodeDate(dialect, value) : value;
  };
  if (connection) {
    // Prisma's transaction runs on this connection; outside one, the rows would commit alone.
    if (!connection.inTransaction) throw new Error(`${table}: direct inserts need an open transaction`);
    const width = columns.length;
    const runRows = (from: number, count: number) => {
      const values = new Array<unknown>(count * width);
      for (let index = 0; index < count; index++) {
        const row = rows[from + index]!;
        for (let column = 0; column < width; column++) {
          const value = encodeValue(row, columns[column]!.name);
          values[index * width + column] = typeof value === "boolean" ? Number(value) : value;
        }
      }
      preparedInsert(connection, table, columns, count).run(values);
    };
    const whole = rows.length - (rows.length % ROWS_PER_SQLITE_INSERT);
    for (let from = 0; from < whole; from += ROWS_PER_SQLITE_INSERT) runRows(from, ROWS_PER_SQLITE_INSERT);
    for (let from = whole; from < rows.length; from++) runRows(from, 1);
    return rows.length;
  }
  return insertEncoded(
    db,
    dialect,
    statement,
    rows.map((row) => columns.map(({ name }) => encodeValue(row, name))),
  );
}

/**
 * Inserts rows of any model through the same many-rows statement, every column given
 * (defaults such as generated ids are the caller's). For result tables written whole, such as the
 * analysis' tens of thousands of rows per run, where createMany would take seconds.
 */
export async function insertModelRows(
  db: DbOrTx,
  table: Prisma.ModelName,
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const dialect = dialectOf(db);
  const statement = statementFor(table, dialect);
  const encoded = rows.map((row) =>
    statement.columns.map(({ name }) => {
      const value = row[name];
      if (value === undefined) throw new Error(`${table} row without ${name}`);
      if (value instanceof Date) return encodeDate(dialect, value);
      // JSON has no 64-bit integers; both databases read the digits back into a BIGINT column.
      return typeof value === "bigint" ? value.toString() : value;
    }),
  );
  return insertEncoded(db, dialect, statement, encoded);
}

import { createDb, type Db } from "./db-client.server";
import { env } from "./env.server";

export { createDb, type Db };

declare global {
  // Kept across dev-server rebuilds so that reloading does not open a new pool each time.
  var shelfwiseDb: Db | undefined;
}

/** The app's database, from DATABASE_URL. */
export const db: Db = (globalThis.shelfwiseDb ??= createDb(env().DATABASE_URL));

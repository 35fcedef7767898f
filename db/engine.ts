import { SqliteAdapter } from "kysely";

export type Engine = "sqlite" | "postgres";

/** Which engine runs `db` (a transaction included): for the few places the two must differ. */
export function engineOf(db: { getExecutor(): { readonly adapter: unknown } }): Engine {
  return db.getExecutor().adapter instanceof SqliteAdapter ? "sqlite" : "postgres";
}

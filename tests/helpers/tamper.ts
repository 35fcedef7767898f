import SQLite from "better-sqlite3";
import type { DatabaseTarget } from "#db/client";
import { asSuperuser } from "./postgres";

/**
 * A forger with the database's own powers, behind the app's back: drops the
 * audit table's refusal triggers, then runs `statements` (SQL both engines read).
 */
export async function tamperWithAudit(target: DatabaseTarget, statements: string[]): Promise<void> {
  if (target.databaseUrl === null) {
    const sqlite = new SQLite(target.databasePath);
    try {
      sqlite.exec("drop trigger audit_events_no_update; drop trigger audit_events_no_delete;");
      for (const statement of statements) sqlite.exec(statement);
    } finally {
      sqlite.close();
    }
    return;
  }
  const database = new URL(target.databaseUrl).pathname.slice(1);
  await asSuperuser(async (c) => {
    await c.query("drop trigger audit_events_no_update on audit_events");
    await c.query("drop trigger audit_events_no_delete on audit_events");
    for (const statement of statements) await c.query(statement);
  }, database);
}

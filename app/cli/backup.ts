/**
 * npm run db:backup -- FILE [--force]
 *
 * Copies the database at DATABASE_PATH to FILE with SQLite's online backup,
 * while the app keeps running, and prints one JSON line: the path written,
 * its size, and the audit chain's event count and head hash in the copy.
 * Exit 0: written; 2: nothing written (no database, FILE exists without
 * --force, bad arguments, or the copy failed its check).
 */
import fs from "node:fs";
import path from "node:path";
import { BackupRefused, backupDatabase } from "#db/backup.server";

function fail(message: string): never {
  process.stderr.write(`db:backup: ${message}\n`);
  process.exit(2);
}

function parseArgs(args: string[]): { file: string; force: boolean } {
  let file: string | undefined;
  let force = false;
  for (const arg of args) {
    if (arg === "--force") force = true;
    else if (arg.startsWith("-")) fail(`unknown option ${JSON.stringify(arg)}; usage: db:backup -- FILE [--force]`);
    else if (file === undefined) file = arg;
    else fail(`one FILE only, got ${JSON.stringify(file)} and ${JSON.stringify(arg)}`);
  }
  if (file === undefined) fail("name the backup file: npm run db:backup -- FILE");
  return { file, force };
}

async function main(): Promise<void> {
  const { file, force } = parseArgs(process.argv.slice(2));
  // npm runs scripts from the project folder; FILE means what it meant where the command was typed.
  const target = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const source = process.env.DATABASE_PATH ?? "data/tautoko.sqlite";
  // Checked here too, so the message says how to point at the right database.
  if (!fs.existsSync(source)) fail(`no database at ${source} (set DATABASE_PATH)`);
  const result = await backupDatabase(source, target, { overwrite: force });
  process.stdout.write(
    `${JSON.stringify({ path: result.path, bytes: result.bytes, auditEvents: result.auditEvents, head: result.head, milliseconds: result.milliseconds })}\n`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof BackupRefused) fail(error.message);
  fail(`the backup failed: ${error instanceof Error ? error.message : String(error)}`);
});

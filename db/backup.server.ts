import fs from "node:fs";
import path from "node:path";
import { openSqlite } from "#db/client";

/**
 * SQLite's online backup, kept in this one module because only SQLite has it
 * (DESIGN.md, "Beyond one machine"). The copy is a consistent snapshot taken
 * while the app keeps writing: in WAL mode the backup's read transaction does
 * not block writers, and copying every page in one step means another
 * process's commit cannot restart it.
 */

export interface BackupResult {
  /** Absolute path of the backup written. */
  path: string;
  bytes: number;
  /** Audit events in the copy, and the hash of the last: record it to check a restore with `audit:verify -- --head`. */
  auditEvents: number;
  head: string | null;
  milliseconds: number;
}

export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupRefused";
  }
}

/** Copies the database at `source` to `destination`; refuses to replace an existing file unless `overwrite`. */
export async function backupDatabase(
  source: string,
  destination: string,
  options: { overwrite?: boolean } = {},
): Promise<BackupResult> {
  const started = performance.now();
  const target = path.resolve(destination);
  if (!fs.existsSync(source)) throw new BackupRefused(`no database at ${source}`);
  if (!options.overwrite && fs.existsSync(target)) {
    throw new BackupRefused(`${target} already exists; choose another name or pass --force to replace it`);
  }
  if (!fs.existsSync(path.dirname(target)))
    throw new BackupRefused(`the folder ${path.dirname(target)} does not exist`);

  // Written beside the target and moved into place at the end, so an interrupted backup never leaves a half-copy under FILE.
  const partial = `${target}.partial-${process.pid}`;
  const live = openSqlite(source, { readonly: true });
  try {
    await live.backup(partial, { progress: () => 0x7fffffff });
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    live.close();
  }

  let summary: { auditEvents: number; head: string | null };
  try {
    summary = settleCopy(partial);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  if (options.overwrite) {
    fs.renameSync(partial, target);
  } else {
    try {
      // link fails if FILE appeared meanwhile: never replace what someone else wrote.
      fs.linkSync(partial, target);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new BackupRefused(`${target} already exists`);
      throw error;
    }
    fs.rmSync(partial);
  }
  return {
    path: target,
    bytes: fs.statSync(target).size,
    ...summary,
    milliseconds: Math.round(performance.now() - started),
  };
}

/** Makes the copy one self-contained file (no -wal beside it), checks it, and reads its audit head. */
function settleCopy(file: string): { auditEvents: number; head: string | null } {
  const copy = openSqlite(file);
  try {
    copy.pragma("journal_mode = DELETE");
    const integrity = copy.pragma("integrity_check", { simple: true });
    if (integrity !== "ok") throw new Error(`the copy failed SQLite's integrity check: ${String(integrity)}`);
    const last = copy.prepare("select seq, hash from audit_events order by seq desc limit 1").get() as
      { seq: number; hash: string } | undefined;
    const { n } = copy.prepare("select count(*) as n from audit_events").get() as { n: number };
    return { auditEvents: n, head: last?.hash ?? null };
  } finally {
    copy.close();
  }
}

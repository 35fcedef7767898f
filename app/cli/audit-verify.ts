/**
 * npm run -s audit:verify [-- --head HEX]
 *
 * Re-verifies the audit hash chain in the database (DATABASE_URL, else the
 * SQLite file at DATABASE_PATH) and prints
 * one JSON line. Exit 0: intact (and, with --head, that head is in the chain);
 * 1: broken, or the head is not in the chain; 2: could not verify (no database,
 * bad arguments).
 */
import fs from "node:fs";
import { createDb, openDatabase, type DB } from "#db/client";
import { formatVerifyResult, verifyAuditChain } from "~/audit/audit.server";

function fail(message: string): never {
  process.stderr.write(`audit:verify: ${message}\n`);
  process.exit(2);
}

function parseHead(args: string[]): string | undefined {
  let head: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--head") head = args[++i] ?? fail("--head needs a value");
    else if (arg.startsWith("--head=")) head = arg.slice("--head=".length);
    else fail(`unknown argument ${JSON.stringify(arg)}; usage: audit:verify [--head HEX]`);
  }
  if (head !== undefined && !/^[0-9a-fA-F]{64}$/.test(head)) {
    fail(`--head must be 64 hexadecimal characters (a SHA-256), got ${JSON.stringify(head)}`);
  }
  return head?.toLowerCase();
}

function openForReading(): DB {
  const url = process.env.DATABASE_URL;
  if (url) return openDatabase({ databaseUrl: url, databasePath: "" }, { max: 1 });
  const file = process.env.DATABASE_PATH ?? "data/tautoko.sqlite";
  // Checked first: verifying must never create an empty database where the real one is missing.
  if (!fs.existsSync(file)) fail(`no database at ${file} (set DATABASE_PATH or DATABASE_URL)`);
  return createDb(file, { readonly: true });
}

async function main(): Promise<void> {
  const head = parseHead(process.argv.slice(2));
  const db = openForReading();
  try {
    const result = await verifyAuditChain(db, head === undefined ? {} : { head });
    process.stdout.write(`${formatVerifyResult(result)}\n`);
    process.exitCode = result.ok && result.containsHead !== false ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  fail(`could not verify: ${error instanceof Error ? error.message : String(error)}`);
});

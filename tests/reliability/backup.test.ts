import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "#db/client";
import { verifyAuditChain } from "~/audit/audit.server";
import { PROJECT_ROOT } from "~/cli/paths";
import { createTestApp } from "../helpers/app";
import { checkDatabase, startWriter, untilAcknowledged } from "./invariants";

/** Runs an npm script for real, from `cwd`, as someone would type it there. */
function npmRun(cwd: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn("npm", ["run", "-s", "--prefix", PROJECT_ROOT, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

async function auditCount(file: string): Promise<number> {
  const db = createDb(file, { readonly: true });
  try {
    return Number(
      (
        await db
          .selectFrom("audit_events")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  } finally {
    await db.destroy();
  }
}

describe("npm run db:backup", () => {
  it("copies the live database while a writer keeps committing; the copy is intact, verifies, and restores", async () => {
    const app = await createTestApp();
    const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
    const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
    const writer = startWriter(app.env, staff.id, manager.id);
    try {
      await writer.ready();
      writer.go();
      await untilAcknowledged(writer, 5);

      const committedBefore = await auditCount(app.file);
      const acknowledgedBefore = writer.acknowledged().length;
      // A relative FILE means the folder the command was typed in, not the project (npm moves there).
      const backup = await npmRun(app.dir, ["db:backup", "--", "copy.sqlite"], { DATABASE_PATH: app.file });
      expect(backup.stderr).toBe("");
      expect(backup.code).toBe(0);
      // The writer kept committing while the backup ran.
      expect(writer.acknowledged().length).toBeGreaterThan(acknowledgedBefore);
      await writer.kill();

      const file = path.join(app.dir, "copy.sqlite");
      const printed = JSON.parse(backup.stdout) as {
        path: string;
        bytes: number;
        auditEvents: number;
        head: string;
        milliseconds: number;
      };
      expect(printed.path).toBe(file);
      expect(printed.bytes).toBe(fs.statSync(file).size);
      // One self-contained file: nothing is left in a -wal beside it.
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      expect(printed.auditEvents).toBeGreaterThanOrEqual(committedBefore);
      console.log(
        `[reliability] backup: ${printed.bytes} bytes, ${printed.auditEvents} audit events, ${printed.milliseconds} ms, while ${writer.acknowledged().length - acknowledgedBefore} transitions committed alongside`,
      );

      // Restore as the README says: copy the file into place, then verify against the head the backup printed.
      const restored = path.join(app.dir, "restored.sqlite");
      fs.copyFileSync(file, restored);
      const verify = await npmRun(app.dir, ["audit:verify", "--", "--head", printed.head], { DATABASE_PATH: restored });
      expect(verify.code).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({
        ok: true,
        count: printed.auditEvents,
        head: printed.head,
        containsHead: true,
      });

      const check = await checkDatabase(restored);
      expect(check.integrity).toBe("ok");
      expect(check.chain).toMatchObject({ ok: true, count: printed.auditEvents, head: printed.head });
      expect(check.problems).toEqual([]);

      // The live chain moved on from the backup's head without rewriting it.
      const live = createDb(app.file, { readonly: true });
      expect(await verifyAuditChain(live, { head: printed.head })).toMatchObject({ ok: true, containsHead: true });
      await live.destroy();

      // An existing FILE is kept unless --force.
      const before = fs.readFileSync(file);
      const again = await npmRun(app.dir, ["db:backup", "--", "copy.sqlite"], { DATABASE_PATH: app.file });
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already exists.*--force/);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
      const forced = await npmRun(app.dir, ["db:backup", "--", "copy.sqlite", "--force"], { DATABASE_PATH: app.file });
      expect(forced.code).toBe(0);
      expect((JSON.parse(forced.stdout) as { auditEvents: number }).auditEvents).toBe(await auditCount(app.file));
    } finally {
      await writer.kill();
    }
  }, 90_000);

  it("exits 2 with a message, writing nothing, when there is no database at DATABASE_PATH", async () => {
    const app = await createTestApp();
    const missing = path.join(app.dir, "nowhere.sqlite");
    const result = await npmRun(app.dir, ["db:backup", "--", "copy.sqlite"], { DATABASE_PATH: missing });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no database at ${missing}`);
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.existsSync(path.join(app.dir, "copy.sqlite"))).toBe(false);
  }, 30_000);
});

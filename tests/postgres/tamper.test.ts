import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { recordAuditEvent } from "~/audit/audit.server";
import { createTestDb, type TestDb } from "../helpers/db";
import { tamperWithAudit } from "../helpers/tamper";

// Spawns `tsx` for real, which is slow to start on a busy machine.
const SLOW = { timeout: 120_000 };

function auditVerify(databaseUrl: string, ...args: string[]) {
  const result = spawnSync("npx", ["tsx", "app/cli/audit-verify.ts", ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DATABASE_PATH: "/nonexistent/never.sqlite" },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function withFiveEvents(): Promise<TestDb & { heads: string[] }> {
  const test = await createTestDb();
  const heads: string[] = [];
  for (let i = 1; i <= 5; i++) {
    const { hash } = await recordAuditEvent(test.db, {
      at: `2026-11-24T22:5${i}:00.000Z`,
      actorId: i,
      actorRole: "procurement_manager",
      onBehalfOfId: null,
      action: "request.decide",
      requestId: 10 + i,
      fromState: "in_review",
      toState: "declined",
      payload: { reason: `Declined under the guidance, event ${i}` },
    });
    heads.push(hash);
  }
  return { ...test, heads };
}

describe("npm run audit:verify on PostgreSQL (DATABASE_URL)", () => {
  it("exits 0 and prints the head of an intact chain", SLOW, async () => {
    const test = await withFiveEvents();
    const run = auditVerify(test.databaseUrl!);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`{"ok":true,"count":5,"head":"${test.heads[4]}","firstBadSeq":null}\n`);
  });

  it("names the exact seq of an event a superuser changed after dropping the trigger", SLOW, async () => {
    const test = await withFiveEvents();
    await tamperWithAudit(test, ["update audit_events set to_state = 'approved' where seq = 3"]);
    const run = auditVerify(test.databaseUrl!);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, count: 5, head: test.heads[4], firstBadSeq: 3 });
  });

  it("finds a truncated chain against the head recorded earlier", SLOW, async () => {
    const test = await withFiveEvents();
    await tamperWithAudit(test, ["delete from audit_events where seq > 3"]);
    const run = auditVerify(test.databaseUrl!, "--head", test.heads[4]!);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, count: 3, head: test.heads[2], containsHead: false });
  });
});

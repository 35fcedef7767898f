import { describe, expect, it } from "vitest";
import { runAuditVerify, withFiveEvents } from "../helpers/auditVerify";
import { tamperWithAudit } from "../helpers/tamper";

// Spawns `tsx` for real, which is slow to start on a busy machine.
const SLOW = { timeout: 120_000 };

const auditVerify = (databaseUrl: string, ...args: string[]) =>
  runAuditVerify({ DATABASE_URL: databaseUrl, DATABASE_PATH: "/nonexistent/never.sqlite" }, ...args);

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

import { spawnSync } from "node:child_process";
import { recordAuditEvent, type AuditEventInput } from "~/audit/audit.server";
import { createTestDb, type TestDb } from "./db";

/** `audit:verify` for real, in a child process, on the database `env` names (tsx is slow to start when busy). */
export function runAuditVerify(
  env: Record<string, string>,
  ...args: string[]
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("npx", ["tsx", "app/cli/audit-verify.ts", ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh database with a chain of five decisions; `heads` holds each event's hash. */
export async function withFiveEvents(): Promise<TestDb & { heads: string[] }> {
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

/** Staff logging request 1: the first event of many a chain in the tests. */
export const LOGGED_EVENT: AuditEventInput = {
  at: "2026-11-24T22:50:00.000Z",
  actorId: 7,
  actorRole: "staff",
  onBehalfOfId: null,
  action: "request.log",
  requestId: 1,
  fromState: null,
  toState: "escalated",
  payload: { reference: "END-2026-0001", supplier: "Kōwhai Print Ltd", enduring: false },
};

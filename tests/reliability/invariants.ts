import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { sql } from "kysely";
import { engineOf, openDatabase, type DatabaseTarget } from "#db/client";
import { verifyAuditChain } from "~/audit/audit.server";
import { PROJECT_ROOT } from "~/cli/paths";

/** How much longer to run when `npm run test:soak` sets SOAK (SOAK=1 → ×10; SOAK=N>1 → ×N). */
export function soakFactor(): number {
  const soak = process.env.SOAK;
  if (!soak) return 1;
  const n = Number(soak);
  return Number.isFinite(n) && n > 1 ? n : 10;
}

/**
 * Audit actions that change a request without bumping its revision: logging
 * creates it at revision 1; a comment and a reminder leave an open form valid;
 * a refusal changes nothing. Every other `request.*` event is exactly one
 * revision.
 */
const NOT_A_REVISION = [
  "request.logged",
  "request.comment",
  "request.refused",
  "request.remindDeadline",
  "request.reviewReminder",
];

/** Each email the audited action must have queued for the same request, in the same transaction. */
const EMAIL_OF_ACTION = {
  "request.logged": "escalation",
  "request.allowDrafting": "drafting-allowed",
  "request.decline": "declined",
  "request.comment": "comment",
} as const;

export interface DatabaseCheck {
  integrity: string;
  chain: { ok: boolean; count: number; head: string | null; firstBadSeq: number | null };
  requests: Array<{ id: number; reference: string; state: string; revision: number }>;
  comments: string[];
  /** Broken invariants, in words; empty when the database is sound. */
  problems: string[];
}

/**
 * Opens the database afresh (as a restarted app would) and checks what an auditor
 * relies on: SQLite's integrity check (PostgreSQL has none to ask), the hash chain, and that state and
 * audit agree both ways — every request has exactly one `request.logged`
 * event; its revision is 1 + the number of revision-changing events; its
 * state is the to-state of its last non-refused event; its comments match its
 * comment events one for one; and every audited action that emails has its
 * outbox row.
 */
export async function checkDatabase(target: DatabaseTarget | string): Promise<DatabaseCheck> {
  const db = openDatabase(typeof target === "string" ? { databasePath: target, databaseUrl: null } : target);
  try {
    const integrity =
      engineOf(db) === "sqlite"
        ? (await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)).rows
            .map((r) => r.integrity_check)
            .join("; ")
        : "ok";
    const chain = await verifyAuditChain(db);
    const problems: string[] = [];
    if (integrity !== "ok") problems.push(`integrity_check: ${integrity}`);
    if (!chain.ok) problems.push(`audit chain broken at seq ${chain.firstBadSeq}`);

    const rows = (
      await sql<{
        id: number;
        reference: string;
        state: string;
        revision: number;
        logged: number;
        changes: number;
        last_state: string | null;
        comments: number;
        comment_events: number;
      }>`select r.id, r.reference, r.state, r.revision,
          (select count(*) from audit_events a where a.request_id = r.id and a.action = 'request.logged') as logged,
          (select count(*) from audit_events a where a.request_id = r.id and a.action like 'request.%'
             and a.action not in (${sql.join(NOT_A_REVISION)})) as changes,
          (select a.to_state from audit_events a where a.request_id = r.id and a.action like 'request.%'
             and a.action != 'request.refused' order by a.seq desc limit 1) as last_state,
          (select count(*) from comments c where c.request_id = r.id) as comments,
          (select count(*) from audit_events a where a.request_id = r.id and a.action = 'request.comment') as comment_events
        from requests r order by r.id`.execute(db)
    ).rows;
    for (const r of rows) {
      if (r.logged !== 1) problems.push(`${r.reference}: ${r.logged} request.logged events`);
      if (r.revision !== 1 + r.changes)
        problems.push(`${r.reference}: revision ${r.revision} but ${r.changes} changes audited`);
      if (r.last_state !== r.state)
        problems.push(`${r.reference}: state ${r.state} but the audit says ${r.last_state}`);
      if (r.comments !== r.comment_events)
        problems.push(`${r.reference}: ${r.comments} comments but ${r.comment_events} comment events`);
    }
    const orphans = await sql<{ n: number }>`select count(*) as n from audit_events
      where request_id is not null and request_id not in (select id from requests)`.execute(db);
    if (orphans.rows[0]!.n !== 0)
      problems.push(`${orphans.rows[0]!.n} audit events name a request that does not exist`);

    for (const [action, template] of Object.entries(EMAIL_OF_ACTION)) {
      const mismatched = await sql<{ request_id: number; events: number; emails: number }>`
        select * from (select r.id as request_id,
          (select count(*) from audit_events a where a.request_id = r.id and a.action = ${action}) as events,
          (select count(*) from outbox o where o.request_id = r.id and o.template = ${template}) as emails
        from requests r) m where m.events <> m.emails`.execute(db);
      for (const m of mismatched.rows)
        problems.push(`request ${m.request_id}: ${m.events} ${action} events but ${m.emails} ${template} emails`);
    }

    const comments = (await db.selectFrom("comments").select("body").execute()).map((c) => c.body);
    return {
      integrity,
      chain: { ok: chain.ok, count: chain.count, head: chain.head, firstBadSeq: chain.firstBadSeq },
      requests: rows.map(({ id, reference, state, revision }) => ({ id, reference, state, revision })),
      comments,
      problems,
    };
  } finally {
    await db.destroy();
  }
}

export interface Writer {
  child: ChildProcess;
  /** Every complete line the writer printed: transitions it saw commit. */
  acknowledged: () => Array<{ op: string; id: number; revision: number; state: string; body?: string }>;
  stderr: () => string;
  /** Resolves once the writer has loaded and waits for `go`. */
  ready: () => Promise<void>;
  go: () => void;
  /** SIGKILL to the whole process group: tsx runs the script in a child of its own. */
  kill: () => Promise<void>;
}

/** Starts tests/reliability/fixtures/transitions.ts against the database `env` names (DATABASE_PATH or DATABASE_URL). */
export function startWriter(env: Record<string, string>, staffId: number, managerId: number): Writer {
  const child = spawn(
    path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx"),
    ["tests/reliability/fixtures/transitions.ts", String(staffId), String(managerId)],
    { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"], detached: true },
  );
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killGroup = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  process.once("exit", killGroup);
  return {
    child,
    // A line cut off by the kill was never acknowledged: only newline-terminated lines count.
    acknowledged: () =>
      out
        .split("\n")
        .slice(0, -1)
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as ReturnType<Writer["acknowledged"]>[number]),
    stderr: () => err,
    ready: async () => {
      while (!out.startsWith("ready\n")) {
        if (child.exitCode !== null) throw new Error(`the writer exited with ${child.exitCode}:\n${err}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    go: () => child.stdin!.write("go\n"),
    kill: async () => {
      killGroup();
      if (child.exitCode === null && child.signalCode === null) await exited;
      process.removeListener("exit", killGroup);
    },
  };
}

/** Resolves once the writer has acknowledged at least `count` transitions (or fails if it exits). */
export async function untilAcknowledged(writer: Writer, count: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (writer.acknowledged().length < count) {
    if (writer.child.exitCode !== null)
      throw new Error(`the writer exited with ${writer.child.exitCode}:\n${writer.stderr()}`);
    if (Date.now() > deadline) throw new Error(`the writer acknowledged too little in time:\n${writer.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

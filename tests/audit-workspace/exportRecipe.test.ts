import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import canonicalize from "canonicalize";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "#db/client";
import type { AuditEventRow } from "#db/schema";
import { PROJECT_ROOT } from "~/cli/paths";
import type { ExportCheck } from "~/export/exportCheck";
import { loader as jsonLoader } from "~/routes/audit.export[.]json";
import { action as verifyAction } from "~/routes/audit.verify";
import { call, dataOf, type TestApp, type TestUser } from "../helpers/app";
import { demoWithAuditor } from "./exportFixtures";

/**
 * The README's recipes, exactly as printed, run by python3 and node as an
 * auditor would, on real exports of the demo database (requests, comments,
 * versions, an approval, a default decline), against `audit:verify`; the
 * verify page, given the same files, must answer as they do.
 */

const SLOW = { timeout: 180_000 };

interface Export {
  rowCount: number;
  exportEvent: { seq: number; hash: string };
  chain: { afterSeq: number; afterHead: string | null; throughSeq: number };
  requests: Array<{ id: number; reference: string; event_seqs: number[] }>;
  events: Array<{ seq: number; request_id: number | null; prev_hash: string; hash: string }>;
}

/** The Node and Python blocks of the README's "Re-verifying an export yourself", written out as files. */
function recipesFromReadme(dir: string): { node: string; python: string } {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Re-verifying an export yourself"));
  const block = (lang: string) => {
    const match = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(section);
    if (!match) throw new Error(`README has no ${lang} block in its export recipe`);
    return match[1]!;
  };
  const node = path.join(dir, "verify-audit.mjs");
  const python = path.join(dir, "verify_audit.py");
  fs.writeFileSync(node, block("js"));
  fs.writeFileSync(python, block("python"));
  // `npm install canonicalize` as the README says, served from the project's copy.
  fs.mkdirSync(path.join(dir, "node_modules"), { recursive: true });
  fs.symlinkSync(
    path.join(PROJECT_ROOT, "node_modules", "canonicalize"),
    path.join(dir, "node_modules", "canonicalize"),
  );
  return { node, python };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Run {
  const result = spawnSync(command, args, { encoding: "utf8", env, cwd: PROJECT_ROOT });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The verify page's answer for an uploaded export, put in the scripts' words so all three compare alike. */
async function verifyPage(file: string, held = ""): Promise<Run> {
  const body = new FormData();
  body.set("csrf", auditor.csrf);
  body.set("heldHead", held);
  body.set("export", new File([fs.readFileSync(file)], path.basename(file), { type: "application/json" }));
  const result = await verifyAction({
    request: app.request("/audit/verify", { user: auditor, body }),
    params: {},
    context: app.context,
  });
  const check = dataOf<{ exportCheck: ExportCheck }>(result).exportCheck;
  if (check.kind !== "checked") return { status: 2, stdout: "", stderr: check.message };
  return check.ok
    ? { status: 0, stdout: `ok: seq ${check.firstSeq} to ${check.lastSeq}, head ${check.head}\n`, stderr: "" }
    : { status: 1, stdout: "", stderr: `chain broken at seq ${check.firstBadSeq}` };
}

let recipes: { node: string; python: string };
/** The README's Node and Python scripts, and the verify page given the same file. */
const runAll = async (file: string, ...held: string[]): Promise<Run[]> => [
  run("node", [recipes.node, file, ...held]),
  run("python3", [recipes.python, file, ...held]),
  await verifyPage(file, held[0]),
];

function auditVerify(dbFile: string, ...args: string[]) {
  const result = run("npx", ["tsx", "app/cli/audit-verify.ts", ...args], { ...process.env, DATABASE_PATH: dbFile });
  return JSON.parse(result.stdout) as { ok: boolean; count: number; head: string; firstBadSeq: number | null };
}

async function exportJson(app: TestApp, user: TestUser, query: string, db = app.context.db) {
  const res = await call(() =>
    jsonLoader({
      request: app.request(`/audit/export.json${query}`, { user }),
      params: {},
      context: { ...app.context, db },
    }),
  );
  return res as Response;
}

/** Downloads an export to a file, as the auditor's browser would. */
async function download(app: TestApp, user: TestUser, query = "", db = app.context.db) {
  const res = await exportJson(app, user, query, db);
  expect(res.status).toBe(200);
  const text = await res.text();
  const file = path.join(app.dir, `export-${Date.now()}-${Math.random().toString(16).slice(2)}.json`);
  fs.writeFileSync(file, text);
  return { file, exported: JSON.parse(text) as Export };
}

/** A copy of the database, consistent even with the app's connection open, for changing behind its back. */
async function copyOf(app: TestApp, name: string): Promise<string> {
  const copy = path.join(app.dir, name);
  const source = new SQLite(app.file, { readonly: true });
  await source.backup(copy);
  source.close();
  return copy;
}

function tamper(file: string, change: (sqlite: SQLite.Database) => void): void {
  const sqlite = new SQLite(file);
  sqlite.exec("drop trigger audit_events_no_update; drop trigger audit_events_no_delete;");
  change(sqlite);
  sqlite.close();
}

/** The forger's rewrite: an event's payload changed and every hash from it on recomputed by the recipe. */
function rewriteFrom(sqlite: SQLite.Database, fromSeq: number): void {
  sqlite.prepare(`update audit_events set payload = '{"forged":true}' where seq = ?`).run(fromSeq);
  const rows = sqlite.prepare("select * from audit_events where seq >= ? order by seq").all(fromSeq) as AuditEventRow[];
  let prev = (sqlite.prepare("select hash from audit_events where seq = ?").get(fromSeq - 1) as { hash: string }).hash;
  for (const { prev_hash: _prev, hash: _hash, ...fields } of rows) {
    const hash = createHash("sha256")
      .update(prev + canonicalize({ ...fields, payload: JSON.parse(fields.payload) as unknown }))
      .digest("hex");
    sqlite.prepare("update audit_events set prev_hash = ?, hash = ? where seq = ?").run(prev, hash, fields.seq);
    prev = hash;
  }
}

const OK = /^ok: seq (\d+) to (\d+), head ([0-9a-f]{64})\n$/;

function expectVerified(runs: Run[], first: number, last: number, head: string) {
  expect(runs).toHaveLength(3);
  for (const r of runs) {
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(OK);
    expect(OK.exec(r.stdout)!.slice(1)).toEqual([String(first), String(last), head]);
  }
}

function expectBrokenAt(runs: Run[], seq: number) {
  for (const r of runs) {
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim()).toBe(`chain broken at seq ${seq}`);
  }
}

let app: TestApp;
let auditor: TestUser;

beforeAll(async () => {
  ({ app, auditor } = await demoWithAuditor());
  recipes = recipesFromReadme(fs.mkdtempSync(path.join(app.dir, "recipes-")));
}, 120_000);

describe("the README's recipes and the verify page check a real export alike", () => {
  it("the demo database has what an auditor checks: comments, versions, a default decline", async () => {
    const actions = (await app.db.selectFrom("audit_events").select("action").distinct().execute()).map(
      (e) => e.action,
    );
    expect(actions.some((a) => a.includes("comment"))).toBe(true);
    expect(await app.db.selectFrom("endorsement_versions").select("id").execute()).not.toHaveLength(0);
    expect(
      await app.db.selectFrom("requests").select("id").where("declined_by_default", "=", 1).execute(),
    ).not.toHaveLength(0);
  });

  it("node and python print the head audit:verify reports for the same seq", SLOW, async () => {
    const { file, exported } = await download(app, auditor);
    expect(exported.rowCount).toBeGreaterThan(3);
    expect(exported.events[0]!.seq).toBe(1);
    expect(exported.events.at(-1)).toMatchObject(exported.exportEvent);
    const verified = auditVerify(app.file);
    expect(verified).toMatchObject({ ok: true, count: exported.exportEvent.seq });
    expectVerified(await runAll(file), 1, exported.exportEvent.seq, verified.head);
  });

  it("an event deleted in the middle behind the app's back fails both at the first seq after it", SLOW, async () => {
    const copy = await copyOf(app, "deleted.sqlite");
    const count = auditVerify(copy).count;
    const deleted = Math.floor(count / 2);
    tamper(copy, (sqlite) => sqlite.prepare("delete from audit_events where seq = ?").run(deleted));
    const db = createDb(copy);
    try {
      const { file, exported } = await download(app, auditor, "", db);
      expect(exported.events.map((e) => e.seq)).not.toContain(deleted);
      expectBrokenAt(await runAll(file), deleted + 1);
      expect(auditVerify(copy)).toMatchObject({ ok: false, firstBadSeq: deleted + 1 });
    } finally {
      await db.destroy();
    }
  });

  it("an export filtered to one request still carries the whole chain and verifies", SLOW, async () => {
    const declined = await app.db
      .selectFrom("requests")
      .select(["id", "reference"])
      .where("declined_by_default", "=", 1)
      .executeTakeFirstOrThrow();
    const { file, exported } = await download(app, auditor, `?q=${declined.reference}`);
    expect(exported.requests.map((r) => r.reference)).toEqual([declined.reference]);
    const named = exported.requests[0]!.event_seqs;
    expect(named.length).toBeGreaterThan(1);
    // Every event it names is in the verified chain, as an event of that request.
    const inChain = exported.events.filter((e) => named.includes(e.seq));
    expect(inChain.map((e) => e.request_id)).toEqual(named.map(() => declined.id));
    expect(exported.events).toHaveLength(exported.exportEvent.seq);
    expectVerified(await runAll(file), 1, exported.exportEvent.seq, auditVerify(app.file).head);
  });

  it(
    "a partial export from a held head verifies from it, and fails without it or from a rewritten one",
    SLOW,
    async () => {
      const held = (await download(app, auditor)).exported.exportEvent;
      const { file, exported } = await download(app, auditor, `?fromHead=${held.hash}`);
      expect(exported.chain).toMatchObject({ afterSeq: held.seq, afterHead: held.hash });
      expect(exported.events[0]).toMatchObject({ seq: held.seq + 1, prev_hash: held.hash });
      expectVerified(await runAll(file, held.hash), held.seq + 1, exported.exportEvent.seq, auditVerify(app.file).head);
      // Without the held head the stretch does not start from 64 zeros.
      expectBrokenAt(await runAll(file), held.seq + 1);

      // Rewritten before the held head: the app no longer finds it, and the forger's stretch does not link to it.
      const copy = await copyOf(app, "rewritten.sqlite");
      tamper(copy, (sqlite) => rewriteFrom(sqlite, held.seq - 2));
      const db = createDb(copy);
      try {
        const refused = await exportJson(app, auditor, `?fromHead=${held.hash}`, db);
        expect(refused.status).toBe(409);
        expect(await refused.text()).toContain("not in this audit chain");
        const forgedHead = (
          await db.selectFrom("audit_events").select("hash").where("seq", "=", held.seq).executeTakeFirstOrThrow()
        ).hash;
        const forged = await download(app, auditor, `?fromHead=${forgedHead}`, db);
        expectBrokenAt(await runAll(forged.file, held.hash), held.seq + 1);
      } finally {
        await db.destroy();
      }
    },
  );

  it("refuses a malformed held head with 400", async () => {
    const res = await exportJson(app, auditor, "?fromHead=not-a-hash");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("64 characters");
  });
});

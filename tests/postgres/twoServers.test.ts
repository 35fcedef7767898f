import { spawnSync } from "node:child_process";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { Client, requestFields } from "../helpers/httpClient";
import { createEmptyDatabase, databaseUrl, dropDatabase } from "../helpers/postgres";
import { startApp, type RunningApp } from "../helpers/server";
import { headerOf, startSmtpServer } from "../mail/smtp-server";
import { checkDatabase } from "../reliability/invariants";

/**
 * Two app servers (separate `npm start` processes on two ports) on one
 * PostgreSQL database, as behind a load balancer (issue 18): what SQLite's
 * single writer guaranteed must hold across them.
 */

const SLOW = { timeout: 300_000 };

interface TwoServers {
  url: string;
  db: DB;
  servers: [RunningApp, RunningApp];
  stop(): Promise<void>;
}

/** One empty database; the first server migrates and seeds it, then the second starts on it. */
async function startTwoServers(env: Record<string, string>): Promise<TwoServers> {
  const name = await createEmptyDatabase();
  const url = databaseUrl(name);
  const serverEnv = { DATABASE_URL: url, JOBS_INTERVAL_SECONDS: "5", ...env };
  const first = await startApp(serverEnv);
  const second = await startApp(serverEnv);
  const db = openDatabase({ databaseUrl: url, databasePath: "" }, { max: 2 });
  return {
    url,
    db,
    servers: [first, second],
    stop: async () => {
      await Promise.all([first.stop(), second.stop()]);
      await db.destroy();
      await dropDatabase(name);
    },
  };
}

function auditVerify(url: string): { ok: boolean; count: number } {
  const run = spawnSync("npm", ["run", "-s", "audit:verify"], {
    env: { ...process.env, DATABASE_URL: url },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`audit:verify exited ${run.status}: ${run.stdout}${run.stderr}`);
  return JSON.parse(run.stdout) as { ok: boolean; count: number };
}

/** A person signed in through `server`, with the session's CSRF token. */
async function signedIn(server: RunningApp, email: string): Promise<{ client: Client; csrf: string }> {
  const client = new Client(server);
  await client.signIn(email);
  return { client, csrf: await client.csrf("/requests/new") };
}

/** Logs requests until `until`; the references the server acknowledged (302). */
async function logUntil(
  { client, csrf }: { client: Client; csrf: string },
  until: number,
  label: string,
  onAcknowledged: (reference: string) => void = () => {},
) {
  const acknowledged: Array<{ reference: string; asked: string }> = [];
  const failures: string[] = [];
  for (let n = 0; Date.now() < until; n++) {
    const asked = `Two servers, ${label} ${n}`;
    let result: Awaited<ReturnType<Client["post"]>>;
    try {
      result = await client.post("/requests/new", requestFields(csrf, { asked }));
    } catch (error) {
      failures.push(`${label}: ${String(error)}`);
      break;
    }
    const reference = /^\/requests\/(END-\d{4}-\d{4})\?logged=1$/.exec(result.location ?? "")?.[1];
    if (result.status === 302 && reference) {
      acknowledged.push({ reference, asked });
      onAcknowledged(reference);
    } else failures.push(`${label}: ${result.status} ${result.text.slice(0, 200)}`);
  }
  return { acknowledged, failures };
}

async function referencesAreContiguous(db: DB): Promise<void> {
  const rows = await db
    .selectFrom("requests")
    .select(["year", "seq", "reference"])
    .orderBy("year")
    .orderBy("seq")
    .execute();
  expect(new Set(rows.map((r) => r.reference)).size).toBe(rows.length);
  const byYear = new Map<number, number[]>();
  for (const r of rows) byYear.set(r.year, [...(byYear.get(r.year) ?? []), r.seq]);
  for (const seqs of byYear.values()) expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
}

async function untilOutboxDrained(db: DB, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const pending = await db.selectFrom("outbox").select("id").where("status", "=", "pending").execute();
    if (pending.length === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending.length} emails still pending after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("two app servers on one PostgreSQL database", () => {
  it(
    "under concurrent logging and contested decisions: one winner each, contiguous references, one chain, each email and sweep once",
    SLOW,
    async () => {
      const smtp = await startSmtpServer();
      const two = await startTwoServers({ SMTP_URL: smtp.url });
      try {
        const [a, b] = two.servers;
        // Three undecided requests made overdue behind the app's back: the sweep on whichever server runs it declines each once.
        const overdue = await two.db
          .selectFrom("requests")
          .select("id")
          .where("state", "=", "escalated")
          .orderBy("id")
          .limit(3)
          .execute();
        expect(overdue.length).toBeGreaterThan(0);
        await two.db
          .updateTable("requests")
          .set({ deadline_at: "2026-01-05T03:00:00.000Z" })
          .where(
            "id",
            "in",
            overdue.map((r) => r.id),
          )
          .execute();

        const contested: Array<{ reference: string; statuses: number[] }> = [];
        const toDecide: string[] = [];
        const deciderA = new Client(a);
        const deciderB = new Client(b);
        await Promise.all([deciderA.signIn("manager@tautoko.example"), deciderB.signIn("manager2@tautoko.example")]);
        const [csrfA, csrfB] = await Promise.all([deciderA.csrf("/delegation"), deciderB.csrf("/delegation")]);
        const decline = (client: Client, csrf: string, reference: string) =>
          client.post(`/requests/${reference}`, {
            csrf,
            intent: "decide",
            decision: "decline",
            revision: "1",
            conflict: "none",
            reason: "Our policy is to decline endorsements.",
          });
        let loggingDone = false;
        const decide = async () => {
          while (!loggingDone || toDecide.length > 0) {
            const reference = toDecide.shift();
            if (!reference) {
              await new Promise((r) => setTimeout(r, 20));
              continue;
            }
            // The same decision through both servers at once.
            const results = await Promise.all([
              decline(deciderA, csrfA, reference),
              decline(deciderB, csrfB, reference),
            ]);
            contested.push({ reference, statuses: results.map((r) => r.status).sort() });
          }
        };
        const toDeciders = (reference: string) => toDecide.push(reference);
        const people = await Promise.all([
          signedIn(a, "staff@tautoko.example"),
          signedIn(b, "staff2@tautoko.example"),
          signedIn(a, "staff2@tautoko.example"),
          signedIn(b, "staff@tautoko.example"),
        ]);
        const until = Date.now() + 10_000;
        const deciding = decide();
        const logged = await Promise.all(people.map((p, i) => logUntil(p, until, `client ${i}`, toDeciders)));
        loggingDone = true;
        await deciding;

        const failures = logged.flatMap((r) => r.failures);
        expect(failures).toEqual([]);
        const acknowledged = logged.flatMap((r) => r.acknowledged);
        expect(acknowledged.length).toBeGreaterThan(4);
        // Exactly one winner of every contested decision; the other is told the request changed (409).
        expect(contested.length).toBe(acknowledged.length);
        for (const c of contested) expect(c.statuses, c.reference).toEqual([302, 409]);
        const declines = await sql<{ reference: string; n: number }>`select r.reference, count(*) as n
          from audit_events a join requests r on r.id = a.request_id
          where a.action = 'request.decline' group by r.reference`.execute(two.db);
        const declineCount = new Map(declines.rows.map((d) => [d.reference, d.n]));
        for (const { reference } of acknowledged) expect(declineCount.get(reference), reference).toBe(1);

        await referencesAreContiguous(two.db);

        // Each sweep effect once: one default decline per overdue request, one daily head for the day.
        await untilOutboxDrained(two.db, 90_000);
        for (const { id } of overdue) {
          const events = await two.db
            .selectFrom("audit_events")
            .select("seq")
            .where("request_id", "=", id)
            .where("action", "=", "request.declineByDefault")
            .execute();
          expect(events, `request ${id}`).toHaveLength(1);
        }
        const heads = await two.db
          .selectFrom("outbox")
          .select("subject")
          .where("template", "=", "daily-head")
          .execute();
        expect(heads).toHaveLength(1);

        // Every email in the outbox once and delivered once, with its own Message-ID.
        const outbox = await two.db.selectFrom("outbox").select(["message_id", "status"]).execute();
        expect(outbox.every((e) => e.status === "sent")).toBe(true);
        const delivered = smtp.accepted().map((m) => headerOf(m.raw, "Message-ID"));
        expect([...delivered].sort()).toEqual(outbox.map((e) => e.message_id).sort());

        expect(auditVerify(two.url)).toMatchObject({ ok: true });
        expect((await checkDatabase({ databaseUrl: two.url, databasePath: "" })).problems).toEqual([]);
      } finally {
        await two.stop();
      }
    },
  );

  it(
    "when one server is killed (-9) under load: nothing it acknowledged is lost, the other keeps serving",
    SLOW,
    async () => {
      const two = await startTwoServers({});
      try {
        const [a, b] = two.servers;
        const people = await Promise.all([
          signedIn(a, "staff@tautoko.example"),
          signedIn(a, "staff2@tautoko.example"),
          signedIn(b, "staff@tautoko.example"),
          signedIn(b, "staff2@tautoko.example"),
        ]);
        const until = Date.now() + 10_000;
        let servedByB = 0;
        const onB = () => (servedByB += 1);
        const loggers = people.map((p, i) => logUntil(p, until, `client ${i}`, i >= 2 ? onB : undefined));
        // Killed mid-load, once it has acknowledged a few: requests of its own are in flight.
        while (servedByB < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        await b.crash();
        const [a1, a2, b1, b2] = await Promise.all(loggers);

        // The surviving server answered every request, before and after the kill.
        expect([...a1!.failures, ...a2!.failures]).toEqual([]);
        expect(a1!.acknowledged.length + a2!.acknowledged.length).toBeGreaterThan(0);
        // The killed server's clients saw it go (a refused connection), and had been served before it.
        expect(b1!.acknowledged.length + b2!.acknowledged.length).toBeGreaterThan(0);
        const survivor = new Client(a);
        await survivor.signIn("manager@tautoko.example");
        expect((await survivor.page("/queue")).status).toBe(200);

        // Everything either server acknowledged is stored, as acknowledged.
        const acknowledged = [a1!, a2!, b1!, b2!].flatMap((r) => r.acknowledged);
        const stored = new Map(
          (await two.db.selectFrom("requests").select(["reference", "asked"]).execute()).map((r) => [
            r.reference,
            r.asked,
          ]),
        );
        for (const { reference, asked } of acknowledged) expect(stored.get(reference), reference).toBe(asked);
        await referencesAreContiguous(two.db);
        expect(auditVerify(two.url)).toMatchObject({ ok: true });
        expect((await checkDatabase({ databaseUrl: two.url, databasePath: "" })).problems).toEqual([]);
      } finally {
        await two.stop();
      }
    },
  );
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createDb } from "#db/client";
import { verifyAuditChain } from "~/audit/audit.server";
import { backupDatabase } from "#db/backup.server";
import { startApp, type RunningApp } from "../helpers/server";
import { checkDatabase, soakFactor } from "./invariants";

const DEMO_PASSWORD = "tautoko-demo-2026";

/** A browser-like client with its own session: signs in, reads the CSRF token from a form page, posts forms. */
class Client {
  private cookie = "";
  readonly latencies: number[] = [];
  constructor(private readonly app: RunningApp) {}

  private async send(path: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (init.body) headers.Origin = this.app.url; // as the browser sends it on a same-site form post
    const started = performance.now();
    const response = await fetch(`${this.app.url}${path}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers,
      body: init.body,
      redirect: "manual",
    });
    this.latencies.push(performance.now() - started);
    return response;
  }

  async signIn(email: string): Promise<void> {
    const response = await this.send("/login", {
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "" }),
    });
    await response.arrayBuffer();
    if (response.status !== 302) throw new Error(`signing in as ${email} answered ${response.status}`);
    this.cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0]!;
  }

  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.send(path);
    return { status: response.status, html: await response.text() };
  }

  async csrf(path: string): Promise<string> {
    const { status, html } = await this.page(path);
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (status !== 200 || !token) throw new Error(`no CSRF token on ${path} (${status})`);
    return token;
  }

  /** Posts a form; answers the status and, for a redirect, where to. */
  async post(
    path: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; location: string | null; text: string }> {
    const response = await this.send(path, { body: new URLSearchParams(fields) });
    return { status: response.status, location: response.headers.get("Location"), text: await response.text() };
  }
}

// Received the day before, so it is never "in the future" whatever the machine's clock says.
const RECEIVED = new Date(Date.now() - 86_400_000).toISOString().slice(0, 16);

function requestFields(csrf: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    csrf,
    supplierName: "Acme Building Services Ltd",
    requestType: "written_reference",
    enduring: "auto",
    channel: "email",
    receivedAt: RECEIVED,
    asked: "A written reference for a tender.",
    conflict: "none",
    ...overrides,
  };
}

let app: RunningApp;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

describe("stored text always renders escaped", () => {
  it("shows script and attribute-breaking payloads logged through the form only as text", async () => {
    const SCRIPT = "<script>alert(1)</script>";
    const BREAKOUT = `"><img src=x onerror=alert(1)>`;
    const staff = new Client(app);
    await staff.signIn("staff@tautoko.example");
    const logged = await staff.post(
      "/requests/new",
      requestFields(await staff.csrf("/requests/new"), {
        supplierName: `Evil ${SCRIPT} Ltd`,
        asked: `Please ${BREAKOUT} and ${SCRIPT}`,
        originalMessage: `${SCRIPT}\n${BREAKOUT}`,
        contractRef: BREAKOUT.slice(0, 40),
      }),
    );
    expect(logged.status).toBe(302);
    const path = logged.location!.split("?")[0]!;
    expect(path).toMatch(/^\/requests\/END-\d{4}-\d{4}$/);
    const commented = await staff.post(path, {
      csrf: await staff.csrf(path),
      intent: "comment",
      body: `${BREAKOUT} ${SCRIPT}`,
    });
    expect(commented.status).toBe(302);

    for (const page of [path, "/requests"]) {
      const { status, html } = await staff.page(page);
      expect(status).toBe(200);
      expect(html).not.toContain(SCRIPT);
      expect(html).not.toContain("<img src=x");
      expect(html).not.toMatch(/<[^>]*onerror=/);
    }
    const { html } = await staff.page(path);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });
});

describe("load: concurrent people logging and deciding over loopback", () => {
  it(
    "answers every request, loses and duplicates nothing, and the chain verifies afterwards",
    async () => {
      const seconds = 10 * soakFactor();
      const loggers = 14;
      const deciders = 6;
      const until = Date.now() + seconds * 1000;
      const toDecide: string[] = [];
      const loggedRefs: string[] = [];
      const declinedRefs: string[] = [];
      const failures: string[] = [];
      const clients: Client[] = [];

      const logger = async (email: string) => {
        const client = new Client(app);
        clients.push(client);
        await client.signIn(email);
        const csrf = await client.csrf("/requests/new");
        while (Date.now() < until) {
          const result = await client.post(
            "/requests/new",
            requestFields(csrf, { asked: `Load test ${loggedRefs.length}` }),
          );
          const reference = /^\/requests\/(END-\d{4}-\d{4})\?logged=1$/.exec(result.location ?? "")?.[1];
          if (result.status !== 302 || !reference) {
            failures.push(`log: ${result.status} ${result.text.slice(0, 200)}`);
            continue;
          }
          loggedRefs.push(reference);
          toDecide.push(reference);
        }
      };
      const decider = async (email: string) => {
        const client = new Client(app);
        clients.push(client);
        await client.signIn(email);
        // The session's token is the same on every page: read it once.
        const csrf = await client.csrf("/delegation");
        while (Date.now() < until) {
          const reference = toDecide.shift();
          if (!reference) {
            await new Promise((r) => setTimeout(r, 20));
            continue;
          }
          const result = await client.post(`/requests/${reference}`, {
            csrf,
            intent: "decide",
            decision: "decline",
            revision: "1",
            conflict: "none",
            reason: "Our policy is to decline endorsements.",
          });
          if (result.status !== 302)
            failures.push(`decide ${reference}: ${result.status} ${result.text.slice(0, 200)}`);
          else declinedRefs.push(reference);
        }
      };

      const before = await countRequests(app.databasePath);
      const started = performance.now();
      await Promise.all([
        ...Array.from({ length: loggers }, (_, i) =>
          logger(i % 2 === 0 ? "staff@tautoko.example" : "staff2@tautoko.example"),
        ),
        ...Array.from({ length: deciders }, (_, i) =>
          decider(i % 2 === 0 ? "manager@tautoko.example" : "manager2@tautoko.example"),
        ),
      ]);
      const elapsed = (performance.now() - started) / 1000;
      const latencies = clients.flatMap((c) => c.latencies);
      console.log(
        `[reliability] load: ${loggers + deciders} concurrent clients for ${seconds} s: ${latencies.length} HTTP requests ` +
          `(${(latencies.length / elapsed).toFixed(1)}/s), ${loggedRefs.length} requests logged, ${declinedRefs.length} declined, ` +
          `${failures.length} errors, max latency ${Math.round(Math.max(...latencies))} ms`,
      );
      expect(failures).toEqual([]);
      expect(loggedRefs.length).toBeGreaterThan(0);
      expect(declinedRefs.length).toBeGreaterThan(0);
      // A consistent copy through the online backup, so the server can be stopped (it removes its folder) first.
      const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-load-")), "after-load.sqlite");
      await backupDatabase(app.databasePath, copy);
      await app.stop();

      // Nothing lost or duplicated: each 302 is exactly one stored request, and each decision exactly one decline event.
      expect(new Set(loggedRefs).size).toBe(loggedRefs.length);
      const db = createDb(copy, { readonly: true });
      try {
        const stored = await db.selectFrom("requests").select(["reference", "year", "seq", "state"]).execute();
        expect(stored.length).toBe(before + loggedRefs.length);
        const byRef = new Map(stored.map((r) => [r.reference, r]));
        for (const reference of loggedRefs) expect(byRef.has(reference), reference).toBe(true);
        for (const reference of declinedRefs) expect(byRef.get(reference)?.state).toBe("declined");
        // References are contiguous within each year: 1..n with no gaps or repeats.
        const years = new Map<number, number[]>();
        for (const r of stored) years.set(r.year, [...(years.get(r.year) ?? []), r.seq]);
        for (const seqs of years.values())
          expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        const declines = await sql<{
          reference: string;
          n: number;
        }>`select r.reference, count(*) as n from audit_events a
        join requests r on r.id = a.request_id where a.action = 'request.decline' group by r.reference`.execute(db);
        const declineEvents = new Map(declines.rows.map((d) => [d.reference, d.n]));
        for (const reference of declinedRefs) expect(declineEvents.get(reference), reference).toBe(1);
        const refused = await db
          .selectFrom("audit_events")
          .select("seq")
          .where("action", "=", "request.refused")
          .execute();
        expect(refused).toEqual([]);
        expect((await verifyAuditChain(db)).ok).toBe(true);
      } finally {
        await db.destroy();
      }
      // The seeded demo and the load together keep every state/audit/outbox invariant.
      expect((await checkDatabase(copy)).problems).toEqual([]);
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    },
    120_000 * soakFactor(),
  );
});

async function countRequests(file: string): Promise<number> {
  const db = createDb(file, { readonly: true });
  try {
    return Number(
      (
        await db
          .selectFrom("requests")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  } finally {
    await db.destroy();
  }
}

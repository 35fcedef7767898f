import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, openSqlite } from "#db/client";
import { verifyAuditChain } from "~/audit/audit.server";
import { buildDatabase } from "../../bench/build";
import { sqliteDatabase } from "../../bench/engines";
import { BENCH_APP_URL, escalatedRequests, managerOf, rawTransitions, realTransitions } from "../../bench/transitions";

/**
 * The benchmark compares decisions through applyRequestEvent with a floor of
 * raw prepared statements. The comparison means something only if the floor
 * writes the same rows: this checks it, request by request, with each
 * request's own reference, supplier and requester taken out.
 */

let dir: string;
let file: string;
let managerId: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-floor-"));
  file = path.join(dir, "bench.sqlite");
  ({ managerId } = await buildDatabase(file, 400, () => undefined));
}, 60_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Marks {
  comment: number;
  event: number;
  email: number;
}

/** The last comment, event and email before the transitions run. */
function marks(): Marks {
  const sqlite = openSqlite(file, { readonly: true });
  try {
    return sqlite
      .prepare(
        "select (select max(id) from comments) as comment, (select max(seq) from audit_events) as event, (select max(id) from outbox) as email",
      )
      .get() as Marks;
  } finally {
    sqlite.close();
  }
}

/** Everything a transition wrote about one request, with what differs from request to request replaced. */
function writtenFor(requestId: number, before: Marks) {
  const sqlite = openSqlite(file, { readonly: true });
  try {
    const r = sqlite
      .prepare(
        `select requests.reference, requests.state, requests.revision, requests.decision_reason, requests.decided_by,
        suppliers.name as supplier, suppliers.contact_email as contact, requester.email as requester from requests join suppliers on suppliers.id = requests.supplier_id
        join users requester on requester.id = requests.requester_id where requests.id = ?`,
      )
      .get(requestId) as Record<string, string | number>;
    const anonymise = (text: string) =>
      text
        .replaceAll(String(r.reference), "REF")
        .replaceAll(JSON.stringify(String(r.supplier)).slice(1, -1), "SUPPLIER")
        .replaceAll(String(r.requester), "REQUESTER")
        .replaceAll(String(r.contact), "CONTACT")
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, "AT");
    return {
      request: { state: r.state, revision: r.revision, decision_reason: r.decision_reason, decided_by: r.decided_by },
      comments: sqlite
        .prepare("select author_id, body from comments where request_id = ? and id > ? order by id")
        .all(requestId, before.comment),
      events: (
        sqlite
          .prepare(
            `select actor_id, actor_role, on_behalf_of_id, action, from_state, to_state, payload from audit_events
        where request_id = ? and seq > ? order by seq`,
          )
          .all(requestId, before.event) as Array<Record<string, unknown>>
      ).map((e) => ({ ...e, action: String(e.action), payload: anonymise(String(e.payload)) })),
      emails: (
        sqlite
          .prepare(
            `select template, to_addresses, subject, html, text, props, status from outbox
        where request_id = ? and id > ? order by id`,
          )
          .all(requestId, before.email) as Array<Record<string, unknown>>
      ).map((e) =>
        Object.fromEntries(Object.entries(e).map(([k, v]) => [k, typeof v === "string" ? anonymise(v) : v])),
      ),
    };
  } finally {
    sqlite.close();
  }
}

describe("the transitions floor", () => {
  it("writes exactly the rows the command path writes, and keeps the chain valid", async () => {
    const target = sqliteDatabase(file);
    const manager = await managerOf(target, managerId);
    const escalated = await escalatedRequests(target);
    expect(escalated.length).toBeGreaterThanOrEqual(6);
    const [real, raw] = [escalated.slice(0, 3), escalated.slice(3, 6)];
    const before = marks();
    await realTransitions(target, "FULL", real, manager);
    await rawTransitions(target, "FULL", raw, manager, BENCH_APP_URL);

    const expected = writtenFor(real[0]!.id, before);
    expect(expected.request.state).toBe("declined");
    expect(expected.comments).toHaveLength(1);
    expect(expected.events.map((e) => e.action)).toEqual(["request.comment", "request.decline"]);
    expect(expected.emails.map((e) => e.template)).toEqual(["comment", "declined"]);
    for (const request of [...real, ...raw])
      expect(writtenFor(request.id, before), `request ${request.id}`).toEqual(expected);

    const db = createDb(file);
    try {
      expect((await verifyAuditChain(db)).ok).toBe(true);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});

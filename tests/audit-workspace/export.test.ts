import crypto from "node:crypto";
import canonicalize from "canonicalize";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { loader as csvLoader } from "~/routes/audit.export[.]csv";
import { loader as jsonLoader } from "~/routes/audit.export[.]json";
import { call, type TestApp, type TestUser } from "../helpers/app";
import { demoWithAuditor, seeded } from "./exportFixtures";

async function download(loader: typeof csvLoader, app: TestApp, user: TestUser, path: string) {
  const res = await call(() => loader({ request: app.request(path, { user }), params: {}, context: app.context }));
  expect(res).toBeInstanceOf(Response);
  return res as Response;
}

describe("exports of the filtered set", () => {
  it("CSV parses back to the same values, with formulas neutralised", async () => {
    const { app, auditor } = await seeded();
    const res = await download(csvLoader, app, auditor, "/audit/export.csv?sort=reference&dir=asc");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    // 22:00 UTC on 24 November is 11 am on the 25th in New Zealand: the file is named by the auditor's day.
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="tautoko-requests-2026-11-25.csv"');
    // Decoded keeping the byte-order mark, which spreadsheets need to read the macrons right.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer());
    const [headLine, columns] = text.split("\r\n"); // CRLF line ends
    // The first line ties the spreadsheet to the chain head: the export's own event.
    const head = await app.db
      .selectFrom("audit_events")
      .select(["seq", "hash"])
      .orderBy("seq", "desc")
      .executeTakeFirstOrThrow();
    expect(headLine).toBe(
      `\uFEFFaudit chain head at export,seq ${head.seq},${head.hash},exported 2026-11-24T22:00:00.000Z`,
    );
    expect(columns).toMatch(/^reference,supplier,/);
    const rows = parse(text, { bom: true, columns: true, from_line: 2 }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(2);
    const [a, b] = rows as [Record<string, string>, Record<string, string>];
    expect(a.reference).toBe("END-2026-0001");
    expect(a.supplier).toBe('Kāinga "Best", Ltd');
    expect(a.asked).toBe('Line one,\nline two — “quoted” and "doubled"');
    expect(a.decision_reason).toBe('\'=HYPERLINK("http://evil.example","click")');
    expect(a.contract_ref).toBe("'+64 21 000 000");
    expect(a.exception_ground).toBe("'-5 points");
    expect(a.received_at_utc).toBe("2026-03-10T00:00:00.000Z");
    expect(a.enduring).toBe("yes");
    expect(b.asked).toBe("'@SUM(A1:A2)");
    expect(b.decision_reason).toBe("'\tTabbed");
    expect(b.contract_ref).toBe("'\rReturned");
    expect(b.exception_ground).toBe("Whanganui-a-Tara"); // a dash inside is harmless
  });

  it("every export is an audit event, recorded with its filters and row count", async () => {
    const { app, auditor } = await seeded();
    await (await download(csvLoader, app, auditor, "/audit/export.csv?q=kainga&sort=reference&dir=asc")).text();
    await (await download(jsonLoader, app, auditor, "/audit/export.json?state=escalated")).text();
    const events = await app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "audit.exported")
      .orderBy("seq")
      .execute();
    expect(events).toHaveLength(2);
    expect(events[0]!.actor_id).toBe(auditor.id);
    expect(events[0]!.actor_role).toBe("auditor");
    expect(JSON.parse(events[0]!.payload)).toEqual({
      format: "csv",
      filters: { text: "kainga" },
      sort: "reference",
      direction: "asc",
      rowCount: 1,
      upToRequestId: 2,
    });
    expect(JSON.parse(events[1]!.payload)).toMatchObject({
      format: "json",
      filters: { states: ["escalated"] },
      rowCount: 2,
    });
  });

  it("staff and admins cannot export", async () => {
    const { app, staff } = await seeded();
    const admin = await app.addUser("admin@agency.test", ["admin"]);
    for (const user of [staff, admin]) {
      const res = await call(() =>
        csvLoader({ request: app.request("/audit/export.csv", { user }), params: {}, context: app.context }),
      );
      expect((res as Response).status).toBe(403);
    }
    expect(
      await app.db.selectFrom("audit_events").select("seq").where("action", "=", "audit.exported").execute(),
    ).toEqual([]);
  });

  it("a JSON export carries the whole chain, which re-verifies with independent code following the recipe", async () => {
    const { app, auditor } = await seeded();
    const res = await download(jsonLoader, app, auditor, "/audit/export.json?sort=reference&dir=asc");
    const exported = JSON.parse(await res.text()) as {
      rowCount: number;
      exportEvent: { seq: number; hash: string };
      requests: Array<{ id: number; reference: string; supplier_name: string; event_seqs: number[] }>;
      events: Array<Record<string, unknown> & { seq: number; prev_hash: string; hash: string }>;
    };
    expect(exported.rowCount).toBe(2);
    expect(exported.requests.map((r) => r.reference)).toEqual(["END-2026-0001", "END-2026-0002"]);
    expect(exported.requests[0]!.supplier_name).toBe('Kāinga "Best", Ltd');
    // Account creation came first (seq 1–4: two users' role grants), then the seeded events 5–8, then the export.
    expect(exported.requests.map((r) => r.event_seqs)).toEqual([[5, 8], [6]]);

    // The recipe, written independently: hash = sha256(prev_hash + RFC 8785 JSON of the other fields).
    const recomputed = (e: Record<string, unknown>) =>
      crypto
        .createHash("sha256")
        .update(
          String(e.prev_hash) +
            canonicalize({
              seq: e.seq,
              at: e.at,
              actor_id: e.actor_id,
              actor_role: e.actor_role,
              on_behalf_of_id: e.on_behalf_of_id,
              action: e.action,
              request_id: e.request_id,
              from_state: e.from_state,
              to_state: e.to_state,
              payload: e.payload,
            }),
          "utf8",
        )
        .digest("hex");
    // The whole chain, the sign-in outside the filter included, linked from 64 zeros through the export's event.
    const { events } = exported;
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(events[6]).toMatchObject({ action: "user.signedIn", request_id: null });
    events.reduce((prev, e) => {
      expect(e.prev_hash, `seq ${e.seq}`).toBe(prev);
      expect(recomputed(e), `seq ${e.seq}`).toBe(e.hash);
      return e.hash;
    }, "0".repeat(64));
    // The export's own event is the head when the export began, and the last event exported.
    const head = await app.db
      .selectFrom("audit_events")
      .select(["seq", "hash"])
      .orderBy("seq", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(exported.exportEvent).toEqual({ seq: 9, hash: head.hash });
    expect(events[8]).toMatchObject({ action: "audit.exported", hash: head.hash });
  });

  it("a withdrawn endorsement keeps its approver and approval time beside the withdrawal", async () => {
    const { app, auditor } = await demoWithAuditor();
    const res = await download(csvLoader, app, auditor, "/audit/export.csv?state=withdrawn");
    const [row, ...others] = parse(await res.text(), { bom: true, columns: true, from_line: 2 }) as Array<
      Record<string, string>
    >;
    expect(others).toEqual([]);
    // The demo: Sam Wilson approved it 117 days ago and withdrew it 20 days ago.
    expect(row).toMatchObject({
      state: "withdrawn",
      outcome: "endorse",
      approver: "Sam Wilson",
      decider: "Sam Wilson",
    });
    expect(row!.decision_reason).toMatch(/^Two overdue repairs/);
    const days = (Date.parse(row!.decided_at_utc!) - Date.parse(row!.approved_at_utc!)) / 86_400_000;
    expect(days).toBe(97);
    const json = await download(jsonLoader, app, auditor, "/audit/export.json?state=withdrawn");
    const [request] = (JSON.parse(await json.text()) as { requests: Array<Record<string, unknown>> }).requests;
    expect(request).toMatchObject({ approver_name: "Sam Wilson", approved_at: row!.approved_at_utc });
  });
});

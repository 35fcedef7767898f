import crypto from "node:crypto";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { bodiesOf } from "~/mail/outbox.server";
import { ChainResult, type HeadCheck } from "~/components/audit/ChainCheck";
import { sendDailyHead } from "~/jobs/sweeps.server";
import type { Dossier } from "~/models/dossier.server";
import { loader as dossierLoader } from "~/routes/audit.requests.$reference";
import { loader as verifyLoader } from "~/routes/audit.verify";
import type { VerifyResult } from "~/audit/chain";
import { call, createTestApp, type TestApp, type TestUser } from "../helpers/app";
import { tamperWithAudit } from "../helpers/tamper";
import { addEvent, addRequest, addSupplier } from "./seed";

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

async function verifyPage(app: TestApp, user: TestUser, query = "") {
  const result = await call(() =>
    verifyLoader({ request: app.request(`/audit/verify${query}`, { user }), params: {}, context: app.context }),
  );
  return result as { result: VerifyResult; check: HeadCheck };
}

const html = (page: { result: VerifyResult; check: HeadCheck }) => renderToString(createElement(ChainResult, page));

describe("the dossier", () => {
  it("shows the approved version's hash, equal to the hash in the approval's audit event, and the word diff", async () => {
    const app = await createTestApp();
    const staff = await app.addUser("staff@agency.test", ["staff"]);
    const manager = await app.addUser("manager@agency.test", ["procurement_manager"]);
    const auditor = await app.addUser("auditor@agency.test", ["auditor"]);
    const s = await addSupplier(app.db, "Kāinga Builders");
    const { id, reference } = await addRequest(app.db, {
      seq: 7,
      requester_id: staff.id,
      supplier_id: s,
      received_at: "2026-11-01T00:00:00.000Z",
      state: "approved",
      outcome: "endorse",
    });
    const v1 = "Kāinga Builders repaired 120 homes for us.";
    const v2 = "Kāinga Builders repaired 120 homes for Kāinga Ora in 2025.";
    const version = (number: number, text: string) =>
      app.db
        .insertInto("endorsement_versions")
        .values({
          request_id: id,
          number,
          based_on: number - 1 || null,
          author_id: staff.id,
          created_at: "2026-11-10T00:00:00.000Z",
          text,
          sha256: sha256(text),
          findings: "[]",
          ruleset_version: "t",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    await version(1, v1);
    const second = await version(2, v2);
    await app.db
      .updateTable("requests")
      .set({ approved_version_id: second.id, approved_sha256: sha256(v2) })
      .where("id", "=", id)
      .execute();
    await app.db
      .insertInto("version_consents")
      .values({ version_id: second.id, person_name: "Hemi", relation: "customer", consent: "TRF-12" })
      .execute();
    const approval = await addEvent(app.db, id, "request.approveVersion", {
      versionId: second.id,
      versionNumber: 2,
      sha256: sha256(v2),
    });

    const d = (await call(() =>
      dossierLoader({
        request: app.request(`/audit/requests/${reference}`, { user: auditor }),
        params: { reference },
        context: app.context,
      }),
    )) as Dossier;
    expect(d.approval).toEqual({
      versionNumber: 2,
      requestSha256: sha256(v2),
      versionSha256: sha256(v2),
      eventSeq: approval.seq,
      eventSha256: sha256(v2),
    });
    expect(
      d.versions[1]!.diffFromPrevious!.filter((p) => p.change !== "same").map((p) => `${p.change}:${p.text}`),
    ).toEqual(["removed:us", "added:Kāinga Ora in 2025"]);
    expect(d.versions[1]!.consents).toEqual([{ personName: "Hemi", relation: "customer", consent: "TRF-12" }]);
    expect(d.events.map((e) => [e.seq, e.hash])).toEqual([[approval.seq, approval.hash]]);

    expect(
      (
        (await call(() =>
          dossierLoader({
            request: app.request(`/audit/requests/${reference}`, { user: manager }),
            params: { reference },
            context: app.context,
          }),
        )) as Dossier
      ).request.reference,
    ).toBe(reference);
    const refused = await call(() =>
      dossierLoader({
        request: app.request(`/audit/requests/${reference}`, { user: staff }),
        params: { reference },
        context: app.context,
      }),
    );
    expect((refused as Response).status).toBe(403);
    const missing = await call(() =>
      dossierLoader({
        request: app.request("/audit/requests/END-2026-9999", { user: auditor }),
        params: { reference: "END-2026-9999" },
        context: app.context,
      }),
    );
    expect((missing as Response).status).toBe(404);
  });
});

describe("the verification page", () => {
  it("reports a broken link with its sequence number", async () => {
    const app = await createTestApp();
    const auditor = await app.addUser("auditor@agency.test", ["auditor"]); // seq 1–2
    for (let i = 0; i < 4; i++) await addEvent(app.db, null, "test.event", { i }); // seq 3–6
    const intact = await verifyPage(app, auditor);
    expect(intact.result).toMatchObject({ ok: true, count: 6, firstBadSeq: null });
    expect(html(intact)).toContain("The chain is intact");

    await tamperWithAudit(app.config, [`update audit_events set payload = '{"i":99}' where seq = 4`]);

    const broken = await verifyPage(app, auditor);
    expect(broken.result).toMatchObject({ ok: false, count: 6, firstBadSeq: 4 });
    expect(html(broken)).toContain("The chain is broken at event <!-- -->4");
    expect(html(broken)).toContain("seq 4");
  });

  it("says whether a head recorded earlier is still contained; invalid hex gets a clear message", async () => {
    const app = await createTestApp();
    const auditor = await app.addUser("auditor@agency.test", ["auditor"]);
    for (let i = 0; i < 4; i++) await addEvent(app.db, null, "test.event", { i });
    const before = await verifyPage(app, auditor);
    const recordedHead = before.result.head!;

    const contained = await verifyPage(app, auditor, `?head=${recordedHead.toUpperCase()}`);
    expect(contained.result.containsHead).toBe(true);
    expect(html(contained)).toContain("Contained:");

    // A rewrite: events 3–6 removed and re-appended with other contents, a valid chain again.
    await tamperWithAudit(app.config, ["delete from audit_events where seq >= 3"]);
    for (let i = 0; i < 4; i++) await addEvent(app.db, null, "test.event", { i: i + 10 });

    const after = await verifyPage(app, auditor, `?head=${recordedHead}`);
    expect(after.result).toMatchObject({ ok: true, count: 6, containsHead: false });
    expect(html(after)).toContain("NOT contained");

    for (const typed of ["xyz", "12ab", `${recordedHead}00`, "<script>"]) {
      const page = await verifyPage(app, auditor, `?head=${encodeURIComponent(typed)}`);
      expect(page.check.kind).toBe("invalid");
      expect(html(page)).toContain("That is not a head hash");
    }
    const staff = await app.addUser("staff@agency.test", ["staff"]);
    expect(
      (
        (await call(() =>
          verifyLoader({ request: app.request("/audit/verify", { user: staff }), params: {}, context: app.context }),
        )) as Response
      ).status,
    ).toBe(403);
  });
});

describe("the daily head email", () => {
  it("goes to the auditors once a NZ day, with the current head and count", async () => {
    const app = await createTestApp({ now: "2026-11-24T20:00:00.000Z" }); // 9 am, 25 Nov NZ
    await app.addUser("auditor@agency.test", ["auditor"]);
    await app.addUser("auditor2@agency.test", ["auditor"]);
    await addEvent(app.db, null, "test.event");
    const head = () =>
      app.db
        .selectFrom("audit_events")
        .select(["seq", "hash"])
        .orderBy("seq", "desc")
        .limit(1)
        .executeTakeFirstOrThrow();
    // With their bodies rendered, as the dispatcher sends them.
    const mails = async () =>
      Promise.all(
        (
          await app.db.selectFrom("outbox").selectAll().where("template", "=", "daily-head").orderBy("id").execute()
        ).map(async (row) => ({ ...row, ...(await bodiesOf(row)) })),
      );

    const first = await head();
    expect(await sendDailyHead(app.context)).toBe(true);
    app.setNow("2026-11-25T10:59:00.000Z"); // 11:59 pm the same NZ day
    expect(await sendDailyHead(app.context)).toBe(false);
    let sent = await mails();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to_addresses).toContain("auditor@agency.test");
    expect(sent[0]!.to_addresses).toContain("auditor2@agency.test");
    expect(sent[0]!.text).toContain(first.hash);
    expect(sent[0]!.text).toContain(String(first.seq));

    await addEvent(app.db, null, "test.event");
    app.setNow("2026-11-25T11:00:00.000Z"); // midnight: 26 Nov NZ
    expect(await sendDailyHead(app.context)).toBe(true);
    sent = await mails();
    expect(sent).toHaveLength(2);
    const second = await head();
    expect(second.seq).toBe(first.seq + 1);
    expect(sent[1]!.text).toContain(second.hash);
    expect(sent[1]!.text).toContain(String(second.seq));
  });
});

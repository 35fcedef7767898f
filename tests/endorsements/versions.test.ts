import { describe, expect, it } from "vitest";
import { loader as versionsLoader } from "~/routes/requests.$reference_.versions";
import { checkText, RULESET_VERSION } from "~/workflow/textChecks";
import { call, dataOf, statusOf } from "../helpers/app";
import {
  FAIR_SHA256,
  FAIR_TEXT,
  FLAWED_TEXT,
  moveClock,
  postDraft,
  requestInDrafting,
  revisionOf,
  saveText,
} from "./helpers";

describe("saving versions of the endorsement text", () => {
  it("stores the text NFC-normalised with its SHA-256, findings and ruleset version, and audits it", async () => {
    const s = await requestInDrafting();
    // Typed with a combining macron (a + U+0304): stored as the precomposed "ā".
    const typed = FAIR_TEXT.replace("ā", "a\u0304");
    expect(typed).not.toBe(FAIR_TEXT);
    const revision = await revisionOf(s.app, s.requestId);
    const result = await postDraft(s, s.requester, {
      text: typed,
      basedOn: "",
      revision: String(revision),
      "consents.0.personName": "Hemi Walker",
      "consents.0.relation": "customer",
      "consents.0.consent": "TRF-2026-014",
      // A wholly blank row is ignored.
      "consents.1.personName": "",
      "consents.1.relation": "",
      "consents.1.consent": "",
    });
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe(`/requests/${s.reference}/draft?saved=1`);

    const version = await s.app.db.selectFrom("endorsement_versions").selectAll().executeTakeFirstOrThrow();
    expect(version).toMatchObject({
      number: 1,
      based_on: null,
      author_id: s.requester.id,
      text: FAIR_TEXT,
      ruleset_version: RULESET_VERSION,
    });
    expect(version.sha256).toBe(FAIR_SHA256);
    expect(JSON.parse(version.findings)).toEqual(checkText(version.text));
    const consents = await s.app.db.selectFrom("version_consents").selectAll().execute();
    expect(consents).toMatchObject([
      { version_id: version.id, person_name: "Hemi Walker", relation: "customer", consent: "TRF-2026-014" },
    ]);

    expect(await revisionOf(s.app, s.requestId)).toBe(revision + 1);
    const audit = await s.app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.versionSaved")
      .executeTakeFirstOrThrow();
    expect(audit.actor_id).toBe(s.requester.id);
    expect(JSON.parse(audit.payload)).toMatchObject({
      versionId: version.id,
      number: 1,
      sha256: FAIR_SHA256,
      basedOn: null,
      rulesetVersion: RULESET_VERSION,
      findingCounts: { error: 0, warning: 0, suggestion: 0 },
    });
  });

  it("normalises the browser's CRLF line ends, so the stored text hashes as typed with LF", async () => {
    const s = await requestInDrafting();
    expect(statusOf(await saveText(s, s.requester, "Line one.\r\nKāinga Ora"))).toBe(302);
    const version = await s.app.db.selectFrom("endorsement_versions").selectAll().executeTakeFirstOrThrow();
    expect(version.text).toBe("Line one.\nKāinga Ora");
    // printf 'Line one.\nKāinga Ora' | sha256sum
    expect(version.sha256).toBe("86ac649a66d2f74bb4a361bd3db1a894a1963ae119bee7a4889fea7d405c715c");
  });

  it("never changes a version: editing makes version n+1 based on n, with its own findings", async () => {
    const s = await requestInDrafting();
    expect(statusOf(await saveText(s, s.requester, FAIR_TEXT))).toBe(302);
    expect(statusOf(await saveText(s, s.requester, FLAWED_TEXT))).toBe(302);
    const versions = await s.app.db.selectFrom("endorsement_versions").selectAll().orderBy("number").execute();
    expect(versions.map((v) => [v.number, v.based_on, v.text])).toEqual([
      [1, null, FAIR_TEXT],
      [2, 1, FLAWED_TEXT],
    ]);
    expect(versions[0]!.sha256).toBe(FAIR_SHA256);
    const findings = JSON.parse(versions[1]!.findings) as Array<{
      rule: string;
      severity: string;
      start: number;
      end: number;
    }>;
    expect(findings.map((f) => [f.rule, f.severity, f.start, f.end])).toEqual([
      ["superlative", "error", 126, 130],
      ["weasel-words", "warning", 143, 151],
    ]);
    // The database refuses nothing here, but the app offers no way to edit: there is no update of versions anywhere.
  });

  it("a stale base answers 409 and gives the author's text back, rebased on the latest version", async () => {
    const s = await requestInDrafting();
    expect(statusOf(await saveText(s, s.requester, FAIR_TEXT))).toBe(302);
    const revisionSeen = await revisionOf(s.app, s.requestId);
    // The manager saves version 2 while the requester is still editing version 1.
    expect(statusOf(await saveText(s, s.manager, `${FAIR_TEXT} Acme kept residents informed.`))).toBe(302);

    const mine = `${FAIR_TEXT} Tenants were kept informed throughout.`;
    const result = await postDraft(s, s.requester, { text: mine, basedOn: "1", revision: String(revisionSeen) });
    expect(statusOf(result)).toBe(409);
    const body = dataOf<{ formError: string; values: { text: string; basedOn: string; revision: string } }>(result);
    expect(body.formError).toMatch(/Version 2 was saved while you were writing/);
    expect(body.values.text).toBe(mine);
    expect(body.values.basedOn).toBe("2");
    expect(body.values.revision).toBe(String(await revisionOf(s.app, s.requestId)));
    expect(await s.app.db.selectFrom("endorsement_versions").select("number").execute()).toHaveLength(2);
    const refused = await s.app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.refused")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(refused.payload)).toMatchObject({
      event: "saveVersion",
      status: 409,
      code: "version_not_latest",
    });
  });

  it("a stale revision answers 409 and keeps the text", async () => {
    const s = await requestInDrafting();
    const result = await postDraft(s, s.requester, { text: FAIR_TEXT, basedOn: "", revision: "1" });
    expect(statusOf(result)).toBe(409);
    expect(dataOf<{ values: { text: string } }>(result).values.text).toBe(FAIR_TEXT);
  });

  it("refuses people who may not write, texts outside drafting, and missing consent", async () => {
    const s = await requestInDrafting();
    const other = await s.app.addUser("ben@tautoko.test", ["staff"]);
    const auditor = await s.app.addUser("hana@tautoko.test", ["auditor"]);
    // Another member of staff cannot even see the request.
    expect(statusOf(await saveText(s, other, FAIR_TEXT))).toBe(404);
    expect(statusOf(await saveText(s, auditor, FAIR_TEXT))).toBe(403);

    const missingConsent = await saveText(s, s.requester, FAIR_TEXT, {
      "consents.0.personName": "Hemi Walker",
      "consents.0.relation": "contractor",
      "consents.0.consent": " ",
    });
    expect(statusOf(missingConsent)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(missingConsent).fieldErrors["consents.0.consent"]).toMatch(
      /Talent Release form reference/,
    );
    expect(statusOf(await saveText(s, s.requester, "   "))).toBe(400);

    // Past the drafting deadline nothing more is saved, even before the sweep runs.
    const { deadline_at } = await s.app.db.selectFrom("requests").select("deadline_at").executeTakeFirstOrThrow();
    await moveClock(s, deadline_at);
    const late = await saveText(s, s.requester, FAIR_TEXT);
    expect(statusOf(late)).toBe(409);
    expect(dataOf<{ formError: string }>(late).formError).toMatch(/deadline/);
    expect(await s.app.db.selectFrom("endorsement_versions").select("id").execute()).toHaveLength(0);
  });
});

describe("comparing versions", () => {
  it("shows a word diff with the inserted and deleted words", async () => {
    const s = await requestInDrafting();
    await saveText(s, s.requester, "Acme repaired 120 homes in Porirua on schedule.");
    await saveText(s, s.requester, "Acme repaired 125 homes in Porirua and Hutt on schedule.");
    const result = await call(() =>
      versionsLoader({
        request: s.app.request(`/requests/${s.reference}/versions?a=1&b=2`, { user: s.manager }),
        params: { reference: s.reference },
        context: s.app.context,
      }),
    );
    const body = dataOf<{ comparison: { a: number; b: number; parts: Array<{ kind: string; text: string }> } }>(result);
    expect(body.comparison.a).toBe(1);
    expect(body.comparison.b).toBe(2);
    const of = (kind: string) =>
      body.comparison.parts
        .filter((p) => p.kind === kind)
        .map((p) => p.text.trim())
        .filter(Boolean);
    expect(of("deleted")).toEqual(["120"]);
    expect(of("inserted")).toEqual(["125", "and Hutt"]);

    const missing = await call(() =>
      versionsLoader({
        request: s.app.request(`/requests/${s.reference}/versions?a=1&b=9`, { user: s.manager }),
        params: { reference: s.reference },
        context: s.app.context,
      }),
    );
    expect(statusOf(missing)).toBe(404);
  });
});

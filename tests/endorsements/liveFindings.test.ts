// The drafting page's live findings: the resource route runs the same checker
// the server stores with each version, only for people who may draft, with the
// session's CSRF token, and refuses oversized or missing text without a 500.
import { describe, expect, it } from "vitest";

import { action as findingsAction } from "~/routes/requests.$reference_.findings";
import { MAX_VERSION_CHARS } from "~/workflow/draftForm";
import type { Finding } from "~/workflow/textChecks";
import type { TestUser } from "../helpers/app";
import { call, dataOf, statusOf } from "../helpers/app";
import { form, latestVersion, requestInDrafting, saveText, type Setup } from "./helpers";

const DRAFT = "Acme is the best contractor and we recommend them to everyone. Call Aroha on 021 555 0192.";

function postFindings(s: Setup, user: TestUser, fields: Record<string, string | undefined>) {
  return call(() =>
    findingsAction({
      request: s.app.request(`/requests/${s.reference}/findings`, { user, body: form(fields) }),
      params: { reference: s.reference },
      context: s.app.context,
    }),
  );
}

describe("live findings for the drafting page", () => {
  it("gives the author exactly the findings the version then stores, and saves nothing", async () => {
    const s = await requestInDrafting();
    const live = await postFindings(s, s.requester, { csrf: s.requester.csrf, text: DRAFT });
    expect(statusOf(live)).toBe(200);
    const { findings } = dataOf<{ findings: Finding[] }>(live);
    expect(findings.map((finding) => finding.rule)).toEqual(
      expect.arrayContaining(["superlative", "agency-recommendation", "named-person", "phone-number"]),
    );
    const versions = await s.app.db
      .selectFrom("endorsement_versions")
      .select("id")
      .where("request_id", "=", s.requestId)
      .execute();
    expect(versions, "asking for findings saves no version").toEqual([]);

    await saveText(s, s.requester, DRAFT);
    const stored = JSON.parse((await latestVersion(s)).findings) as Finding[];
    expect(stored).toEqual(findings);
  });

  it("refuses a post without the session's CSRF token, and a role that cannot draft", async () => {
    const s = await requestInDrafting();
    expect(statusOf(await postFindings(s, s.requester, { csrf: "forged", text: DRAFT }))).toBe(403);
    const auditor = await s.app.addUser("rawiri@tautoko.test", ["auditor"], "Rawiri Auditor");
    expect(statusOf(await postFindings(s, auditor, { csrf: auditor.csrf, text: DRAFT }))).toBe(403);
  });

  it("answers oversized or missing text with a plain refusal, not a 500", async () => {
    const s = await requestInDrafting();
    const tooLong = await postFindings(s, s.requester, {
      csrf: s.requester.csrf,
      text: "a".repeat(MAX_VERSION_CHARS + 1),
    });
    expect(statusOf(tooLong)).toBe(413);
    expect(dataOf<{ error: string }>(tooLong).error).toContain(String(MAX_VERSION_CHARS));
    expect(statusOf(await postFindings(s, s.requester, { csrf: s.requester.csrf }))).toBe(400);
  });
});

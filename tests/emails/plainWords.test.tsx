// Issue 21 item 8: what people read says things in their words. No rule id,
// criterion key, column name, enum value or ISO date in an email, the
// endorsement section or the timeline.
import { StaticRouter } from "react-router-dom/server";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { emailTemplates, previewProps, renderEmail } from "#emails/index";
import { EndorsementSection, FindingsList } from "~/components/EndorsementSection";
import { ExceptionAllowed } from "~/components/request/RequestSections";
import type { RequestView } from "~/components/request/requestView";
import { Timeline } from "~/components/request/Timeline";
import { REQUEST_STATES } from "~/workflow/vocabulary";
import { describeEvent, type TimelineEvent } from "~/workflow/timeline";
import { checkText, RULES } from "~/workflow/textChecks";

/** Every token that would be the code's word, not a person's, with what it is. */
function leaks(visible: string): string[] {
  const text = visible.replace(/https?:\/\/\S+/g, "");
  const found: string[] = [];
  for (const m of text.matchAll(/\b[a-z]+(?:_[a-z]+)+\b/g)) found.push(`snake_case "${m[0]}"`);
  for (const m of text.matchAll(/\b\d{4}-\d{2}-\d{2}\b/g)) found.push(`ISO date "${m[0]}"`);
  for (const rule of RULES) if (rule.id.includes("-") && text.includes(rule.id)) found.push(`rule id "${rule.id}"`);
  for (const state of REQUEST_STATES) if (text.includes(`(${state})`)) found.push(`state value "(${state})"`);
  for (const m of text.matchAll(/\b(?:low|medium|high): /g)) found.push(`risk value "${m[0]}"`);
  return found;
}

const visibleText = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

describe("the leak check itself", () => {
  it("catches each kind of code word", () => {
    expect(
      leaks(
        "corrected asked, contract_ref. (official-status, objectivity) Approved (approved) low: x end of 2027-01-03",
      ),
    ).toEqual([
      'snake_case "contract_ref"',
      'ISO date "2027-01-03"',
      'rule id "official-status"',
      'state value "(approved)"',
      'risk value "low: "',
    ]);
  });
});

describe.each([...emailTemplates])("the %s email", (name) => {
  it("reads in plain words, subject and body", async () => {
    const email = await renderEmail(name, previewProps(name));
    expect(leaks(email.subject)).toEqual([]);
    expect(leaks(email.text)).toEqual([]);
    expect(leaks(visibleText(email.html.replace(/<head>[\s\S]*<\/head>/, "")))).toEqual([]);
  });
});

const PUFFERY = "Acme is the best contractor and the preferred supplier of Kāinga Ora; we recommend them to everyone.";

describe("the endorsement section", () => {
  it("names a finding by where it is and its criterion, never by rule id or criterion key", () => {
    const findings = checkText(PUFFERY);
    expect(findings.length).toBeGreaterThan(1);
    const html = renderToStaticMarkup(<FindingsList findings={findings} />);
    const text = visibleText(html);
    expect(leaks(text)).toEqual([]);
    expect(text).toContain("line 1, column");
    expect(text).toMatch(/\(criterion: [A-Z]/);
  });

  it.each(["in_review", "approved", "withdrawn", "expired"] as const)("reads plainly when %s", (state) => {
    const html = renderToStaticMarkup(
      <StaticRouter location="/requests/END-2026-0042">
        <EndorsementSection
          summary={{
            reference: "END-2026-0042",
            state,
            enduring: true,
            versionCount: 2,
            latest: {
              number: 2,
              sha256: "ab".repeat(32),
              createdAt: "2026-11-20T01:00:00.000Z",
              authorName: "Aroha Ngata",
              findingCounts: { error: 0, warning: 1, suggestion: 0 },
            },
            approved:
              state === "in_review"
                ? null
                : {
                    number: 2,
                    text: "A factual reference.",
                    sha256: "ab".repeat(32),
                    validUntil: "2027-01-03T10:59:59.999Z",
                  },
          }}
          events={state === "approved" ? ["recordReview", "withdraw"] : ["approveVersion"]}
          canDraft={false}
        />
      </StaticRouter>,
    );
    // The hash is a hash, not words; everything else must read plainly.
    expect(leaks(visibleText(html).replace(/\b[0-9a-f]{64}\b/, ""))).toEqual([]);
  });
});

describe("the exception a manager allowed", () => {
  it("says each risk as a level in words, with its note", () => {
    // Only the fields the section reads; the rest of a request's view does not matter here.
    const request = {
      exceptionGround: "The programme is public.",
      impactPublicRisk: "low",
      impactPublicNote: "A factual statement.",
      impactPerformanceRisk: "medium",
      impactPerformanceNote: "Reports are reviewed quarterly.",
      draftingAllowedAt: null,
    } as unknown as RequestView;
    const text = visibleText(renderToStaticMarkup(<ExceptionAllowed request={request} />));
    expect(leaks(text)).toEqual([]);
    expect(text).toContain("Low risk: A factual statement.");
    expect(text).toContain("Medium risk: Reports are reviewed quarterly.");
  });
});

const event = (action: string, payload: Record<string, unknown>): TimelineEvent & { hash: string } => ({
  seq: 7,
  at: "2026-11-20T01:00:00.000Z",
  action,
  actorName: "Aroha Ngata",
  onBehalfOfName: null,
  fromState: "escalated",
  toState: "escalated",
  payload,
  hash: "cd".repeat(32),
});

describe("the timeline", () => {
  it("says what a correction changed in the words people use", () => {
    const corrected = event("request.correct", {
      changes: { asked: { from: "a", to: "b" }, contract_ref: { from: null, to: "C-1" } },
    });
    expect(describeEvent(corrected)).toBe("Aroha Ngata corrected what was asked and the contract reference.");
    const supplier = event("request.correct", {
      changes: {
        supplier_id: { from: { id: 1, name: "Acme Ltd" }, to: { id: 2, name: "Southern Co" } },
        received_at: { from: "2026-11-01", to: "2026-11-02" },
        channel: { from: "email", to: "phone" },
      },
    });
    expect(describeEvent(supplier)).toBe(
      "Aroha Ngata corrected the supplier (from Acme Ltd to Southern Co), when it arrived and how it arrived.",
    );
  });

  it("names a refused action by what it would have done", () => {
    const refused = event("request.refused", { event: "approveVersion", reason: "You wrote this version." });
    expect(describeEvent(refused)).toBe(
      "Aroha Ngata tried to approve a version of the request, which was refused: You wrote this version.",
    );
  });

  it("renders every kind of entry without a code word", () => {
    const events = [
      event("request.correct", {
        changes: { original_message: {}, contact_email: {}, request_type: {}, enduring: {} },
      }),
      event("request.refused", { event: "sendDeclineNotice", reason: "No contact email is recorded." }),
      event("request.approveVersion", { versionNumber: 2, sha256: "ef".repeat(32) }),
    ];
    const text = visibleText(renderToStaticMarkup(<Timeline events={events} />));
    expect(leaks(text.replace(/\b[0-9a-f]{12}…/g, ""))).toEqual([]);
  });
});

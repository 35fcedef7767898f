import { describe, expect, it } from "vitest";
import {
  emailTemplates,
  isEmailTemplate,
  previewProps,
  renderEmail,
  type ApprovedEmailProps,
  type EmailProps,
  type EmailTemplate,
  type SupplierApprovalTermsEmailProps,
  type SupplierDeclineNoticeEmailProps,
  type SupplierWithdrawalNoticeEmailProps,
} from "#emails/index";

const ALL_TEMPLATES = [
  "approved",
  "changes-requested",
  "comment",
  "daily-head",
  "deadline-reminder",
  "declined",
  "declined-by-default",
  "delegation-named",
  "drafting-allowed",
  "escalation",
  "expired",
  "request-reassigned",
  "review-due",
  "supplier-approval-terms",
  "supplier-decline-notice",
  "supplier-withdrawal-notice",
  "version-submitted",
  "withdrawn",
];

/** Messages not about one request: their subject has no reference to name. */
const NOT_ABOUT_A_REQUEST = ["daily-head", "delegation-named"];

const SUPPLIER_TEMPLATES = [
  "supplier-decline-notice",
  "supplier-approval-terms",
  "supplier-withdrawal-notice",
] as const;

const SCRIPT = "<script>alert(1)</script>";

/** Wording with macrons and a line break, which must arrive exactly as approved. */
const APPROVED_TEXT =
  "Between March and October 2026, Hāpai Building Services Ltd installed heat pumps in 120 Kāinga Ora homes in Porirua.\nTwo sites were delayed by supply issues and finished in November.";

describe("the template registry", () => {
  it("lists every message in DESIGN.md", () => {
    expect([...emailTemplates].sort()).toEqual(ALL_TEMPLATES);
    expect(isEmailTemplate("escalation")).toBe(true);
    expect(isEmailTemplate("toString")).toBe(false);
  });
});

describe.each(ALL_TEMPLATES)("the %s message with its preview props", (name) => {
  it("renders an HTML part, a plain-text part and a one-line subject", async () => {
    if (!isEmailTemplate(name)) throw new Error(`${name} is not registered`);
    const email = await renderEmail(name, previewProps(name));

    expect(email.html.startsWith("<!DOCTYPE html")).toBe(true);
    expect(email.html).toContain('<html dir="ltr" lang="en">');
    expect(email.html).toContain("Kāinga Ora — Tautoko");

    expect(email.text).toContain("Kāinga Ora — Tautoko");
    expect(email.text).toContain(
      "This is an automatic message from Tautoko, the Kāinga Ora supplier-endorsement register.",
    );
    expect(email.text).toContain("Procurement Excellence Manager");
    expect(email.text).not.toContain("<");

    expect(email.subject.length).toBeGreaterThan(10);
    expect(email.subject).not.toMatch(/[\r\n]/);
    if (!NOT_ABOUT_A_REQUEST.includes(name)) expect(email.subject).toContain("END-2026-0042");
  });
});

describe("key facts in the plain-text part", () => {
  it("escalation: the facts a decider needs, the deadline, and that the default is decline", async () => {
    const email = await renderEmail("escalation", {
      reference: "END-2027-0007",
      supplierName: "Tūī Cleaning Co",
      requestUrl: "https://tautoko.example.govt.nz/requests/7",
      requestType: "promotional_quote",
      enduring: true,
      asked: "A quote from our housing manager for their brochure.",
      requesterName: "Sam Brown",
      requesterConflictDeclared: true,
      requesterConflictNote: "My cousin works for Tūī Cleaning Co.",
      deadlineText: "end of Tuesday 12 January 2027",
    });

    expect(email.subject).toBe("END-2027-0007: endorsement request from Tūī Cleaning Co needs your decision");
    expect(email.text).toContain("Reference: END-2027-0007");
    expect(email.text).toContain("Supplier: Tūī Cleaning Co");
    expect(email.text).toContain("Request type: Quote for promotional material");
    expect(email.text).toContain("Logged by: Sam Brown");
    expect(email.text).toContain("Requester's conflict of interest: Declared");
    expect(email.text).toContain("My cousin works for Tūī Cleaning Co.");
    expect(email.text).toContain("A quote from our housing manager for their brochure.");
    expect(email.text).toContain("Decision due by: end of Tuesday 12 January 2027");
    expect(email.text).toContain("The default outcome is decline.");
    expect(email.text).toContain("https://tautoko.example.govt.nz/requests/7");
    expect(email.html).toContain('href="https://tautoko.example.govt.nz/requests/7"');
  });

  it("escalation without a declared conflict says so", async () => {
    const email = await renderEmail("escalation", {
      ...previewProps("escalation"),
      requesterConflictDeclared: false,
    });
    expect(email.text).toContain("Requester's conflict of interest: None declared");
  });

  const approved: ApprovedEmailProps = {
    reference: "END-2026-0042",
    supplierName: "Hāpai Building Services Ltd",
    requestUrl: "https://tautoko.example.govt.nz/requests/42",
    deciderName: "Mere Parata",
    versionNumber: 3,
    approvedText: APPROVED_TEXT,
    textSha256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    enduring: true,
    untilText: "Wednesday 12 January 2028",
  };

  it("approved: the text verbatim, its version, its SHA-256 and valid-until date", async () => {
    const email = await renderEmail("approved", approved);
    expect(email.subject).toBe(
      "END-2026-0042: version 3 of the endorsement for Hāpai Building Services Ltd is approved",
    );
    expect(email.text).toContain(APPROVED_TEXT);
    expect(email.text).toContain("Version: 3");
    expect(email.text).toContain(
      "SHA-256 of the text: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
    );
    expect(email.text).toContain("Valid until: Wednesday 12 January 2028");
    expect(email.html).toContain(APPROVED_TEXT);
  });

  it("approved for a single use gives the use-by date instead", async () => {
    const email = await renderEmail("approved", { ...approved, enduring: false, untilText: "Friday 12 February 2027" });
    expect(email.text).toContain("Single use by: Friday 12 February 2027");
    expect(email.text).not.toContain("Valid until");
  });

  it("supplier-approval-terms: the text verbatim, where it may be used, until when, and that it may be withdrawn", async () => {
    const email = await renderEmail("supplier-approval-terms", {
      reference: "END-2026-0042",
      supplierName: "Hāpai Building Services Ltd",
      requestType: "written_reference",
      approvedText: APPROVED_TEXT,
      permittedUse: "On your company website only",
      enduring: true,
      untilText: "Wednesday 12 January 2028",
    });
    expect(email.text).toContain(APPROVED_TEXT);
    expect(email.text).toContain("Where it may be used: On your company website only");
    expect(email.text).toContain("May be used until: Wednesday 12 January 2028");
    expect(email.text).toContain("may withdraw this one at any time");
    expect(email.subject).toContain("END-2026-0042");
  });

  it("daily-head: the head hash, the count and the command to check it", async () => {
    const head = "aa11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899";
    const email = await renderEmail("daily-head", {
      dateText: "Tuesday 12 January 2027",
      headHash: head,
      eventCount: 57,
    });
    expect(email.subject).toBe("Tautoko audit chain head for Tuesday 12 January 2027: 57 events");
    expect(email.text).toContain(`Head hash: ${head}`);
    expect(email.text).toContain("Events in the chain: 57");
    expect(email.text).toContain(`npm run -s audit:verify -- --head ${head}`);
  });

  it("daily-head for an empty chain says there is no head yet", async () => {
    const email = await renderEmail("daily-head", {
      dateText: "Monday 11 January 2027",
      headHash: null,
      eventCount: 0,
    });
    expect(email.text).toContain("Head hash: None — the chain has no events yet");
    expect(email.text).not.toContain("--head");
  });

  it("declined-by-default: the deadline that passed and the outcome", async () => {
    const email = await renderEmail("declined-by-default", {
      reference: "END-2026-0099",
      supplierName: "Kōwhai Roofing",
      requestUrl: "https://tautoko.example.govt.nz/requests/99",
      deadlineText: "end of Tuesday 12 January 2027",
    });
    expect(email.subject).toBe("END-2026-0099: the request from Kōwhai Roofing was declined by default");
    expect(email.text).toContain("Deadline: end of Tuesday 12 January 2027");
    expect(email.text).toContain("Outcome: Declined by default");
  });

  it("drafting-allowed: who decided, for whom, and the new final-decision deadline", async () => {
    const email = await renderEmail("drafting-allowed", {
      ...previewProps("drafting-allowed"),
      deciderName: "Hemi Walker",
      onBehalfOfName: "Mere Parata",
      deadlineText: "end of Friday 5 February 2027",
    });
    expect(email.text).toContain("Decided by: Hemi Walker, on behalf of Mere Parata");
    expect(email.text).toContain("Final decision due by: end of Friday 5 February 2027");
  });

  it("comment: who commented and what they wrote, line breaks kept", async () => {
    const email = await renderEmail("comment", {
      ...previewProps("comment"),
      commenterName: "Sam Brown",
      commentText: "First line.\nSecond line.",
    });
    expect(email.subject).toBe("END-2026-0042: new comment from Sam Brown");
    expect(email.text).toContain("Sam Brown wrote:");
    expect(email.text).toContain("First line.\nSecond line.");
  });

  it("request-reassigned: who logged it, from whom it passed, and where it stands", async () => {
    const email = await renderEmail("request-reassigned", {
      reference: "END-2027-0003",
      supplierName: "Tūī Cleaning Co",
      requestUrl: "https://tautoko.example.govt.nz/requests/END-2027-0003",
      loggedByName: "Sam Brown",
      previousName: "Sam Brown",
      stateText: "in drafting",
      deadlineText: "end of Tuesday 12 January 2027",
      recipientName: "Aroha Ngata",
    });
    expect(email.subject).toBe("END-2027-0003: you now follow the endorsement request from Tūī Cleaning Co");
    expect(email.text).toContain("Logged by: Sam Brown");
    expect(email.text).toContain("Followed until now by: Sam Brown");
    expect(email.text).toContain("Where it stands: in drafting");
    expect(email.text).toContain("https://tautoko.example.govt.nz/requests/END-2027-0003");
  });

  it("delegation-named: on whose behalf and the dates", async () => {
    const email = await renderEmail("delegation-named", {
      managerName: "Mere Parata",
      fromText: "Monday 4 January 2027",
      toText: "Friday 15 January 2027",
      requestsUrl: "https://tautoko.example.govt.nz/requests",
    });
    expect(email.text).toContain("On behalf of: Mere Parata");
    expect(email.text).toContain("From: Monday 4 January 2027");
    expect(email.text).toContain("To: Friday 15 January 2027");
  });

  it("the footer names a contact address when one is given", async () => {
    const email = await renderEmail("expired", {
      ...previewProps("expired"),
      contactEmail: "pem@example.govt.nz",
    });
    expect(email.text).toContain("write to pem@example.govt.nz");
    expect(email.html).toContain('href="mailto:pem@example.govt.nz"');
  });
});

describe("user-provided text", () => {
  it.each(ALL_TEMPLATES)("is HTML-escaped in every text prop of %s", async (name) => {
    if (!isEmailTemplate(name)) throw new Error(`${name} is not registered`);
    const props = withScriptInEveryTextProp(name);
    const email = await renderEmail(name, props);

    expect(email.html).not.toContain(SCRIPT);
    expect(email.html).not.toMatch(/<script/i);
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("arrives in the plain-text part as written, not as entities", async () => {
    const email = await renderEmail("declined", { ...previewProps("declined"), reason: `Because ${SCRIPT} & more` });
    expect(email.text).toContain(`Because ${SCRIPT} & more`);
  });

  it("cannot add a line to the subject", async () => {
    const email = await renderEmail("declined", {
      ...previewProps("declined"),
      supplierName: "Evil Ltd\r\nBcc: everyone@example.com",
    });
    expect(email.subject).toBe(
      "END-2026-0042: the endorsement request from Evil Ltd Bcc: everyone@example.com is declined",
    );
  });
});

describe("messages to a supplier's contact", () => {
  // Internal-only fields a caller might carelessly spread in from the request row.
  const internal = {
    requesterName: "Sam Brown",
    requesterConflictNote: "INTERNAL conflict note: my cousin is a director",
    exceptionGround: "INTERNAL exception ground: strategic partner",
    reason: "INTERNAL decision reason: performance concerns",
    deciderName: "Mere Parata",
    requestUrl: "https://tautoko.example.govt.nz/requests/42",
    textSha256: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
  };

  it.each(SUPPLIER_TEMPLATES)("%s shows none of the internal fields", async (name) => {
    const props: EmailProps[typeof name] = { ...previewProps(name), ...internal };
    const email = await renderEmail(name, props);
    for (const part of [email.html, email.text, email.subject]) {
      expect(part).not.toContain("INTERNAL");
      expect(part).not.toContain("Sam Brown");
      expect(part).not.toContain("Mere Parata");
      expect(part).not.toContain("tautoko.example.govt.nz");
      expect(part).not.toContain("0f1e2d3c4b5a");
      expect(part).not.toMatch(/conflict/i);
    }
  });

  const decline: SupplierDeclineNoticeEmailProps = {
    reference: "END-2026-0042",
    supplierName: "Hāpai Building Services Ltd",
    requestType: "case_study",
    declinedByDefault: false,
  };

  it("the decline notice is courteous and says what was declined", async () => {
    const email = await renderEmail("supplier-decline-notice", decline);
    expect(email.subject).toBe("Your request for an endorsement from Kāinga Ora (our reference END-2026-0042)");
    expect(email.text).toContain("Thank you for asking Kāinga Ora for a case study for Hāpai Building Services Ltd.");
    expect(email.text).toContain("We are not able to provide the endorsement you asked for");
    expect(email.text).toContain(
      "We appreciate the work you do with us, and we have considered your request carefully.",
    );
    expect(email.text).toContain("quoting reference END-2026-0042");
  });

  it("after a default decline it does not claim a decision was made", async () => {
    const email = await renderEmail("supplier-decline-notice", { ...decline, declinedByDefault: true });
    expect(email.text).toContain("We were not able to approve an exception within our usual timeframe");
    expect(email.text).not.toContain("We are not able to provide the endorsement you asked for");
    expect(email.text).not.toContain("considered your request carefully");
  });

  it("the withdrawal notice gives the date to stop using it, and no reason", async () => {
    const props: SupplierWithdrawalNoticeEmailProps = {
      reference: "END-2026-0042",
      supplierName: "Hāpai Building Services Ltd",
      requestType: "written_reference",
      withdrawnFromText: "Monday 3 May 2027",
    };
    const email = await renderEmail("supplier-withdrawal-notice", props);
    expect(email.subject).toContain("END-2026-0042");
    expect(email.text).toContain("Withdrawn from: Monday 3 May 2027");
    expect(email.text).toContain("From Monday 3 May 2027, please stop using the endorsement in any form");
    expect(email.text).not.toMatch(/reason/i);
  });

  it("approval terms for a single use say so", async () => {
    const props: SupplierApprovalTermsEmailProps = {
      ...previewProps("supplier-approval-terms"),
      enduring: false,
      untilText: "Friday 12 February 2027",
    };
    const email = await renderEmail("supplier-approval-terms", props);
    expect(email.text).toContain("For a single use, by: Friday 12 February 2027");
  });
});

/** The template's preview props with the script payload added to every free-text prop (links left as they are). */
function withScriptInEveryTextProp<T extends EmailTemplate>(name: T): EmailProps[T] {
  const props: Record<string, unknown> = { ...(previewProps(name) as object) };
  for (const [key, value] of Object.entries(props)) {
    if (typeof value === "string" && !key.endsWith("Url") && key !== "requestType" && key !== "stage") {
      props[key] = `${value} ${SCRIPT}`;
    }
  }
  // Optional text props the preview leaves out.
  if (name === "escalation") {
    props.requesterConflictDeclared = true;
    props.requesterConflictNote = SCRIPT;
  }
  // Built key by key, so the compiler cannot follow it; the keys are the template's own.
  return props as unknown as EmailProps[T];
}

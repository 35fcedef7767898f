import { describe, expect, it } from "vitest";
import {
  emailTemplates,
  isEmailTemplate,
  previewProps,
  renderEmail,
  type ApprovedEmailProps,
  type EmailProps,
  type EmailTemplate,
  type SupplierDeclineNoticeEmailProps,
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

/** What one message must say: its exact subject, lines its plain-text part holds and must not, and its HTML. */
interface FactsCase<T extends EmailTemplate> {
  template: T;
  props: EmailProps[T];
  subject?: string;
  text: string[];
  notText?: string[];
  notTextMatching?: RegExp;
  html?: string[];
}
const facts = <T extends EmailTemplate>(c: FactsCase<T>) => c as unknown as FactsCase<EmailTemplate>;

async function expectFacts(c: FactsCase<EmailTemplate>): Promise<void> {
  const email = await renderEmail(c.template, c.props);
  if (c.subject !== undefined) expect(email.subject).toBe(c.subject);
  for (const line of c.text) expect(email.text).toContain(line);
  for (const line of c.notText ?? []) expect(email.text).not.toContain(line);
  if (c.notTextMatching) expect(email.text).not.toMatch(c.notTextMatching);
  for (const html of c.html ?? []) expect(email.html).toContain(html);
}

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
const HEAD = "aa11bb22cc33dd44ee55ff6600778899aa11bb22cc33dd44ee55ff6600778899";

const KEY_FACTS: Record<string, FactsCase<EmailTemplate>> = {
  "escalation: the facts a decider needs, the deadline, and that the default is decline": facts({
    template: "escalation",
    props: {
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
    },
    subject: "END-2027-0007: endorsement request from Tūī Cleaning Co needs your decision",
    text: [
      "Reference: END-2027-0007",
      "Supplier: Tūī Cleaning Co",
      "Request type: Quote for promotional material",
      "Logged by: Sam Brown",
      "Requester's conflict of interest: Declared",
      "My cousin works for Tūī Cleaning Co.",
      "A quote from our housing manager for their brochure.",
      "Decision due by: end of Tuesday 12 January 2027",
      "The default outcome is decline.",
      "https://tautoko.example.govt.nz/requests/7",
    ],
    html: ['href="https://tautoko.example.govt.nz/requests/7"'],
  }),
  "escalation without a declared conflict says so": facts({
    template: "escalation",
    props: { ...previewProps("escalation"), requesterConflictDeclared: false },
    text: ["Requester's conflict of interest: None declared"],
  }),
  "approved: the text verbatim, its version, its SHA-256 and valid-until date": facts({
    template: "approved",
    props: approved,
    subject: "END-2026-0042: version 3 of the endorsement for Hāpai Building Services Ltd is approved",
    text: [
      APPROVED_TEXT,
      "Version: 3",
      "SHA-256 of the text: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
      "Valid until: Wednesday 12 January 2028",
    ],
    html: [APPROVED_TEXT],
  }),
  "approved for a single use gives the use-by date instead": facts({
    template: "approved",
    props: { ...approved, enduring: false, untilText: "Friday 12 February 2027" },
    text: ["Single use by: Friday 12 February 2027"],
    notText: ["Valid until"],
  }),
  "supplier-approval-terms: the text verbatim, where it may be used, until when, and that it may be withdrawn": facts({
    template: "supplier-approval-terms",
    props: {
      reference: "END-2026-0042",
      supplierName: "Hāpai Building Services Ltd",
      requestType: "written_reference",
      approvedText: APPROVED_TEXT,
      permittedUse: "On your company website only",
      enduring: true,
      untilText: "Wednesday 12 January 2028",
    },
    subject: "Your endorsement from Kāinga Ora and its terms of use (our reference END-2026-0042)",
    text: [
      APPROVED_TEXT,
      "Where it may be used: On your company website only",
      "May be used until: Wednesday 12 January 2028",
      "may withdraw this one at any time",
    ],
  }),
  "daily-head: the head hash, the count, the verify page and the auditors' own channel": facts({
    template: "daily-head",
    props: {
      dateText: "Tuesday 12 January 2027",
      headHash: HEAD,
      eventCount: 57,
      verifyUrl: "https://tautoko.example.govt.nz/audit/verify",
    },
    subject: "Tautoko audit chain head for Tuesday 12 January 2027: 57 events",
    text: [
      `Head hash: ${HEAD}`,
      "Events in the chain: 57",
      "report it to the Head of Internal Audit and the Audit and Risk Committee",
    ],
    // Auditors are not asked to run a server command.
    notText: ["npm run"],
    html: [`href="https://tautoko.example.govt.nz/audit/verify?head=${HEAD}"`],
  }),
  "daily-head for an empty chain says there is no head yet": facts({
    template: "daily-head",
    props: {
      dateText: "Monday 11 January 2027",
      headHash: null,
      eventCount: 0,
      verifyUrl: "https://tautoko.example.govt.nz/audit/verify",
    },
    text: ["Head hash: None — the chain has no events yet"],
    notText: ["--head"],
  }),
  "declined-by-default: the deadline that passed and the outcome": facts({
    template: "declined-by-default",
    props: {
      reference: "END-2026-0099",
      supplierName: "Kōwhai Roofing",
      requestUrl: "https://tautoko.example.govt.nz/requests/99",
      deadlineText: "end of Tuesday 12 January 2027",
      supplier: { told: false, contact: "accounts@kowhai.example" },
    },
    subject: "END-2026-0099: the request from Kōwhai Roofing was declined by default",
    text: [
      "Deadline: end of Tuesday 12 January 2027",
      "Outcome: Declined by default",
      "The supplier has not been told yet. A manager can send the decline notice to accounts@kowhai.example",
    ],
  }),
  "a decline says the supplier was told when they were": facts({
    template: "declined",
    props: { ...previewProps("declined"), supplier: { told: true, contact: "a@b.example" } },
    text: ["The supplier has been told: a courteous decline notice was sent to a@b.example."],
  }),
  "a decline never promises a notice it cannot send": facts({
    template: "declined",
    props: { ...previewProps("declined"), supplier: { told: false, contact: null } },
    text: ["no contact email is recorded for them, so Tautoko cannot send a notice"],
    notText: ["can send the decline notice"],
  }),
  "drafting-allowed: who decided, for whom, and the new final-decision deadline": facts({
    template: "drafting-allowed",
    props: {
      ...previewProps("drafting-allowed"),
      deciderName: "Hemi Walker",
      onBehalfOfName: "Mere Parata",
      deadlineText: "end of Friday 5 February 2027",
    },
    text: ["Decided by: Hemi Walker, on behalf of Mere Parata", "Final decision due by: end of Friday 5 February 2027"],
  }),
  "comment: who commented and what they wrote, line breaks kept": facts({
    template: "comment",
    props: { ...previewProps("comment"), commenterName: "Sam Brown", commentText: "First line.\nSecond line." },
    subject: "END-2026-0042: new comment from Sam Brown",
    text: ["Sam Brown wrote:", "First line.\nSecond line."],
  }),
  "request-reassigned: who logged it, from whom it passed, and where it stands": facts({
    template: "request-reassigned",
    props: {
      reference: "END-2027-0003",
      supplierName: "Tūī Cleaning Co",
      requestUrl: "https://tautoko.example.govt.nz/requests/END-2027-0003",
      loggedByName: "Sam Brown",
      previousName: "Sam Brown",
      stateText: "in drafting",
      deadlineText: "end of Tuesday 12 January 2027",
      recipientName: "Aroha Ngata",
    },
    subject: "END-2027-0003: you now follow the endorsement request from Tūī Cleaning Co",
    text: [
      "Logged by: Sam Brown",
      "Followed until now by: Sam Brown",
      "Where it stands: in drafting",
      "https://tautoko.example.govt.nz/requests/END-2027-0003",
    ],
  }),
  "delegation-named: on whose behalf and the dates": facts({
    template: "delegation-named",
    props: {
      managerName: "Mere Parata",
      fromText: "Monday 4 January 2027",
      toText: "Friday 15 January 2027",
      requestsUrl: "https://tautoko.example.govt.nz/requests",
    },
    text: ["On behalf of: Mere Parata", "From: Monday 4 January 2027", "To: Friday 15 January 2027"],
  }),
  "the footer names a contact address when one is given": facts({
    template: "expired",
    props: { ...previewProps("expired"), contactEmail: "pem@example.govt.nz" },
    text: ["write to pem@example.govt.nz"],
    html: ['href="mailto:pem@example.govt.nz"'],
  }),
};

describe("key facts in the plain-text part", () => {
  it.each(Object.entries(KEY_FACTS))("%s", async (_title, c) => expectFacts(c));
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
  const SUPPLIER_FACTS: Record<string, FactsCase<EmailTemplate>> = {
    "the decline notice is courteous and says what was declined": facts({
      template: "supplier-decline-notice",
      props: decline,
      subject: "Your request for an endorsement from Kāinga Ora (our reference END-2026-0042)",
      text: [
        "Thank you for asking Kāinga Ora for a case study for Hāpai Building Services Ltd.",
        "We are not able to provide the endorsement you asked for",
        "We appreciate the work you do with us, and we have considered your request carefully.",
        "quoting reference END-2026-0042",
      ],
    }),
    "after a default decline it does not claim a decision was made": facts({
      template: "supplier-decline-notice",
      props: { ...decline, declinedByDefault: true },
      text: ["We were not able to approve an exception within our usual timeframe"],
      notText: ["We are not able to provide the endorsement you asked for", "considered your request carefully"],
    }),
    "the withdrawal notice gives the date to stop using it, and no reason": facts({
      template: "supplier-withdrawal-notice",
      props: {
        reference: "END-2026-0042",
        supplierName: "Hāpai Building Services Ltd",
        requestType: "written_reference",
        withdrawnFromText: "Monday 3 May 2027",
      },
      subject: "Withdrawal of your endorsement from Kāinga Ora (our reference END-2026-0042)",
      text: [
        "Withdrawn from: Monday 3 May 2027",
        "From Monday 3 May 2027, please stop using the endorsement in any form",
      ],
      notTextMatching: /reason/i,
    }),
    "approval terms for a single use say so": facts({
      template: "supplier-approval-terms",
      props: { ...previewProps("supplier-approval-terms"), enduring: false, untilText: "Friday 12 February 2027" },
      text: ["For a single use, by: Friday 12 February 2027"],
    }),
  };
  it.each(Object.entries(SUPPLIER_FACTS))("%s", async (_title, c) => expectFacts(c));
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

import type { AppLoadContext } from "@remix-run/node";
import { getLatestVersion } from "~/models/versions.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SUPPLIERS } from "~/demo/demoData";
import { createUser } from "~/commands/users.server";
import { logRequest } from "~/commands/logRequest.server";
import { hashPassword } from "~/auth/password.server";
import { applyRequestEvent, type Person } from "~/commands/requestEvents.server";
import { approveReviewedVersion, saveVersion } from "~/commands/versions.server";
import { declineOverdueRequests, expireEndorsements } from "~/jobs/sweeps.server";
import { CRITERIA } from "~/workflow/textChecks";
import { approvalSchema, nestedValuesOf } from "~/workflow/review";
import type { LogRequestInput } from "~/workflow/requestForm";

/**
 * Demo data for the embedded default, made through the same commands people's
 * actions use, so its audit trail and emails are real. Time is moved back so
 * the requests have a history.
 */
export async function seedDemo(context: AppLoadContext): Promise<void> {
  const realNow = context.now();
  const daysAgo = (days: number, hour = 10) => {
    const d = new Date(realNow.getTime() - days * 24 * 60 * 60 * 1000);
    d.setUTCHours(hour - 12 < 0 ? hour + 12 : hour - 12, 0, 0, 0);
    return d;
  };
  const at = (when: Date): AppLoadContext => ({ ...context, now: () => when });

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const ids = new Map<string, number>();
  for (const account of DEMO_ACCOUNTS) {
    const id = await createUser(at(daysAgo(30)), null, {
      email: account.email,
      name: account.name,
      roles: account.roles,
      passwordHash,
    });
    ids.set(account.email, id);
  }
  // The shared supplier records, as an admin would have entered them: logging never fills them in.
  for (const supplier of DEMO_SUPPLIERS) {
    await context.db
      .insertInto("suppliers")
      .values({
        name: supplier.name,
        nzbn: supplier.nzbn,
        contact_email: supplier.contactEmail,
        merged_into_id: null,
        created_at: daysAgo(30).toISOString(),
      })
      .execute();
  }
  const person = (email: string): Person => {
    const account = DEMO_ACCOUNTS.find((a) => a.email === email)!;
    return { id: ids.get(email)!, name: account.name, email };
  };
  const staff = person("staff@tautoko.example");
  const staff2 = person("staff2@tautoko.example");
  const manager = person("manager@tautoko.example");
  const manager2 = person("manager2@tautoko.example");
  const [acme, kowhai, southern] = DEMO_SUPPLIERS;
  const request = (
    overrides: Partial<LogRequestInput> & Pick<LogRequestInput, "supplierName" | "requestType" | "asked">,
  ): LogRequestInput => ({
    supplierNzbn: undefined,
    supplierContactEmail: undefined,
    enduring: "auto",
    channel: "email",
    receivedAt: daysAgo(1).toISOString(),
    originalMessage: undefined,
    contractRef: undefined,
    conflict: "none",
    conflictNote: undefined,
    ...overrides,
  });
  const revisionOf = async (id: number) =>
    (await context.db.selectFrom("requests").select("revision").where("id", "=", id).executeTakeFirstOrThrow())
      .revision;
  const noConflict = { hasConflict: false } as const;

  const allowDrafting = (when: Date, id: number, ground: string) =>
    revisionOf(id).then((revision) =>
      applyRequestEvent(
        at(when),
        id,
        {
          type: "allowDrafting",
          revision,
          conflict: noConflict,
          exceptionGround: ground,
          impact: {
            publicReaction: { risk: "low", note: "A factual statement of work already reported publicly." },
            supplierPerformance: {
              risk: "medium",
              note: "Performance reports are reviewed quarterly; the endorsement is reviewed yearly.",
            },
          },
        },
        manager,
      ),
    );
  const latestVersion = (id: number) => getLatestVersion(context.db, id);
  const draft = async (when: Date, id: number, author: Person, text: string) => {
    const latest = await latestVersion(id);
    const saved = await saveVersion(at(when), author, id, {
      text,
      basedOn: latest?.number ?? null,
      revision: await revisionOf(id),
      consents: [],
    });
    if (!saved.ok) throw new Error(`Seeding a version failed: ${JSON.stringify(saved)}`);
  };
  const submit = async (when: Date, id: number, author: Person) => {
    const latest = await latestVersion(id);
    if (!latest) throw new Error(`Seeding: request ${id} has no version to submit.`);
    await applyRequestEvent(
      at(when),
      id,
      { type: "submitVersion", revision: await revisionOf(id), versionNumber: latest.number },
      author,
    );
  };
  /** Approves the latest version the way the review page does: every criterion attested, every finding dealt with. */
  const approve = async (when: Date, id: number, decider: Person) => {
    const version = await latestVersion(id);
    if (!version) throw new Error(`Seeding: request ${id} has no version to approve.`);
    const form = new FormData();
    const fields: Record<string, string> = {
      versionId: String(version.id),
      sha256: version.sha256,
      revision: String(await revisionOf(id)),
      impactConfirmed: "on",
      conflict: "none",
      validUntil: "",
      "knownProblems.complete.known": "no",
      "knownProblems.balanced.known": "no",
    };
    for (const c of CRITERIA) {
      fields[`criteria.${c}.met`] = "met";
      fields[`criteria.${c}.note`] = "Checked against the contract file and the performance reports.";
    }
    version.findings
      .filter((f) => f.severity !== "suggestion")
      .forEach((f, i) => {
        fields[`findings.${i}.key`] = `${f.rule}:${f.start}:${f.end}`;
        if (f.severity === "error") fields[`findings.${i}.waiver`] = "Evidence held on the contract file.";
        else fields[`findings.${i}.acknowledged`] = "on";
      });
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const { enduring } = await context.db
      .selectFrom("requests")
      .select("enduring")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    const input = approvalSchema({ enduring: enduring === 1, now: () => when }).parse(nestedValuesOf(form));
    const approved = await approveReviewedVersion(at(when), decider, id, input);
    if (!approved.ok) throw new Error(`Seeding an approval failed: ${JSON.stringify(approved)}`);
  };
  const factual = (supplier: string, work: string) =>
    `Kāinga Ora engaged ${supplier} under contract C-2024-118 from March 2024 to February 2025 to ${work}. The work was completed on schedule.`;
  /** A request logged `days` ago (received the day before), allowed, drafted, submitted and approved over the next three days. */
  const approvedRequest = async (
    days: number,
    author: Person,
    decider: Person,
    input: Parameters<typeof request>[0],
    ground: string,
    work: string,
  ) => {
    const logged = await logRequest(
      at(daysAgo(days)),
      author,
      request({ ...input, receivedAt: daysAgo(days + 1).toISOString() }),
      [],
    );
    await allowDrafting(daysAgo(days - 1), logged.id, ground);
    await draft(daysAgo(days - 2), logged.id, author, factual(input.supplierName, work));
    await submit(daysAgo(days - 2), logged.id, author);
    await approve(daysAgo(days - 3), logged.id, decider);
    return logged;
  };

  // Expired: approved over a year ago and never reviewed, so the sweep expired it.
  await approvedRequest(
    400,
    staff,
    manager,
    {
      supplierName: kowhai.name,
      supplierNzbn: kowhai.nzbn,
      requestType: "case_study",
      asked: "A case study of the 2025 bathroom refit programme.",
    },
    "A factual case study of a programme we reported on publicly.",
    "refit 80 bathrooms in Lower Hutt",
  );
  await expireEndorsements(context);

  // Declined by default: nobody decided before the deadline, so the sweep declined it.
  await logRequest(
    at(daysAgo(40)),
    staff2,
    request({
      supplierName: acme.name,
      requestType: "written_reference",
      receivedAt: daysAgo(41).toISOString(),
      asked: "A written reference for an Auckland Council tender.",
    }),
    [],
  );
  // Cancelled by the requester.
  const cancelled = await logRequest(
    at(daysAgo(9)),
    staff,
    request({
      supplierName: southern.name,
      requestType: "logo_or_name_use",
      asked: "Use of our logo on their van signage.",
    }),
    [],
  );
  await applyRequestEvent(
    at(daysAgo(8)),
    cancelled.id,
    {
      type: "cancel",
      revision: await revisionOf(cancelled.id),
      reason: "The supplier withdrew the request by phone.",
    },
    staff,
  );

  // Withdrawn: approved, then withdrawn when the supplier's performance slipped.
  const withdrawnRef = await approvedRequest(
    120,
    staff2,
    manager2,
    {
      supplierName: acme.name,
      supplierNzbn: acme.nzbn,
      requestType: "written_reference",
      asked: "A written reference for a private housing developer.",
    },
    "The developer builds homes we lease; a factual reference serves tenants.",
    "repair 120 homes in Porirua",
  );
  await applyRequestEvent(
    at(daysAgo(20)),
    withdrawnRef.id,
    {
      type: "withdraw",
      revision: await revisionOf(withdrawnRef.id),
      conflict: noConflict,
      reason:
        "Two overdue repairs were escalated to us this month; the reference no longer reflects current performance.",
      notifySupplier: true,
    },
    manager2,
  );

  // Approved and in force.
  await approvedRequest(
    30,
    staff,
    manager,
    {
      supplierName: southern.name,
      requestType: "written_reference",
      asked: "A written reference about the insulation retrofit contract.",
    },
    "The retrofit is a public programme; a factual reference is in the public interest.",
    "insulate 300 homes in Christchurch",
  );

  // In review: a first draft with puffery, then a corrected second version submitted for review.
  const inReview = await logRequest(
    at(daysAgo(8)),
    staff2,
    request({
      supplierName: acme.name,
      supplierNzbn: acme.nzbn,
      requestType: "case_study",
      receivedAt: daysAgo(8, 9).toISOString(),
      asked: "A case study of the Porirua repairs for Acme's website.",
    }),
    [],
  );
  await allowDrafting(daysAgo(7), inReview.id, "The repairs programme is public; a factual case study is acceptable.");
  await draft(
    daysAgo(6),
    inReview.id,
    staff2,
    "Acme is the best contractor we have ever used and we recommend them to everyone.",
  );
  await draft(daysAgo(5), inReview.id, staff2, factual(acme.name, "repair 120 homes in Porirua"));
  await submit(daysAgo(5), inReview.id, staff2);

  // Escalated, waiting for the manager, with a short discussion.
  const acmeQuote = await logRequest(
    at(daysAgo(6)),
    staff,
    request({
      supplierName: acme.name,
      supplierNzbn: acme.nzbn,
      supplierContactEmail: acme.contactEmail,
      requestType: "promotional_quote",
      receivedAt: daysAgo(7).toISOString(),
      asked:
        "Acme would like a quote from Kāinga Ora for their website and brochure, saying we are happy with their maintenance work in Porirua.",
      originalMessage:
        "Kia ora Aroha,\n\nWe're refreshing our website and would love a short quote from Kāinga Ora about our maintenance work in Porirua. Something like \"Acme is the best maintenance contractor we've worked with\" would be perfect.\n\nNgā mihi,\nAcme marketing team",
      contractRef: "C-2024-118",
    }),
    [
      {
        name: "acme-request.txt",
        type: "text/plain",
        bytes: new TextEncoder().encode("Acme's request for a promotional quote (demo attachment).\n"),
      },
    ],
  );
  await applyRequestEvent(
    at(daysAgo(5)),
    acmeQuote.id,
    { type: "comment", body: "Acme rang again today to ask how long this takes." },
    staff,
  );
  await applyRequestEvent(
    at(daysAgo(4)),
    acmeQuote.id,
    { type: "comment", body: "Thanks Aroha. I will look at their recent performance reports first." },
    manager,
  );

  // Drafting allowed: an exception with its ground and considered impact.
  const kowhaiCase = await logRequest(
    at(daysAgo(3)),
    staff2,
    request({
      supplierName: kowhai.name,
      supplierNzbn: kowhai.nzbn,
      supplierContactEmail: kowhai.contactEmail,
      requestType: "case_study",
      channel: "phone",
      receivedAt: daysAgo(3, 9).toISOString(),
      asked: "Kōwhai Plumbing asked to publish a case study about the Hutt Valley hot-water cylinder replacements.",
      conflict: "declared",
      conflictNote: "My brother-in-law works at Kōwhai Plumbing as an apprentice.",
    }),
    [],
  );
  await applyRequestEvent(
    at(daysAgo(2)),
    kowhaiCase.id,
    {
      type: "allowDrafting",
      revision: await revisionOf(kowhaiCase.id),
      conflict: noConflict,
      exceptionGround:
        "The programme is already public, and a factual case study supports other housing providers learning from it.",
      impact: {
        publicReaction: { risk: "low", note: "Facts already published in our annual report." },
        supplierPerformance: {
          risk: "medium",
          note: "Contract runs to 2027; the case study will be reviewed before then.",
        },
      },
    },
    manager,
  );

  // Declined by the manager, with a reason.
  const southernVerbal = await logRequest(
    at(daysAgo(2)),
    staff,
    request({
      supplierName: southern.name,
      requestType: "verbal",
      channel: "in_person",
      receivedAt: daysAgo(2, 9).toISOString(),
      asked: "Asked at a site meeting whether we would be a verbal reference for a council tender.",
    }),
    [],
  );
  await applyRequestEvent(
    at(daysAgo(1)),
    southernVerbal.id,
    {
      type: "decline",
      revision: await revisionOf(southernVerbal.id),
      conflict: noConflict,
      reason:
        "We do not give references for tenders to other agencies; the council can ask us for contract facts directly.",
      notifySupplier: false,
    },
    manager2,
  );

  await declineOverdueRequests(context);
}

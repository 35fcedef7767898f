import type { AppLoadContext } from "@remix-run/node";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SUPPLIERS } from "#db/seed";
import { createUser } from "~/commands/users.server";
import { logRequest } from "~/commands/logRequest.server";
import { hashPassword } from "~/auth/password.server";
import { applyRequestEvent, type Person } from "~/commands/requestEvents.server";
import { declineOverdueRequests } from "~/jobs/sweeps.server";
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
  const person = (email: string): Person => {
    const account = DEMO_ACCOUNTS.find((a) => a.email === email)!;
    return { id: ids.get(email)!, name: account.name, email };
  };
  const staff = person("staff@tautoko.example");
  const staff2 = person("staff2@tautoko.example");
  const manager = person("manager@tautoko.example");
  const manager2 = person("manager2@tautoko.example");
  const [acme, kowhai, southern] = DEMO_SUPPLIERS;
  const request = (overrides: Partial<LogRequestInput> & Pick<LogRequestInput, "supplierName" | "requestType" | "asked">): LogRequestInput => ({
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
    (await context.db.selectFrom("requests").select("revision").where("id", "=", id).executeTakeFirstOrThrow()).revision;
  const noConflict = { hasConflict: false } as const;

  // Declined by default: nobody decided before the deadline, so the sweep declined it.
  await logRequest(
    at(daysAgo(40)),
    staff2,
    request({ supplierName: acme.name, requestType: "written_reference", receivedAt: daysAgo(41).toISOString(), asked: "A written reference for an Auckland Council tender." }),
    [],
  );
  // Cancelled by the requester.
  const cancelled = await logRequest(
    at(daysAgo(9)),
    staff,
    request({ supplierName: southern.name, requestType: "logo_or_name_use", asked: "Use of our logo on their van signage." }),
    [],
  );
  await applyRequestEvent(at(daysAgo(8)), cancelled.id, {
    type: "cancel",
    revision: await revisionOf(cancelled.id),
    reason: "The supplier withdrew the request by phone.",
  }, staff);

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
  await applyRequestEvent(at(daysAgo(5)), acmeQuote.id, { type: "comment", body: "Acme rang again today to ask how long this takes." }, staff);
  await applyRequestEvent(at(daysAgo(4)), acmeQuote.id, { type: "comment", body: "Thanks Aroha. I will look at their recent performance reports first." }, manager);

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
  await applyRequestEvent(at(daysAgo(2)), kowhaiCase.id, {
    type: "allowDrafting",
    revision: await revisionOf(kowhaiCase.id),
    conflict: noConflict,
    exceptionGround: "The programme is already public, and a factual case study supports other housing providers learning from it.",
    impact: {
      publicReaction: { risk: "low", note: "Facts already published in our annual report." },
      supplierPerformance: { risk: "medium", note: "Contract runs to 2027; the case study will be reviewed before then." },
    },
  }, manager);

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
  await applyRequestEvent(at(daysAgo(1)), southernVerbal.id, {
    type: "decline",
    revision: await revisionOf(southernVerbal.id),
    conflict: noConflict,
    reason: "We do not give references for tenders to other agencies; the council can ask us for contract facts directly.",
    notifySupplier: false,
  }, manager2);

  await declineOverdueRequests(context);
}

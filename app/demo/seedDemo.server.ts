import type { AppLoadContext } from "@remix-run/node";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SUPPLIERS } from "#db/seed";
import { createUser } from "~/commands/users.server";
import { logRequest } from "~/commands/logRequest.server";
import { hashPassword } from "~/auth/password.server";

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
  const staff = { id: ids.get("staff@tautoko.example")!, name: "Aroha Ngata", email: "staff@tautoko.example" };
  const staff2 = { id: ids.get("staff2@tautoko.example")!, name: "Ben Taylor", email: "staff2@tautoko.example" };
  const [acme, kowhai, southern] = DEMO_SUPPLIERS;

  await logRequest(
    at(daysAgo(6)),
    staff,
    {
      supplierName: acme.name,
      supplierNzbn: acme.nzbn,
      supplierContactEmail: acme.contactEmail,
      requestType: "promotional_quote",
      enduring: "auto",
      channel: "email",
      receivedAt: daysAgo(7).toISOString(),
      asked:
        "Acme would like a quote from Kāinga Ora for their website and brochure, saying we are happy with their maintenance work in Porirua.",
      originalMessage:
        "Kia ora Aroha,\n\nWe're refreshing our website and would love a short quote from Kāinga Ora about our maintenance work in Porirua. Something like \"Acme is the best maintenance contractor we've worked with\" would be perfect.\n\nNgā mihi,\nAcme marketing team",
      contractRef: "C-2024-118",
      conflict: "none",
      conflictNote: undefined,
    },
    [
      {
        name: "acme-request.txt",
        type: "text/plain",
        bytes: new TextEncoder().encode("Acme's request for a promotional quote (demo attachment).\n"),
      },
    ],
  );
  await logRequest(
    at(daysAgo(2)),
    staff2,
    {
      supplierName: kowhai.name,
      supplierNzbn: kowhai.nzbn,
      supplierContactEmail: kowhai.contactEmail,
      requestType: "case_study",
      enduring: "auto",
      channel: "phone",
      receivedAt: daysAgo(2, 9).toISOString(),
      asked: "Kōwhai Plumbing asked to publish a case study about the Hutt Valley hot-water cylinder replacements.",
      originalMessage: undefined,
      contractRef: undefined,
      conflict: "declared",
      conflictNote: "My brother-in-law works at Kōwhai Plumbing as an apprentice.",
    },
    [],
  );
  await logRequest(
    at(daysAgo(1)),
    staff,
    {
      supplierName: southern.name,
      supplierNzbn: undefined,
      supplierContactEmail: undefined,
      requestType: "verbal",
      enduring: "auto",
      channel: "in_person",
      receivedAt: daysAgo(1, 11).toISOString(),
      asked: "Asked at a site meeting whether we would be a verbal reference for a council tender.",
      originalMessage: undefined,
      contractRef: undefined,
      conflict: "none",
      conflictNote: undefined,
    },
    [],
  );
}

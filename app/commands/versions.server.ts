import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { applyRequestEvent, runRequestEvent, type EventOutcome, type Person } from "~/commands/requestEvents.server";
import type { DraftInput } from "~/workflow/draftForm";
import type { Refusal } from "~/workflow/lifecycle";
import type { ApprovalInput } from "~/workflow/review";
import { checkText, RULESET_VERSION } from "~/workflow/textChecks";
import { versionText } from "~/workflow/versions";

export type SaveVersionOutcome =
  | { ok: true; versionId: number; number: number; sha256: string; revision: number }
  | (Refusal & { latestNumber?: number | null; revision?: number });

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Saves the author's text as the next version (DESIGN.md "Endorsement
 * versions"): a lifecycle event like any other, so the core decides who may,
 * when, and on which base. Only hashing and the text checks happen here,
 * before the transaction, as they need node:crypto and the language model.
 */
export async function saveVersion(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: DraftInput,
): Promise<SaveVersionOutcome> {
  const text = versionText(input.text);
  const sha256 = sha256Hex(text);
  const outcome = await runRequestEvent(
    context,
    requestId,
    {
      type: "saveVersion",
      seenRevision: input.revision,
      basedOn: input.basedOn,
      text,
      sha256,
      findings: checkText(text),
      rulesetVersion: RULESET_VERSION,
      consents: input.consents,
    },
    person,
  );
  if (!outcome.ok) {
    // The author's form is rebased on what the server holds, so a second save is deliberate.
    const { snapshot, ...refusal } = outcome;
    return { ...refusal, latestNumber: snapshot.latestNumber, revision: snapshot.revision };
  }
  const versionId = outcome.inserted.versionId ?? 0;
  return { ok: true, versionId, number: (input.basedOn ?? 0) + 1, sha256, revision: outcome.revision };
}

/**
 * Approves the version the manager reviewed, bound to its id and hash
 * (DESIGN.md "Approval"). The core weighs the posted review against the
 * version's stored findings and stores the review with the approval.
 */
export async function approveReviewedVersion(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: ApprovalInput,
  formKey: string | null = null,
): Promise<EventOutcome> {
  return applyRequestEvent(
    context,
    requestId,
    {
      type: "approveVersion",
      revision: input.revision,
      conflict: input.conflict,
      versionId: input.versionId,
      sha256: input.sha256,
      validUntil: input.validUntil,
      review: input,
      notifySupplier: input.notifySupplier,
      permittedUse: input.permittedUse,
    },
    person,
    { formKey },
  );
}

/** Sends the version back to drafting with the manager's comments; the core records the review. */
export async function requestChangesToVersion(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: { revision: number; comments: string; conflict: ApprovalInput["conflict"] },
  formKey: string | null = null,
): Promise<EventOutcome> {
  return applyRequestEvent(
    context,
    requestId,
    { type: "requestChanges", revision: input.revision, conflict: input.conflict, comments: input.comments },
    person,
    { formKey },
  );
}

/** Declines the request while its version is in review; the core records the review. */
export async function declineInReview(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: { revision: number; reason: string; notifySupplier: boolean; conflict: ApprovalInput["conflict"] },
  formKey: string | null = null,
): Promise<EventOutcome> {
  return applyRequestEvent(
    context,
    requestId,
    {
      type: "decline",
      revision: input.revision,
      conflict: input.conflict,
      reason: input.reason,
      notifySupplier: input.notifySupplier,
    },
    person,
    { formKey },
  );
}

import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import { appendAuditEvent } from "~/audit/audit.server";
import {
  actorFor,
  applyRequestEvent,
  auditRefusal,
  loadSnapshot,
  type EventOutcome,
  type Person,
} from "~/commands/requestEvents.server";
import { parseFindings } from "~/models/versions.server";
import type { DraftInput } from "~/workflow/draftForm";
import { decidingCapacity, staleRevisionReason, type Refusal } from "~/workflow/lifecycle";
import { refuse } from "~/workflow/policy";
import { approvalBlockers, reviewRecordOf, type ApprovalInput } from "~/workflow/review";
import { checkText, RULESET_VERSION } from "~/workflow/textChecks";
import { basedOnIsLatest, maySaveVersion, versionText } from "~/workflow/versions";

export type SaveVersionOutcome =
  | { ok: true; versionId: number; number: number; sha256: string; revision: number }
  | (Refusal & { latestNumber?: number | null; revision?: number });

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/**
 * Saves the author's text as the next version (DESIGN.md "Endorsement
 * versions"): a version never changes, so every save makes version n+1,
 * based on the version the author saw. In one transaction: the version, its
 * findings and consents, the request's new revision and the audit event — or,
 * when refused, only an audit event saying so.
 */
export async function saveVersion(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: DraftInput,
): Promise<SaveVersionOutcome> {
  const now = context.now();
  const at = now.toISOString();
  const text = versionText(input.text);
  const sha256 = sha256Hex(text);
  const findings = checkText(text);

  return context.db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom("requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
    const snapshot = await loadSnapshot(trx, request);
    const actor = await actorFor(trx, person, now);
    const latestNumber = snapshot.latestVersion?.number ?? null;

    const refusal: (Refusal & { latestNumber?: number | null; revision?: number }) | null =
      maySaveVersion(snapshot, actor, now) ??
      (!basedOnIsLatest(input.basedOn, latestNumber)
        ? {
            ...refuse(
              409,
              "version_not_latest",
              latestNumber === null
                ? "Your text was not saved: it says it was based on a version that does not exist."
                : `Version ${latestNumber} was saved while you were writing, so yours was not saved. Your text is kept below: read version ${latestNumber}, then save again to make yours version ${latestNumber + 1}.`,
            ),
            latestNumber,
            revision: request.revision,
          }
        : null) ??
      // A version is immutable and identified by its hash: the same text again is not a new version (issue 20, item 13).
      (snapshot.latestVersion?.sha256 === sha256
        ? {
            ...refuse(
              400,
              "no_changes",
              `This text is exactly the text of version ${latestNumber}, so no new version was saved. Change the text to save version ${(latestNumber ?? 0) + 1}.`,
              "text",
            ),
            latestNumber,
            revision: request.revision,
          }
        : null) ??
      (input.revision !== request.revision
        ? {
            ...refuse(409, "stale_revision", staleRevisionReason(request.revision)),
            latestNumber,
            revision: request.revision,
          }
        : null);
    if (refusal) {
      await auditRefusal(trx, { at, person, request, event: "saveVersion", refusal });
      return refusal;
    }

    const number = (latestNumber ?? 0) + 1;
    const version = await trx
      .insertInto("endorsement_versions")
      .values({
        request_id: requestId,
        number,
        based_on: input.basedOn,
        author_id: person.id,
        created_at: at,
        text,
        sha256,
        findings: JSON.stringify(findings),
        ruleset_version: RULESET_VERSION,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const consent of input.consents) {
      await trx
        .insertInto("version_consents")
        .values({
          version_id: version.id,
          person_name: consent.personName,
          relation: consent.relation,
          consent: consent.consent,
        })
        .execute();
    }
    const revision = request.revision + 1;
    await trx
      .updateTable("requests")
      .set({ revision, updated_at: at })
      .where("id", "=", requestId)
      .where("revision", "=", request.revision)
      .execute();

    const capacity = actor.userId === request.requester_id ? null : decidingCapacity(snapshot, actor);
    const findingCounts = { error: 0, warning: 0, suggestion: 0 };
    for (const f of findings) findingCounts[f.severity] += 1;
    await appendAuditEvent(trx, {
      at,
      actorId: person.id,
      actorRole: capacity === null ? "staff" : capacity.as === "manager" ? "procurement_manager" : "delegate",
      onBehalfOfId: capacity?.onBehalfOf ?? null,
      action: "request.versionSaved",
      requestId,
      fromState: request.state,
      toState: request.state,
      payload: {
        versionId: version.id,
        number,
        sha256,
        basedOn: input.basedOn,
        rulesetVersion: RULESET_VERSION,
        findingCounts,
        consents: input.consents.length,
      },
    });
    return { ok: true, versionId: version.id, number, sha256, revision };
  });
}

/**
 * Approves the version the manager reviewed, bound to its id and hash
 * (DESIGN.md "Approval"). The review's blockers are computed from the
 * version's stored findings; the lifecycle refuses unless there are none and
 * the version and hash are still the latest. The review is stored with the
 * approval, in its transaction.
 */
export async function approveReviewedVersion(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: ApprovalInput,
  formKey: string | null = null,
): Promise<EventOutcome> {
  const version = await context.db
    .selectFrom("endorsement_versions")
    .select(["id", "findings"])
    .where("id", "=", input.versionId)
    .where("request_id", "=", requestId)
    .executeTakeFirst();
  const findings = version ? parseFindings(version.findings) : [];
  const record = reviewRecordOf(input, findings);
  const blockers = approvalBlockers(record, findings, record.impactConfirmed);
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
      blockers,
      notifySupplier: input.notifySupplier,
      permittedUse: input.permittedUse,
    },
    person,
    {
      formKey,
      alsoWrite: async (trx, at) => {
        await trx
          .insertInto("version_reviews")
          .values({
            request_id: requestId,
            version_id: input.versionId,
            reviewer_id: person.id,
            created_at: at,
            outcome: "approved",
            review: JSON.stringify({ ...record, sha256: input.sha256.toLowerCase(), validUntil: input.validUntil }),
          })
          .execute();
      },
    },
  );
}

/** Sends the version back to drafting with the manager's comments, recording the review. */
export async function requestChangesToVersion(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: { versionId: number; revision: number; comments: string; conflict: ApprovalInput["conflict"] },
  formKey: string | null = null,
): Promise<EventOutcome> {
  return applyRequestEvent(
    context,
    requestId,
    { type: "requestChanges", revision: input.revision, conflict: input.conflict, comments: input.comments },
    person,
    {
      formKey,
      alsoWrite: versionReviewWriter(requestId, input.versionId, person, "changes_requested", {
        comments: input.comments.trim(),
      }),
    },
  );
}

/** Declines the request while its version is in review, recording the review. */
export async function declineInReview(
  context: AppLoadContext,
  person: Person,
  requestId: number,
  input: {
    versionId: number;
    revision: number;
    reason: string;
    notifySupplier: boolean;
    conflict: ApprovalInput["conflict"];
  },
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
    {
      formKey,
      alsoWrite: versionReviewWriter(requestId, input.versionId, person, "declined", { reason: input.reason.trim() }),
    },
  );
}

function versionReviewWriter(
  requestId: number,
  postedVersionId: number,
  person: Person,
  outcome: "changes_requested" | "declined",
  review: Record<string, unknown>,
) {
  return async (trx: DB, at: string) => {
    // The review belongs to the latest version, whichever the stale form named.
    const latest = await trx
      .selectFrom("endorsement_versions")
      .select("id")
      .where("request_id", "=", requestId)
      .orderBy("number", "desc")
      .limit(1)
      .executeTakeFirst();
    const versionId = latest?.id ?? postedVersionId;
    await trx
      .insertInto("version_reviews")
      .values({
        request_id: requestId,
        version_id: versionId,
        reviewer_id: person.id,
        created_at: at,
        outcome,
        review: JSON.stringify(review),
      })
      .execute();
  };
}

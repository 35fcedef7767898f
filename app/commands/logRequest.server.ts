import { createHash } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { appendAuditEvent } from "~/audit/audit.server";
import { managersAndDelegates, queueNotification, requestUrl } from "~/mail/notify.server";
import { allocateReference } from "~/models/requests.server";
import { resolveSupplier } from "~/models/suppliers.server";
import { formatDeadline, nzDateOf } from "~/workflow/nzTime";
import { enduringByDefault, type LogRequestInput } from "~/workflow/requestForm";
import { responseDeadline } from "~/workflow/workingDays.server";

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * Logs a supplier's request and escalates it in the same step (DESIGN.md,
 * "Logging escalates"): outcome decline from the start, state escalated, the
 * response deadline set, every manager and acting delegate emailed — all in
 * one transaction with its audit event.
 */
/** The typed NZBN is another supplier's: the form asks the person to use that supplier or correct the NZBN. */
export class NzbnHeldError extends Error {
  constructor(readonly holder: { id: number; name: string }) {
    super(`The NZBN belongs to "${holder.name}".`);
  }
}

export async function logRequest(
  context: AppLoadContext,
  requester: { id: number; name: string; email: string },
  input: LogRequestInput,
  files: readonly UploadedFile[],
): Promise<{ id: number; reference: string }> {
  const now = context.now();
  const at = now.toISOString();
  const deadlineAt = responseDeadline(now);
  const enduring = input.enduring === "auto" ? enduringByDefault(input.requestType) : input.enduring === "yes";
  const year = Number(nzDateOf(now).slice(0, 4));
  const hashed = files.map((f) => ({ ...f, sha256: createHash("sha256").update(f.bytes).digest("hex") }));

  return context.db.transaction().execute(async (trx) => {
    const typed = { name: input.supplierName, nzbn: input.supplierNzbn, contactEmail: input.supplierContactEmail };
    const chosen = input.useSupplierId === undefined ? undefined : Number(input.useSupplierId);
    const resolved = await resolveSupplier(trx, typed, chosen, now);
    if (resolved.kind === "nzbn_held") {
      throw new NzbnHeldError({ id: resolved.holder.id, name: resolved.holder.name });
    }
    const { supplier } = resolved;
    const { reference, seq } = await allocateReference(trx, year);
    const { id } = await trx
      .insertInto("requests")
      .values({
        reference,
        year,
        seq,
        supplier_id: supplier.id,
        request_type: input.requestType,
        enduring: enduring ? 1 : 0,
        channel: input.channel,
        received_at: input.receivedAt,
        asked: input.asked,
        original_message: input.originalMessage ?? null,
        contract_ref: input.contractRef ?? null,
        requester_conflict: input.conflict === "declared" ? 1 : 0,
        requester_conflict_note: input.conflict === "declared" ? (input.conflictNote ?? null) : null,
        requester_id: requester.id,
        logged_by_id: requester.id,
        contact_email: input.supplierContactEmail ?? null,
        logged_at: at,
        state: "escalated",
        outcome: "decline",
        deadline_at: deadlineAt,
        reminder_sent_for: null,
        declined_by_default: 0,
        decided_at: null,
        decided_by: null,
        decision_reason: null,
        exception_ground: null,
        impact_public_risk: null,
        impact_public_note: null,
        impact_performance_risk: null,
        impact_performance_note: null,
        drafting_allowed_at: null,
        revision: 1,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    for (const file of hashed) {
      await trx
        .insertInto("attachments")
        .values({
          request_id: id,
          filename: file.name,
          content_type: file.type || "application/octet-stream",
          size: file.bytes.byteLength,
          sha256: file.sha256,
          content: Buffer.from(file.bytes),
          uploaded_at: at,
          uploaded_by: requester.id,
        })
        .execute();
    }

    await appendAuditEvent(trx, {
      at,
      actorId: requester.id,
      actorRole: "staff",
      onBehalfOfId: null,
      action: "request.logged",
      requestId: id,
      fromState: null,
      toState: "escalated",
      payload: {
        reference,
        supplier: { id: supplier.id, name: supplier.name, created: resolved.created },
        // What was typed, kept whatever supplier the request was filed under.
        typedSupplier: { name: typed.name, nzbn: typed.nzbn ?? null, contactEmail: typed.contactEmail ?? null },
        requestType: input.requestType,
        enduring,
        channel: input.channel,
        receivedAt: input.receivedAt,
        outcome: "decline",
        deadlineAt,
        requesterConflict: input.conflict === "declared",
        attachments: hashed.map((f) => ({ name: f.name, size: f.bytes.byteLength, sha256: f.sha256 })),
      },
    });

    await queueNotification(trx, context, {
      template: "escalation",
      to: await managersAndDelegates(trx, now),
      requestId: id,
      now,
      props: {
        reference,
        supplierName: supplier.name,
        requestType: input.requestType,
        enduring,
        asked: input.asked,
        requesterName: requester.name,
        requesterConflictDeclared: input.conflict === "declared",
        requesterConflictNote: input.conflict === "declared" ? input.conflictNote : undefined,
        deadlineText: formatDeadline(deadlineAt),
        requestUrl: requestUrl(context, reference),
      },
    });

    return { id, reference };
  });
}

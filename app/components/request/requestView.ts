import type { RequestDetail } from "~/models/requests.server";
import { nzDateOf } from "~/workflow/nzTime";

/**
 * A request as its pages show it (the request page, the review pages):
 * plain names for the columns, flags as booleans. One mapper, so each page
 * reads the same words for the same facts.
 */
export function requestView(req: RequestDetail) {
  return {
    id: req.id,
    reference: req.reference,
    state: req.state,
    outcome: req.outcome,
    supplierName: req.supplier_name,
    supplierNzbn: req.supplier_nzbn,
    supplierContactEmail: req.supplier_contact_email,
    requestContactEmail: req.contact_email,
    noticeEmail: req.notice_email,
    requestType: req.request_type,
    enduring: req.enduring === 1,
    channel: req.channel,
    receivedAt: req.received_at,
    asked: req.asked,
    originalMessage: req.original_message,
    contractRef: req.contract_ref,
    requesterConflict: req.requester_conflict === 1,
    requesterConflictNote: req.requester_conflict_note,
    requesterName: req.requester_name,
    loggerName: req.logger_name,
    reassigned: req.requester_id !== req.logged_by_id,
    loggedAt: req.logged_at,
    deadlineAt: req.deadline_at,
    declinedByDefault: req.declined_by_default === 1,
    decisionReason: req.decision_reason,
    deciderName: req.decider_name,
    decidedAt: req.decided_at,
    revision: req.revision,
    exceptionGround: req.exception_ground,
    impactPublicRisk: req.impact_public_risk,
    impactPublicNote: req.impact_public_note,
    impactPerformanceRisk: req.impact_performance_risk,
    impactPerformanceNote: req.impact_performance_note,
    draftingAllowedAt: req.drafting_allowed_at,
    permittedUse: req.permitted_use,
    supplierNoticeSentAt: req.supplier_notice_sent_at,
    updatedAt: req.updated_at,
    validUntil: req.valid_until,
    deadlineDate: nzDateOf(req.deadline_at),
  };
}

export type RequestView = ReturnType<typeof requestView>;

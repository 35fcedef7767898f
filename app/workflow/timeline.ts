/** Audit events described in plain words for a request's timeline (pure; shared by pages and exports). */

import { DOING_WORDS, type WorkflowEventType } from "~/workflow/policy";
import { REQUEST_DETAIL_WORDS } from "~/workflow/vocabulary";

export interface TimelineEvent {
  seq: number;
  at: string;
  action: string;
  actorName: string | null;
  onBehalfOfName: string | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

const nameOf = (v: unknown) => (v && typeof v === "object" && "name" in v ? str(v.name) : "");

/** What an event does, in words ("approve a version of"); older or unknown events say only "act on". */
function doingWords(event: string): string {
  return event in DOING_WORDS ? DOING_WORDS[event as WorkflowEventType] : "act on";
}

const AND_LIST = new Intl.ListFormat("en-NZ", { type: "conjunction" });

function detailWords(key: string): string {
  return key in REQUEST_DETAIL_WORDS ? REQUEST_DETAIL_WORDS[key as keyof typeof REQUEST_DETAIL_WORDS] : "a detail";
}

/** The details a correction changed, as people name them; a change of supplier names both suppliers. */
function correctedFields(changes: unknown): string {
  const entries = Object.entries((changes as Record<string, { from?: unknown; to?: unknown }>) ?? {});
  if (entries.length === 0) return "the request";
  return AND_LIST.format(
    entries.map(([key, change]) =>
      key === "supplier_id" ? `the supplier (from ${nameOf(change.from)} to ${nameOf(change.to)})` : detailWords(key),
    ),
  );
}

export function describeEvent(e: TimelineEvent): string {
  const who = e.actorName ?? "Tautoko";
  const p = e.payload;
  switch (e.action) {
    case "request.logged":
      return `${who} logged the request; it was escalated to the Procurement Excellence Manager with outcome decline by default.`;
    case "request.allowDrafting":
      return `${who} allowed drafting as an exception. Ground: ${str(p.exceptionGround)}${p.keptExtension ? " The extended deadline was kept, as it is later than drafting's own deadline." : ""}`;
    case "request.decline":
      return `${who} declined the request. Reason: ${str(p.reason)}${p.supplierNotified ? " The supplier was sent a decline notice." : ""}`;
    case "request.sendDeclineNotice":
      return `${who} sent the supplier's contact (${str(p.sentTo)}) the decline notice.`;
    case "request.declineByDefault":
      return "The deadline passed without a decision, so the request was declined by default.";
    case "request.cancel":
      return `${who} cancelled the request. Reason: ${str(p.reason)}`;
    case "request.correct":
      return `${who} corrected ${correctedFields(p.changes)}.`;
    case "request.extendDeadline":
      return `${who} extended the deadline. Reason: ${str(p.reason)}`;
    case "request.comment":
      return `${who} commented.`;
    case "request.remindDeadline":
      return "The deciders were reminded that the deadline is two working days away.";
    case "request.versionSaved":
      return `${who} saved version ${String(p.number ?? "")} of the endorsement text.`;
    case "request.submitVersion":
      return `${who} submitted version ${String(p.versionNumber ?? "")} for review.`;
    case "request.requestChanges":
      return `${who} asked for changes to version ${String(p.versionNumber ?? "")}.`;
    case "request.approveVersion":
      return `${who} approved version ${String(p.versionNumber ?? "")} (SHA-256 ${str(p.sha256).slice(0, 12)}…)${p.permittedUse ? ` for use: ${str(p.permittedUse)}` : ""}.`;
    case "request.recordReview":
      return p.confirm
        ? `${who} reviewed the endorsement and confirmed it.`
        : `${who} reviewed the endorsement and withdrew it.`;
    case "request.withdraw":
      return `${who} withdrew the endorsement. Reason: ${str(p.reason)}`;
    case "request.expire":
      return "The endorsement expired: its valid-until date passed without a review.";
    case "request.reviewReminder":
      return "The managers were reminded to review the endorsement before it expires.";
    case "request.supplierMerged":
      return `${who} merged this request's supplier into another supplier record (a duplicate).`;
    case "request.reassigned":
      // Older events carry only ids; newer ones name both people.
      return p.fromName && p.toName
        ? `${who} passed the request from ${str(p.fromName)} to ${str(p.toName)}, who now follows it. ${str(p.loggedByName) || str(p.fromName)} logged it and still can never decide it.`
        : `${who} reassigned the request to another member of staff.`;
    case "request.refused":
      return `${who} tried to ${doingWords(str(p.event))} the request, which was refused: ${str(p.reason)}`;
    default:
      return `${who}: ${e.action}`;
  }
}

import type { ConsentRelation } from "#db/schema";
import { refuse, reached, decidingCapacity, type Actor, type Refusal, type RequestSnapshot } from "~/workflow/policy";
import { normalizeText } from "~/workflow/textChecks/normalize";

/**
 * Endorsement versions, the pure part: how a text is stored (NFC) and who may
 * write a version when (DESIGN.md "Endorsement versions"). The SHA-256 is
 * computed on the server only, where node:crypto is synchronous.
 */

export const CONSENT_RELATIONS = ["colleague", "customer", "contractor"] as const satisfies readonly ConsentRelation[];

export const CONSENT_RELATION_LABELS: Record<ConsentRelation, string> = {
  colleague: "Colleague",
  customer: "Customer",
  contractor: "Contractor",
};

/** What the consent field holds for each relation (DESIGN.md: a Talent Release form for customers and contractors). */
export const CONSENT_LABELS: Record<ConsentRelation, string> = {
  colleague: "How they gave permission",
  customer: "Talent Release form reference",
  contractor: "Talent Release form reference",
};

/**
 * A version's text as stored and hashed: NFC, so a macron typed either way
 * gives one text and one hash; and "\n" line ends, because a browser posts a
 * textarea's lines with "\r\n" but shows them to the script with "\n", and
 * the live findings' offsets must agree with the stored ones.
 */
export function versionText(text: string): string {
  return normalizeText(text.replace(/\r\n?/g, "\n"));
}

/**
 * Whether this actor may save a new version of this request now. The
 * requester drafts; a manager (or acting delegate) who may decide the request
 * may write one too, and then may not approve it. Only while drafting and
 * before the deadline, which governs the whole undecided phase.
 */
export function maySaveVersion(request: RequestSnapshot, actor: Actor, now: Date): Refusal | null {
  const isRequester = actor.userId === request.requesterId;
  if (!isRequester && decidingCapacity(request, actor) === null) {
    return refuse(
      403,
      "not_requester",
      "Only the person who logged this request, or a manager who may decide it, can write the endorsement text.",
    );
  }
  if (request.state !== "drafting") {
    return refuse(
      409,
      "wrong_state",
      request.state === "in_review"
        ? "This request is in review, so the text cannot change now; the manager can send it back for changes."
        : "The endorsement text can only be written while the request is in drafting.",
    );
  }
  if (reached(now, request.deadlineAt)) {
    return refuse(
      409,
      "deadline_passed",
      "The deadline for this request has passed, so no new version can be saved; it will be declined by default.",
    );
  }
  return null;
}

/** Whether the posted base is the latest version the author should have started from. */
export function basedOnIsLatest(basedOn: number | null, latestNumber: number | null): boolean {
  return basedOn === latestNumber;
}

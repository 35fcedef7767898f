import type { ConsentRelation } from "#db/schema";
import { permission, stateAllows, type Actor, type Refusal, type RequestSnapshot } from "~/workflow/policy";
import { normalizeText } from "~/workflow/textChecks/normalize";

/**
 * Endorsement versions, the pure part: how a text is stored (NFC) and who may
 * write a version when (DESIGN.md "Endorsement versions"). The SHA-256 is
 * computed on the server only, where node:crypto is synchronous.
 */

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
 * Whether this actor may save a new version of this request now, as the
 * lifecycle decides it (the "saveVersion" event): for pages, which offer the
 * editor only where a save would be accepted.
 */
export function maySaveVersion(request: RequestSnapshot, actor: Actor, now: Date): Refusal | null {
  const allowed = permission(request, "saveVersion", actor);
  return allowed.ok ? stateAllows(request, "saveVersion", now) : allowed;
}

import { z } from "zod";
import { requiredChoice, requiredText } from "~/http/fieldErrors";
import { RISK_LEVELS } from "~/workflow/vocabulary";
import type { ConflictDeclaration, WorkflowEvent } from "~/workflow/lifecycle";
import { isCalendarDate } from "~/workflow/nzTime";

/** Schemas for the forms on a request's page, shared by the browser and the action. */

const revision = z.coerce
  .number({ invalid_type_error: "This form is missing its revision number; reload the page." })
  .int()
  .positive("This form is missing its revision number; reload the page.");

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be at most ${max.toLocaleString("en-NZ")} characters.`)
    .optional()
    .transform((v) => v ?? "");

const CONFLICT_MISSING = "Declare whether you have a conflict of interest with this request.";
// Required by refinement, so a missing choice is reported with every other problem (app/http/fieldErrors.ts).
const conflictFields = {
  conflict: requiredChoice(["none", "declared"], CONFLICT_MISSING),
  conflictNote: text(2000, "The conflict note"),
};

export { RISK_LEVELS };
const risk = (what: string) => z.enum(RISK_LEVELS, { errorMap: () => ({ message: `Rate the ${what}.` }) });
/** A field hidden after choosing "decline" still holds "" in the browser's form state; it means "not given". */
const emptyAsUndefined = (v: unknown) => (v === "" ? undefined : v);

function conflictOf(v: { conflict: "none" | "declared"; conflictNote: string }): ConflictDeclaration {
  return v.conflict === "declared" ? { hasConflict: true, note: v.conflictNote } : { hasConflict: false };
}

function requireConflictNote(v: { conflict: string; conflictNote: string }, ctx: z.RefinementCtx) {
  if (v.conflict === "declared" && !v.conflictNote) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ["conflictNote"],
      message: "Describe the conflict of interest.",
    });
  }
}

/** Decline is preselected: the policy's default outcome. */
export const decideSchema = z
  .object({
    revision,
    decision: z.enum(["decline", "allowDrafting"]).default("decline"),
    // Optional here and required below, so a missing declaration is reported with every other problem at once
    // (an object's refinements run only once all its fields parse).
    conflict: conflictFields.conflict.optional(),
    conflictNote: conflictFields.conflictNote,
    reason: text(5000, "The reason"),
    // "on" from a plain form post, a boolean from react-hook-form's checkbox state.
    notifySupplier: z.union([z.literal("on"), z.boolean()]).optional(),
    exceptionGround: text(5000, "The exception ground"),
    publicRisk: z.preprocess(emptyAsUndefined, risk("risk of adverse public reaction").optional()),
    publicNote: text(2000, "The note"),
    performanceRisk: z.preprocess(emptyAsUndefined, risk("risk that the supplier's performance declines").optional()),
    performanceNote: text(2000, "The note"),
  })
  .superRefine((v, ctx) => {
    const need = (field: keyof typeof v, message: string) => {
      if (!v[field]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
    };
    need("conflict", CONFLICT_MISSING);
    if (v.conflict) requireConflictNote({ conflict: v.conflict, conflictNote: v.conflictNote }, ctx);
    if (v.decision === "decline") {
      need("reason", "Give the reason for declining; the requester will see it.");
    } else {
      need("exceptionGround", "Give the exception ground: why this request may be an exception to the rule.");
      need("publicRisk", "Rate the risk of adverse public reaction.");
      need("publicNote", "Say what you considered about the risk of adverse public reaction.");
      need("performanceRisk", "Rate the risk that the supplier's performance declines.");
      need("performanceNote", "Say what you considered about the risk that the supplier's performance declines.");
    }
  });

export function decideEvent(v: z.output<typeof decideSchema>): WorkflowEvent {
  // The schema's refinement has already required the declaration.
  const declared = { conflict: v.conflict ?? "declared", conflictNote: v.conflictNote } as const;
  if (v.decision === "decline") {
    return {
      type: "decline",
      revision: v.revision,
      conflict: conflictOf(declared),
      reason: v.reason,
      notifySupplier: v.notifySupplier === "on" || v.notifySupplier === true,
    };
  }
  return {
    type: "allowDrafting",
    revision: v.revision,
    conflict: conflictOf(declared),
    exceptionGround: v.exceptionGround,
    impact: {
      publicReaction: { risk: v.publicRisk ?? "high", note: v.publicNote },
      supplierPerformance: { risk: v.performanceRisk ?? "high", note: v.performanceNote },
    },
  };
}

export const extendSchema = z
  .object({
    revision,
    ...conflictFields,
    newDeadlineDate: z
      .string()
      .optional()
      .default("")
      .refine((day) => day !== "", "Choose the new deadline.")
      .refine((day) => day === "" || isCalendarDate(day), "Choose the new deadline as a date."),
    reason: requiredText(2000, "Give the reason for extending the deadline.", "Keep the reason to 2,000 characters."),
  })
  .superRefine(requireConflictNote);

export const cancelSchema = z.object({
  revision,
  reason: requiredText(2000, "Say why you are cancelling this request.", "Keep the reason to 2,000 characters."),
});

/** The decline notice, sent after the fact to the address the page showed. */
export const declineNoticeSchema = z.object({
  revision,
  to: z.string().trim().max(320).email("This form is missing the supplier's address; reload the page."),
});

export const commentSchema = z.object({
  body: z.string().trim().min(1, "Write a comment before sending it.").max(5000, "Keep a comment to 5,000 characters."),
});

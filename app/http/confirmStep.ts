/**
 * A final action asked to confirm first, without JavaScript: the button posts
 * `step=confirm`, and the action answers with the form to send again instead
 * of acting. A post without the field acts at once, as before (the dialog's
 * "Yes" and every other client).
 */
export const CONFIRM_STEP_FIELD = "step";
export const CONFIRM_STEP_VALUE = "confirm";

/** Fields that are never replayed: the session's CSRF token is added afresh, and the step itself. */
const NOT_REPLAYED = new Set(["csrf", CONFIRM_STEP_FIELD]);

export interface ConfirmationStep {
  intent: string;
  fields: Array<[string, string]>;
}

/**
 * The confirmation step for this post, or null when it should act now.
 * `fixed` values replace the posted ones, so the step confirms exactly the
 * action its button named (a "Decline" press declines whatever radio was on).
 */
export function confirmationStepOf(form: FormData, fixed: Record<string, string> = {}): ConfirmationStep | null {
  if (form.get(CONFIRM_STEP_FIELD) !== CONFIRM_STEP_VALUE) return null;
  const fields: Array<[string, string]> = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === "string" && !NOT_REPLAYED.has(name) && !(name in fixed)) fields.push([name, value]);
  }
  fields.push(...Object.entries(fixed));
  return { intent: String(form.get("intent") ?? ""), fields };
}

/** A posted value of the step, as the consequences of the action need it. */
export function stepValue(step: ConfirmationStep, name: string): string | undefined {
  return step.fields.find(([field]) => field === name)?.[1];
}

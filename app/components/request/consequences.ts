/**
 * What a final action does and who is emailed, in the words the confirmation
 * shows: the same lines for the dialog (read from the form) and for the step
 * without JavaScript (read from the post). They follow the emails the core's
 * transition sends (app/workflow/lifecycle.ts).
 */
export interface NoticeFacts {
  requesterName: string;
  /** Where a notice to the supplier would go; null when none is known. */
  supplierContact: string | null;
  /** Whether the decider ticked the notice to the supplier. */
  notifySupplier: boolean;
}

function supplierLine(facts: NoticeFacts, notice: string, later: string): string {
  if (!facts.supplierContact) return "The supplier is not emailed: no contact email is known.";
  return facts.notifySupplier
    ? `The supplier's contact, ${facts.supplierContact}, is sent ${notice}.`
    : `The supplier is not emailed${later}.`;
}

export function declineConsequences(reference: string, facts: NoticeFacts): string[] {
  return [
    `${reference} is declined; this cannot be undone.`,
    `${facts.requesterName}, the requester, is emailed the decision and your reason.`,
    supplierLine(facts, "a courteous decline notice (no reason, no names)", "; you can send a decline notice later"),
  ];
}

export function withdrawConsequences(reference: string, facts: NoticeFacts): string[] {
  return [
    `The endorsement of ${reference} is withdrawn and is no longer in force; this cannot be undone.`,
    `${facts.requesterName}, the requester, is emailed the withdrawal and your reason.`,
    supplierLine(facts, "a withdrawal notice", ""),
  ];
}

export function cancelConsequences(reference: string): string[] {
  return [`${reference} is cancelled; this cannot be undone.`, "Nobody is emailed."];
}

/** Whether the form's notice-to-the-supplier box is ticked, as the dialog opens. */
export function noticeTicked(form: HTMLFormElement | null): boolean {
  const box = form?.querySelector<HTMLInputElement>('input[name="notifySupplier"]');
  return box?.checked ?? false;
}

import { Form } from "@remix-run/react";
import { CsrfField, Field } from "~/components/forms";
import { ConfirmSubmit } from "~/components/request/ConfirmSubmit";
import { ConflictFields } from "~/components/request/ConflictFields";
import { noticeTicked } from "~/components/request/consequences";
import type { ConflictDeclarationView } from "~/models/conflicts.server";
import type { FieldErrors } from "~/http/fieldErrors";

/**
 * A final decision that needs only a reason, an optional notice to the
 * supplier and the decider's conflict declaration: declining a version in
 * review, withdrawing an endorsement. It asks for confirmation first.
 */
export function ReasonedDecisionForm({
  intent,
  heading,
  hidden,
  errors,
  supplierContact,
  noticeLabel,
  submitLabel,
  idPrefix,
  previousDeclaration,
  question,
  consequences,
  className = "panel",
}: {
  intent: string;
  heading: string;
  hidden: Record<string, string | number>;
  errors: FieldErrors;
  /** Where the notice would go, shown so the decider sees it before choosing to send. */
  supplierContact: string | null;
  noticeLabel: string;
  submitLabel: string;
  idPrefix: string;
  previousDeclaration: ConflictDeclarationView | null;
  /** The confirmation's question, and what happens given whether the notice is ticked. */
  question: string;
  consequences: (notifySupplier: boolean) => readonly string[];
  className?: string;
}) {
  return (
    <Form method="post" className={className}>
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {heading ? <h2>{heading}</h2> : null}
      <Field id={`${idPrefix}reason`} label="Reason (the requester will see it)" required error={errors.reason}>
        <textarea id={`${idPrefix}reason`} name="reason" rows={3} />
      </Field>
      {supplierContact ? (
        <label className="choice">
          <input type="checkbox" name="notifySupplier" value="on" /> {noticeLabel} at <strong>{supplierContact}</strong>
        </label>
      ) : null}
      <ConflictFields errors={errors} idPrefix={idPrefix} previous={previousDeclaration} />
      <div className="actions">
        <ConfirmSubmit
          label={submitLabel}
          question={question}
          consequences={(form) => consequences(noticeTicked(form))}
        />
      </div>
    </Form>
  );
}

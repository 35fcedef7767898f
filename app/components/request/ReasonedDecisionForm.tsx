import { Form } from "@remix-run/react";
import { CsrfField, Field } from "~/components/forms";
import { ConflictFields } from "~/components/request/ConflictFields";
import type { FormErrors } from "~/workflow/decisionForms";

/**
 * A final decision that needs only a reason, an optional notice to the
 * supplier and the decider's conflict declaration: declining a version in
 * review, withdrawing an endorsement.
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
}: {
  intent: string;
  heading: string;
  hidden: Record<string, string | number>;
  errors: FormErrors;
  /** Where the notice would go, shown so the decider sees it before choosing to send. */
  supplierContact: string | null;
  noticeLabel: string;
  submitLabel: string;
  idPrefix: string;
}) {
  return (
    <Form method="post" className="panel">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <h2>{heading}</h2>
      <Field id={`${idPrefix}reason`} label="Reason (the requester will see it)" required error={errors.reason}>
        <textarea id={`${idPrefix}reason`} name="reason" rows={3} />
      </Field>
      {supplierContact ? (
        <label className="choice">
          <input type="checkbox" name="notifySupplier" value="on" /> {noticeLabel} at <strong>{supplierContact}</strong>
        </label>
      ) : null}
      <ConflictFields errors={errors} showNote idPrefix={idPrefix} />
      <div className="actions">
        <button className="button button--danger" type="submit">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

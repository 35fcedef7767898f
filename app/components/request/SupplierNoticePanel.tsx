import { Form } from "@remix-run/react";
import { CsrfField, FormKeyField } from "~/components/forms";
import { formatNzDateTime } from "~/workflow/nzTime";

/**
 * After a decline (by a manager or by default): whether the supplier has been
 * told, and for a decider the one button that tells them, once, at the
 * address shown (issue 20, item 6).
 */
export function SupplierNoticePanel({
  contact,
  sentAt,
  canSend,
  revision,
  formKey,
}: {
  contact: string | null;
  sentAt: string | null;
  canSend: boolean;
  revision: number;
  formKey: string;
}) {
  return (
    <section className="panel" aria-labelledby="supplier-notice-heading">
      <h2 id="supplier-notice-heading">Telling the supplier</h2>
      {sentAt ? (
        <p>
          The decline notice was sent to <strong>{contact}</strong> on {formatNzDateTime(sentAt)}.
        </p>
      ) : contact ? (
        <p>
          The supplier has not been sent a decline notice. It would go to <strong>{contact}</strong>, and says only that
          Kāinga Ora cannot provide an endorsement: no reason, no names.
        </p>
      ) : (
        <p>No contact email is recorded for this supplier, so Tautoko cannot send them a notice.</p>
      )}
      {canSend && contact ? (
        <Form method="post">
          <CsrfField />
          <FormKeyField formKey={formKey} />
          <input type="hidden" name="intent" value="declineNotice" />
          <input type="hidden" name="revision" value={revision} />
          <input type="hidden" name="to" value={contact} />
          <button className="button button--secondary" type="submit">
            Send the decline notice to {contact}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

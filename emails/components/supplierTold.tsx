import { P } from "#emails/components/parts";

/** Whether the supplier's contact has been sent the decline notice, and the address it went (or would go) to. */
export interface SupplierTold {
  told: boolean;
  contact: string | null;
}

/**
 * What a decline email says about the supplier (issue 20, item 6): never a
 * promise Tautoko cannot keep. Told, not yet told (and how a manager can), or
 * no address on record.
 */
export function SupplierToldText({ supplier }: { supplier: SupplierTold }) {
  if (supplier.told) {
    return (
      <P>
        The supplier has been told: a courteous decline notice was sent to {supplier.contact}. Nothing more is needed
        from you.
      </P>
    );
  }
  if (supplier.contact) {
    return (
      <P>
        The supplier has not been told yet. A manager can send the decline notice to {supplier.contact} from the
        request&apos;s page in Tautoko; until then, please let the supplier know courteously if they are waiting to
        hear.
      </P>
    );
  }
  return (
    <P>
      The supplier has not been told: no contact email is recorded for them, so Tautoko cannot send a notice. Please let
      them know courteously if they are waiting to hear.
    </P>
  );
}

import { Layout } from "#emails/components/Layout";
import { Callout, ExactText, Fact, Facts, P, SupplierSignOff } from "#emails/components/parts";
import { type SupplierEmailProps } from "#emails/components/request";
import { REQUEST_TYPE_PHRASES } from "~/workflow/vocabulary";

export interface SupplierApprovalTermsEmailProps extends SupplierEmailProps {
  /** The approved text exactly as stored (NFC). */
  approvedText: string;
  /** Where the endorsement may be used, e.g. "On your company website and in tender responses". */
  permittedUse: string;
  enduring: boolean;
  /** Valid-until (enduring) or single-use-by date, e.g. "Wednesday 12 January 2028". */
  untilText: string;
}

export function subject({ reference }: SupplierApprovalTermsEmailProps): string {
  return `Your endorsement from Kāinga Ora and its terms of use (our reference ${reference})`;
}

/** To the supplier's contact, when the manager chooses: the approved wording and the terms it comes with. */
export default function SupplierApprovalTermsEmail(props: SupplierApprovalTermsEmailProps) {
  const { reference, supplierName, requestType, approvedText, permittedUse, enduring, untilText } = props;
  return (
    <Layout
      preview={`Kāinga Ora has approved ${REQUEST_TYPE_PHRASES[requestType]} for ${supplierName}, on the terms below.`}
      heading="Your endorsement and its terms of use"
      audience="supplier"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        Thank you for your patience. Kāinga Ora has approved {REQUEST_TYPE_PHRASES[requestType]} for {supplierName}. It
        may be used only in the exact words below and only on these terms.
      </P>
      <ExactText label="Approved wording" text={approvedText} />
      <Facts>
        <Fact label="Where it may be used">{permittedUse}</Fact>
        {enduring ? (
          <Fact label="May be used until">{untilText}</Fact>
        ) : (
          <Fact label="For a single use, by">{untilText}</Fact>
        )}
        <Fact label="Our reference">{reference}</Fact>
      </Facts>
      <Callout>
        Please use the wording exactly as it is, without shortening, changing or adding to it, and not after {untilText}
        . Kāinga Ora reviews endorsements and may withdraw this one at any time; if we do, we will let you know, and it
        must no longer be used.
      </Callout>
      <SupplierSignOff />
    </Layout>
  );
}

SupplierApprovalTermsEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestType: "written_reference",
  recipientName: "Tama Wiremu",
  approvedText:
    "Between March and October 2026, Hāpai Building Services Ltd installed heat pumps in 120 Kāinga Ora homes in Porirua under contract KO-2025-118.\nThe work was completed within the contracted period; two sites were delayed by supply issues and finished in November.",
  permittedUse: "On the Hāpai Building Services website and in tender responses",
  enduring: true,
  untilText: "Wednesday 12 January 2028",
} satisfies SupplierApprovalTermsEmailProps;

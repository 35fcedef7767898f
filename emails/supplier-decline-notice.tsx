import { Layout } from "#emails/components/Layout";
import { P, SupplierSignOff } from "#emails/components/parts";
import { type SupplierEmailProps } from "#emails/components/request";
import { REQUEST_TYPE_PHRASES } from "~/workflow/vocabulary";

export interface SupplierDeclineNoticeEmailProps extends SupplierEmailProps {
  /** True after the deadline passed without a decision; the wording then does not claim one was made. */
  declinedByDefault: boolean;
  /** When the supplier asked, e.g. "3 December 2026"; optional. */
  receivedText?: string;
}

export function subject({ reference }: SupplierDeclineNoticeEmailProps): string {
  return `Your request for an endorsement from Kāinga Ora (our reference ${reference})`;
}

/**
 * To the supplier's contact, when the manager chooses: a courteous decline.
 * Only public facts: no reason, ground, names of staff or conflict notes.
 */
export default function SupplierDeclineNoticeEmail(props: SupplierDeclineNoticeEmailProps) {
  const { reference, supplierName, requestType, declinedByDefault, receivedText } = props;
  return (
    <Layout
      preview="Thank you for your request. Kāinga Ora is not able to provide an endorsement."
      heading="Your request for an endorsement"
      audience="supplier"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        Thank you for asking Kāinga Ora for {REQUEST_TYPE_PHRASES[requestType]} for {supplierName}
        {receivedText ? ` on ${receivedText}` : ""}. We appreciate the work you do with us
        {declinedByDefault ? "." : ", and we have considered your request carefully."}
      </P>
      <P>
        {declinedByDefault
          ? "We were not able to approve an exception within our usual timeframe, so under our policy the request is declined."
          : "We are not able to provide the endorsement you asked for, and the request is declined."}{" "}
        As a Crown entity, Kāinga Ora declines requests to endorse suppliers as a rule, so that it stays objective and
        fair to every supplier it works with. This is not a comment on the quality of your work.
      </P>
      <P>
        Please do not describe Kāinga Ora as endorsing or recommending {supplierName}, or use our name or logo in
        promotional material, without our written approval.
      </P>
      <SupplierSignOff />
    </Layout>
  );
}

SupplierDeclineNoticeEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestType: "written_reference",
  declinedByDefault: false,
  receivedText: "3 December 2026",
  recipientName: "Tama Wiremu",
} satisfies SupplierDeclineNoticeEmailProps;

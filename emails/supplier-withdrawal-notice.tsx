import { Layout } from "#emails/components/Layout";
import { Callout, Fact, Facts, P, SupplierSignOff } from "#emails/components/parts";
import { type SupplierEmailProps } from "#emails/components/request";
import { REQUEST_TYPE_PHRASES } from "~/workflow/vocabulary";

export interface SupplierWithdrawalNoticeEmailProps extends SupplierEmailProps {
  /** The date from which it is withdrawn, e.g. "Monday 3 May 2027". */
  withdrawnFromText: string;
}

export function subject({ reference }: SupplierWithdrawalNoticeEmailProps): string {
  return `Withdrawal of your endorsement from Kāinga Ora (our reference ${reference})`;
}

/** To the supplier's contact, when the manager chooses: stop using the endorsement. No internal reason is given. */
export default function SupplierWithdrawalNoticeEmail(props: SupplierWithdrawalNoticeEmailProps) {
  const { reference, supplierName, requestType, withdrawnFromText } = props;
  return (
    <Layout
      preview={`Kāinga Ora has withdrawn its endorsement of ${supplierName} from ${withdrawnFromText}.`}
      heading="Your endorsement from Kāinga Ora is withdrawn"
      audience="supplier"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        We are writing to let you know that Kāinga Ora has withdrawn {REQUEST_TYPE_PHRASES[requestType]} it approved for{" "}
        {supplierName}. Our endorsements are reviewed over time and, as the terms of use said, may be withdrawn.
      </P>
      <Facts>
        <Fact label="Withdrawn from">{withdrawnFromText}</Fact>
        <Fact label="Our reference">{reference}</Fact>
      </Facts>
      <Callout>
        From {withdrawnFromText}, please stop using the endorsement in any form, and remove it from your website,
        promotional material and other documents as soon as you can.
      </Callout>
      <P>Thank you for your understanding and for your work with us.</P>
      <SupplierSignOff />
    </Layout>
  );
}

SupplierWithdrawalNoticeEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestType: "written_reference",
  recipientName: "Tama Wiremu",
  withdrawnFromText: "Monday 3 May 2027",
} satisfies SupplierWithdrawalNoticeEmailProps;

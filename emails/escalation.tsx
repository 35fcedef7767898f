import { Layout } from "#emails/components/Layout";
import { ActionButton, Callout, Fact, Facts, P, QuotedText } from "#emails/components/parts";
import { type RequestEmailProps, type RequestType } from "#emails/components/request";
import { REQUEST_TYPE_EMAIL_LABELS } from "~/workflow/vocabulary";

export interface EscalationEmailProps extends RequestEmailProps {
  requestType: RequestType;
  enduring: boolean;
  /** What exactly the supplier asked for, as the requester recorded it. */
  asked: string;
  requesterName: string;
  requesterConflictDeclared: boolean;
  /** The requester's note about the declared conflict, if any. */
  requesterConflictNote?: string;
  /** e.g. "end of Tuesday 12 January 2027" (NZ time). */
  deadlineText: string;
}

export function subject({ reference, supplierName }: EscalationEmailProps): string {
  return `${reference}: endorsement request from ${supplierName} needs your decision`;
}

/** To every manager and active delegate when a request is logged (logging escalates). */
export default function EscalationEmail(props: EscalationEmailProps) {
  const { reference, supplierName, requestType, enduring, asked, requesterName, deadlineText, requestUrl } = props;
  return (
    <Layout
      preview={`${requesterName} logged a request from ${supplierName}. Decide by ${deadlineText}, or it is declined by default.`}
      heading="A new endorsement request needs your decision"
      audience="staff"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        {requesterName} has logged a request from {supplierName} asking Kāinga Ora to endorse them. As the Procurement
        Excellence Manager or an acting delegate, you may decline it or allow an exception, after considering the
        potential impact on Kāinga Ora.
      </P>
      <Callout>
        <strong>The default outcome is decline.</strong> If no decision is made by {deadlineText}, the request is
        declined by default, as the policy says.
      </Callout>
      <Facts>
        <Fact label="Reference">{reference}</Fact>
        <Fact label="Supplier">{supplierName}</Fact>
        <Fact label="Request type">{REQUEST_TYPE_EMAIL_LABELS[requestType]}</Fact>
        <Fact label="Enduring">
          {enduring ? "Yes — it would be reviewed and could expire or be withdrawn" : "No — a single use"}
        </Fact>
        <Fact label="Logged by">{requesterName}</Fact>
        <Fact label="Requester's conflict of interest">
          {props.requesterConflictDeclared ? "Declared" : "None declared"}
        </Fact>
        <Fact label="Decision due by">{deadlineText}</Fact>
      </Facts>
      {props.requesterConflictDeclared && props.requesterConflictNote ? (
        <QuotedText label="The requester's conflict declaration" text={props.requesterConflictNote} />
      ) : null}
      <QuotedText label="What was asked" text={asked} />
      <ActionButton href={requestUrl}>Open {reference} to decide</ActionButton>
      <P>
        You cannot decide a request you logged yourself, or one in which you have a conflict of interest; you will be
        asked to declare any conflict when you decide.
      </P>
    </Layout>
  );
}

EscalationEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42",
  requestType: "written_reference",
  enduring: true,
  asked:
    "A short written reference for their website describing the heating upgrades they completed for Kāinga Ora homes in Porirua in 2026.",
  requesterName: "Aroha Ngata",
  requesterConflictDeclared: false,
  deadlineText: "end of Tuesday 12 January 2027",
  recipientName: "Mere Parata",
  contactEmail: "procurement.excellence@example.govt.nz",
} satisfies EscalationEmailProps;

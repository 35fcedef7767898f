import { ActionButton, P, QuotedText } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout } from "#emails/components/staff";

export interface CommentEmailProps extends RequestEmailProps {
  commenterName: string;
  commentText: string;
}

export function subject({ reference, commenterName }: CommentEmailProps): string {
  return `${reference}: new comment from ${commenterName}`;
}

/** To the other side of a request's discussion (the requester, or the managers). */
export default function CommentEmail(props: CommentEmailProps) {
  const { reference, supplierName, commenterName, commentText, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`${commenterName} commented on ${reference} (${supplierName}).`}
      heading={`New comment on ${reference}`}
    >
      <P>
        {commenterName} has commented on the endorsement request {reference} from {supplierName}.
      </P>
      <QuotedText label={`${commenterName} wrote`} text={commentText} />
      <P>Comments are part of the request&apos;s record. Please reply in Tautoko rather than by email.</P>
      <ActionButton href={requestUrl}>Reply in Tautoko</ActionButton>
    </StaffLayout>
  );
}

CommentEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42#comments",
  recipientName: "Aroha Ngata",
  commenterName: "Mere Parata",
  commentText: "Kia ora Aroha, could you confirm which contract the Porirua work was under?\nNgā mihi, Mere",
} satisfies CommentEmailProps;

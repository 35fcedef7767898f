import { ActionButton, Callout, ExactText, Fact, P } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts, PREVIEW_REQUEST, deciderWords } from "#emails/components/staff";

export interface ApprovedEmailProps extends RequestEmailProps {
  deciderName: string;
  onBehalfOfName?: string;
  versionNumber: number;
  /** The approved text exactly as stored (NFC). */
  approvedText: string;
  /** SHA-256 of the approved text, lowercase hex. */
  textSha256: string;
  /** Enduring endorsements run until a valid-until date; others are for a single use by a date. */
  enduring: boolean;
  /** Valid-until (enduring) or use-by (single use) date, e.g. "Wednesday 12 January 2028". */
  untilText: string;
}

export function subject({ reference, supplierName, versionNumber }: ApprovedEmailProps): string {
  return `${reference}: version ${versionNumber} of the endorsement for ${supplierName} is approved`;
}

/** To the requester when a version is approved: the text they may give, exactly. */
export default function ApprovedEmail(props: ApprovedEmailProps) {
  const { reference, supplierName, deciderName, onBehalfOfName, versionNumber, approvedText, textSha256 } = props;
  const { enduring, untilText, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`Version ${versionNumber} for ${supplierName} is approved${enduring ? `, valid until ${untilText}` : `, for a single use by ${untilText}`}.`}
      heading="The endorsement is approved"
    >
      <P>
        {deciderWords(deciderName, onBehalfOfName)} has approved version {versionNumber} of the endorsement text for{" "}
        {supplierName} ({reference}). Only this text is approved, word for word.
      </P>
      <ExactText label={`Approved text (version ${versionNumber})`} text={approvedText} />
      <RequestFacts request={props}>
        <Fact label="Version">{versionNumber}</Fact>
        <Fact label="SHA-256 of the text">
          <code style={{ wordBreak: "break-all" }}>{textSha256}</code>
        </Fact>
        {enduring ? <Fact label="Valid until">{untilText}</Fact> : <Fact label="Single use by">{untilText}</Fact>}
      </RequestFacts>
      <Callout>
        {enduring
          ? `The endorsement may be used until ${untilText}. It will be reviewed before then, and may be withdrawn at any time.`
          : `The endorsement is approved for one use only, by ${untilText}.`}{" "}
        Any change to the wording needs a new version and a new approval.
      </Callout>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </StaffLayout>
  );
}

ApprovedEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  recipientName: "Aroha Ngata",
  deciderName: "Mere Parata",
  versionNumber: 3,
  approvedText:
    "Between March and October 2026, Hāpai Building Services Ltd installed heat pumps in 120 Kāinga Ora homes in Porirua under contract KO-2025-118.\nThe work was completed within the contracted period; two sites were delayed by supply issues and finished in November.",
  textSha256: "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcd",
  enduring: true,
  untilText: "Wednesday 12 January 2028",
} satisfies ApprovedEmailProps;

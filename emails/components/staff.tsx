import type { ReactNode } from "react";
import { Layout } from "#emails/components/Layout";
import { Fact, Facts } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";

/** The frame of a message to staff about one request: its reference in the footer, greeting and contact from its props. */
export function StaffLayout({
  request,
  preview,
  heading,
  children,
}: {
  request: RequestEmailProps;
  preview: string;
  heading: string;
  children: ReactNode;
}) {
  return (
    <Layout
      preview={preview}
      heading={heading}
      audience="staff"
      reference={request.reference}
      recipientName={request.recipientName}
      contactEmail={request.contactEmail}
    >
      {children}
    </Layout>
  );
}

/** A request's facts: its reference and supplier first, then the message's own. */
export function RequestFacts({ request, children }: { request: RequestEmailProps; children?: ReactNode }) {
  return (
    <Facts>
      <Fact label="Reference">{request.reference}</Fact>
      <Fact label="Supplier">{request.supplierName}</Fact>
      {children}
    </Facts>
  );
}

/** Who decided, and for whom when a delegate acted, as a sentence names them. */
export function deciderWords(deciderName: string, onBehalfOfName?: string): string {
  return onBehalfOfName ? `${deciderName} (acting for ${onBehalfOfName})` : deciderName;
}

/** The "Decided by" fact: the decider, and the manager a delegate acted for. */
export function DecidedByFact({ deciderName, onBehalfOfName }: { deciderName: string; onBehalfOfName?: string }) {
  return (
    <Fact label="Decided by">
      {deciderName}
      {onBehalfOfName ? `, on behalf of ${onBehalfOfName}` : ""}
    </Fact>
  );
}

/** The request every staff message's preview (React Email's dev server, the render tests) is about. */
export const PREVIEW_REQUEST = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42",
} satisfies RequestEmailProps;

import type { ReactNode } from "react";
import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { colours, fontStack, paragraphStyle } from "#emails/components/parts";

export const AGENCY_NAME = "Kāinga Ora";

/** Props every message accepts; all optional so callers can add them when they have them. */
export interface BaseEmailProps {
  /** The recipient's name for the greeting; "Kia ora," alone when absent (one message may go to several people). */
  recipientName?: string;
  /** Where people can write to the Procurement Excellence Manager, shown in the footer when given. */
  contactEmail?: string;
}

/**
 * Who the message is for: staff can use Tautoko itself to reach the manager;
 * a supplier's contact cannot, so their footer points them to their usual contact.
 */
export type Audience = "staff" | "supplier";

interface LayoutProps extends BaseEmailProps {
  /** The line an inbox shows beside the subject. */
  preview: string;
  heading: string;
  audience: Audience;
  /** The request the message is about, if any: the footer says where to discuss it. */
  reference?: string;
  children: ReactNode;
}

const styles = {
  body: { backgroundColor: colours.page, fontFamily: fontStack, margin: 0, padding: "24px 0" },
  container: {
    backgroundColor: colours.card,
    border: `1px solid ${colours.border}`,
    borderRadius: "6px",
    maxWidth: "600px",
    padding: "24px 32px",
  },
  agency: { color: colours.brand, fontSize: "14px", fontWeight: 700, letterSpacing: "0.02em", margin: "0 0 16px" },
  heading: { color: colours.text, fontSize: "22px", lineHeight: "30px", fontWeight: 700, margin: "0 0 16px" },
  hr: { borderTop: `1px solid ${colours.border}`, margin: "32px 0 16px" },
  footer: { color: colours.muted, fontSize: "13px", lineHeight: "20px", margin: "0 0 8px" },
  footerLink: { color: colours.link, textDecoration: "underline" },
} as const;

/** The one frame every Tautoko message shares: agency name, heading, body, footer. */
export function Layout({ preview, heading, audience, reference, recipientName, contactEmail, children }: LayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <title>{heading}</title>
      </Head>
      <Preview>{preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.agency}>{`${AGENCY_NAME} — Tautoko`}</Text>
          <Heading as="h1" style={styles.heading}>
            {heading}
          </Heading>
          <Text style={paragraphStyle}>{recipientName ? `Kia ora ${recipientName},` : "Kia ora,"}</Text>
          {children}
          <Hr style={styles.hr} />
          <Section>
            <Text style={styles.footer}>
              This is an automatic message from Tautoko, the {AGENCY_NAME} supplier-endorsement register.
            </Text>
            <Text style={styles.footer}>
              {audience === "staff" ? (
                <StaffContact reference={reference} contactEmail={contactEmail} />
              ) : (
                <>
                  If you have any questions, please contact the Procurement Excellence Manager
                  {contactEmail ? (
                    <>
                      {" "}
                      at <MailLink address={contactEmail} />
                    </>
                  ) : (
                    <> through your usual contact at {AGENCY_NAME}</>
                  )}
                  {reference ? <>, quoting reference {reference}</> : null}.
                </>
              )}
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

function MailLink({ address }: { address: string }) {
  return (
    <Link href={`mailto:${address}`} style={styles.footerLink}>
      {address}
    </Link>
  );
}

function StaffContact({ reference, contactEmail }: { reference?: string; contactEmail?: string }) {
  if (reference) {
    return (
      <>
        To reach the Procurement Excellence Manager, add a comment on {reference} in Tautoko
        {contactEmail ? (
          <>
            {" "}
            or write to <MailLink address={contactEmail} />
          </>
        ) : null}
        .
      </>
    );
  }
  return contactEmail ? (
    <>
      To reach the Procurement Excellence Manager, write to <MailLink address={contactEmail} />.
    </>
  ) : (
    <>To reach the Procurement Excellence Manager, please contact the Procurement team at {AGENCY_NAME}.</>
  );
}

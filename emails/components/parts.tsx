import type { ReactNode } from "react";
import { Button, Section, Text } from "@react-email/components";

/** Colours chosen for at least 7:1 contrast on white (WCAG AAA for body text). */
export const colours = {
  page: "#f3f4f6",
  card: "#ffffff",
  border: "#d0d5dc",
  text: "#1b1f24",
  muted: "#434c56",
  brand: "#1f4e79",
  link: "#1a4f8a",
  calloutBackground: "#fdf6e3",
  calloutBorder: "#8a6100",
  quoteBackground: "#f6f8fa",
} as const;

export const fontStack = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const paragraphStyle = {
  color: colours.text,
  fontSize: "16px",
  lineHeight: "24px",
  margin: "0 0 16px",
} as const;

export function P({ children }: { children: ReactNode }) {
  return <Text style={paragraphStyle}>{children}</Text>;
}

/** One labelled fact per line, so the plain-text part reads "Label: value". */
export function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Text style={{ ...paragraphStyle, margin: "0 0 6px" }}>
      <strong>{label}:</strong> {children}
    </Text>
  );
}

export function Facts({ children }: { children: ReactNode }) {
  return <Section style={{ margin: "0 0 20px" }}>{children}</Section>;
}

/** The message's main action; a real link, so it works without images or styles. */
export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "8px 0 24px" }}>
      <Button
        href={href}
        style={{
          backgroundColor: colours.brand,
          borderRadius: "4px",
          color: "#ffffff",
          fontSize: "16px",
          fontWeight: 700,
          padding: "12px 20px",
          textDecoration: "none",
        }}
      >
        {children}
      </Button>
    </Section>
  );
}

const preStyle = {
  fontFamily: fontStack,
  fontSize: "16px",
  lineHeight: "24px",
  color: colours.text,
  whiteSpace: "pre-wrap",
  wordBreak: "break-word",
  margin: 0,
} as const;

/**
 * Text someone wrote (a comment, a reason, what was asked), kept with its line
 * breaks: a <pre> is what the plain-text converter leaves exactly as written.
 */
export function QuotedText({ label, text }: { label: string; text: string }) {
  return (
    <Section style={{ margin: "0 0 20px" }}>
      <Text style={{ ...paragraphStyle, margin: "0 0 6px", fontWeight: 700 }}>{label}:</Text>
      <Section
        style={{
          backgroundColor: colours.quoteBackground,
          borderLeft: `4px solid ${colours.border}`,
          padding: "12px 16px",
        }}
      >
        <pre style={preStyle}>{text}</pre>
      </Section>
    </Section>
  );
}

/** Endorsement text that must reach the reader character for character (approved wording). */
export function ExactText({ label, text }: { label: string; text: string }) {
  return (
    <Section style={{ margin: "0 0 20px" }}>
      <Text style={{ ...paragraphStyle, margin: "0 0 6px", fontWeight: 700 }}>{label}:</Text>
      <Section style={{ border: `2px solid ${colours.brand}`, padding: "12px 16px" }}>
        <pre style={preStyle}>{text}</pre>
      </Section>
    </Section>
  );
}

/** What the reader most needs to know, set apart (e.g. that the default outcome is decline). */
export function Callout({ children }: { children: ReactNode }) {
  return (
    <Section
      style={{
        backgroundColor: colours.calloutBackground,
        borderLeft: `4px solid ${colours.calloutBorder}`,
        margin: "0 0 20px",
        padding: "4px 16px",
      }}
    >
      <Text style={{ ...paragraphStyle, margin: "12px 0" }}>{children}</Text>
    </Section>
  );
}

/** Closing for messages to a supplier's contact, who does not know Tautoko. */
export function SupplierSignOff() {
  return (
    <Text style={paragraphStyle}>
      Ngā mihi,
      <br />
      Procurement Excellence Manager
      <br />
      Kāinga Ora – Homes and Communities
    </Text>
  );
}

import { Link } from "@remix-run/react";
import { HighlightedText } from "~/components/HighlightedText";
import { formatNzDateTime } from "~/workflow/nzTime";
import type { Finding } from "~/workflow/textChecks";
import type { ConsentRelation } from "#db/schema";
import { CONSENT_RELATION_LABELS } from "~/workflow/vocabulary";

export interface ReviewedVersion {
  number: number;
  text: string;
  sha256: string;
  authorName: string;
  createdAt: string;
  rulesetVersion: string;
  findings: readonly Finding[];
  consents: readonly Consent[];
}

type Consent = { person_name: string; relation: ConsentRelation; consent: string };

/** Who a version names or shows, with the consent recorded for each. */
export function ConsentList({ consents }: { consents: readonly Consent[] }) {
  if (consents.length === 0) return <p className="empty">Nobody is recorded as named or shown.</p>;
  return (
    <ul>
      {consents.map((c, i) => (
        <li key={i}>
          {c.person_name} ({CONSENT_RELATION_LABELS[c.relation]}): {c.consent}
        </li>
      ))}
    </ul>
  );
}

/** The id of the text under review, so a finding can select its words there. */
export const REVIEWED_TEXT_ID = "reviewed-text";

/**
 * The text under review with its findings marked in place, and what the
 * reviewer weighs beside it: who is named and their consent, and the
 * requester's conflict declaration.
 */
export function ReviewText({
  reference,
  version,
  requesterName,
  requesterConflictNote,
}: {
  reference: string;
  version: ReviewedVersion;
  requesterName: string;
  /** Null when the requester declared no conflict. */
  requesterConflictNote: string | null;
}) {
  return (
    <section className="panel review-text" aria-labelledby="text-heading">
      <h2 id="text-heading">The text of version {version.number}</h2>
      <HighlightedText
        id={REVIEWED_TEXT_ID}
        text={version.text}
        findings={version.findings}
        label={`Version ${version.number}, with the checker's findings highlighted`}
      />
      <p className="meta">
        By {version.authorName}, {formatNzDateTime(version.createdAt)} · checked with ruleset {version.rulesetVersion} ·{" "}
        <Link to={`/requests/${reference}/versions`}>compare versions</Link>
        <br />
        SHA-256 <span className="mono">{version.sha256}</span>
      </p>
      <h3>People named and their consent</h3>
      <ConsentList consents={version.consents} />
      <h3>The requester&apos;s conflict of interest</h3>
      <p>
        {requesterConflictNote !== null
          ? `Declared by ${requesterName}: ${requesterConflictNote}`
          : `None declared by ${requesterName}.`}
      </p>
    </section>
  );
}

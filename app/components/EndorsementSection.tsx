import { Link } from "@remix-run/react";
import { findingCountsText } from "~/components/labels";
import type { EndorsementSummary } from "~/models/versions.server";
import type { PersonEventType } from "~/workflow/lifecycle";
import { formatDeadline, formatNzDateTime } from "~/workflow/nzTime";
import { CRITERION_LABELS } from "~/workflow/review";
import type { Finding } from "~/workflow/textChecks";

function severityLabel(severity: Finding["severity"]): string {
  return severity === "error" ? "Error" : severity === "warning" ? "Warning" : "Suggestion";
}

/** The checker's findings, each with where it is, what it says and any suggested wording. */
export function FindingsList({
  findings,
  onSelect,
}: {
  findings: readonly Finding[];
  onSelect?: (f: Finding) => void;
}) {
  if (findings.length === 0) return <p className="empty">No findings: the checker found nothing to raise.</p>;
  return (
    <ol className="findings">
      {findings.map((f) => (
        <li
          key={`${f.rule}:${f.start}:${f.end}`}
          className={`finding-item finding-item--${f.severity}`}
          data-rule={f.rule}
          data-start={f.start}
          data-end={f.end}
        >
          <strong>{severityLabel(f.severity)}</strong>{" "}
          {onSelect ? (
            <button type="button" className="button--quiet" onClick={() => onSelect(f)}>
              line {f.line}, column {f.column}
            </button>
          ) : (
            <span className="finding-item__where">
              line {f.line}, column {f.column}
            </span>
          )}{" "}
          — {f.message}
          {f.suggestion ? (
            <>
              {" "}
              Suggestion: <em>{f.suggestion}</em>
            </>
          ) : null}{" "}
          <span className="meta">(criterion: {CRITERION_LABELS[f.criterion].title})</span>
        </li>
      ))}
    </ol>
  );
}

/**
 * The endorsement part of a request page: drafting progress, and once
 * approved the bound text with its version, SHA-256 and valid-until (never
 * the latest version). Links follow what the viewer may do (`availableEvents`).
 */
export function EndorsementSection({
  summary,
  events,
  canDraft,
}: {
  summary: EndorsementSummary;
  events: readonly PersonEventType[];
  /** Whether this viewer may save a version now (`maySaveVersion`). */
  canDraft: boolean;
}) {
  const base = `/requests/${summary.reference}`;
  const { latest, approved } = summary;
  const reviewable = events.includes("approveVersion") || events.includes("requestChanges");
  const periodic = events.includes("recordReview") || events.includes("withdraw");
  if (!latest && !canDraft && summary.state !== "drafting") return null;
  return (
    <section className="panel" aria-labelledby="endorsement-heading">
      <h2 id="endorsement-heading">The endorsement text</h2>
      {approved ? (
        <>
          <p>
            <strong>Approved text (version {approved.number})</strong>
            {summary.state === "approved"
              ? ""
              : summary.state === "withdrawn"
                ? " — withdrawn, no longer in force"
                : " — expired, no longer in force"}
          </p>
          <blockquote className="quote">{approved.text}</blockquote>
          <dl className="facts">
            <dt>SHA-256</dt>
            <dd className="mono">{approved.sha256}</dd>
            <dt>{summary.enduring ? "Valid until" : "Single use, until"}</dt>
            <dd>{approved.validUntil ? formatDeadline(approved.validUntil) : "—"}</dd>
          </dl>
        </>
      ) : latest ? (
        <p>
          Latest: version {latest.number} by {latest.authorName}, {formatNzDateTime(latest.createdAt)} —{" "}
          {findingCountsText(latest.findingCounts)}.{" "}
          {summary.state === "in_review" ? "In review." : summary.state === "drafting" ? "In drafting." : ""}
        </p>
      ) : (
        <p className="empty">No version has been written yet.</p>
      )}
      <div className="actions">
        {canDraft ? (
          <Link className="button" to={`${base}/draft`}>
            {latest ? "Edit the text (new version)" : "Write the text"}
          </Link>
        ) : null}
        {events.includes("submitVersion") && !canDraft ? (
          <Link className="button" to={`${base}/draft`}>
            Submit for review
          </Link>
        ) : null}
        {reviewable ? (
          <Link className="button" to={`${base}/review`}>
            Review version {latest?.number}
          </Link>
        ) : null}
        {periodic ? (
          <Link className="button button--secondary" to={`${base}/endorsement-review`}>
            Review or withdraw the endorsement
          </Link>
        ) : null}
        {summary.versionCount > 0 ? (
          <Link className="button button--quiet" to={`${base}/versions`}>
            All versions ({summary.versionCount})
          </Link>
        ) : null}
      </div>
    </section>
  );
}

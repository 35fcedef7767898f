import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { OutcomeChart } from "~/components/audit/OutcomeChart";
import { DUE_SOON_DAYS, auditFigures } from "~/models/figures.server";
import { AUDIT_READERS } from "~/models/search.server";
import { formatDeadline } from "~/workflow/nzTime";
import { REQUEST_TYPES, REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

export const meta: MetaFunction = () => [{ title: "Audit: figures — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, AUDIT_READERS);
  return { ...(await auditFigures(context.db, context.now())), dueSoonDays: DUE_SOON_DAYS };
}

export default function AuditFiguresPage() {
  const { quarters, defaultRate, toDecision, dueSoon, dueSoonDays } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit: figures</h1>
          <p>
            Quarters are calendar quarters in NZ time, by the day a request was logged.{" "}
            <Link to="/audit">Search requests</Link>
          </p>
        </div>
      </div>
      <section className="panel" aria-labelledby="headline-heading">
        <h2 id="headline-heading">At a glance</h2>
        <dl className="facts">
          <dt>Declined by default</dt>
          <dd>
            {defaultRate.rate === null
              ? "No request has reached an outcome yet."
              : `${(defaultRate.rate * 100).toFixed(1)}% — ${defaultRate.declinedByDefault} of the ${defaultRate.decided} requests that reached an outcome (approved, declined, withdrawn or expired) were declined because the deadline passed.`}
          </dd>
          <dt>Median working days to decision</dt>
          <dd>
            {toDecision.median === null
              ? "No request has been decided yet."
              : `${toDecision.median} NZ working days from logging, over ${toDecision.count} decided requests (default declines included).`}
          </dd>
        </dl>
      </section>
      <section className="panel" aria-labelledby="quarters-heading">
        <h2 id="quarters-heading">Outcomes per quarter</h2>
        <p className="meta">
          Each request is counted once, where it stands now: endorsed (in force, withdrawn or expired since), declined
          by a manager, declined by default when the deadline passed, still undecided, or cancelled by whoever logged
          it.
        </p>
        {quarters.length === 0 ? <p className="empty">No requests yet.</p> : <OutcomeChart quarters={quarters} />}
        {/* Wider than a phone: the table scrolls inside its own labelled region, which a keyboard can reach and scroll (WAI's pattern). */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div className="table-wrap" role="region" aria-label="Requests by quarter, by outcome and type" tabIndex={0}>
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Quarter</th>
                <th scope="col">Requests</th>
                <th scope="col">Endorsed</th>
                <th scope="col">Declined by a manager</th>
                <th scope="col">Declined by default</th>
                <th scope="col">Undecided</th>
                <th scope="col">Cancelled</th>
                {REQUEST_TYPES.map((t) => (
                  <th key={t} scope="col">
                    {REQUEST_TYPE_LABELS[t]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {quarters.map((q) => (
                <tr key={q.quarter}>
                  <th scope="row">{q.quarter}</th>
                  <td>{q.total}</td>
                  <td>{q.endorse}</td>
                  <td>{q.declinedByManager}</td>
                  <td>{q.declinedByDefault}</td>
                  <td>{q.undecided}</td>
                  <td>{q.cancelled}</td>
                  {REQUEST_TYPES.map((t) => (
                    <td key={t}>{q.byType[t]}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="panel" aria-labelledby="due-heading">
        <h2 id="due-heading">Endorsements due for review or expiring in the next {dueSoonDays} days</h2>
        {dueSoon.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <ul>
            {dueSoon.map((r) => (
              <li key={r.id}>
                <Link to={`/audit/requests/${r.reference}`}>{r.reference}</Link> {r.supplier_name}:{" "}
                {r.enduring ? "review due before it expires at the " : "single use ends at the "}
                {r.valid_until ? formatDeadline(r.valid_until) : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

import { Link } from "@remix-run/react";
import { isUndecided } from "~/workflow/policy";
import type { Outcome, RequestState, RequestType } from "#db/schema";
import { OutcomeBadge, StateBadge } from "~/components/labels";
import { formatDeadline, formatNzDate } from "~/workflow/nzTime";
import { REQUEST_TYPE_LABELS } from "~/workflow/requestForm";

export interface RequestRowView {
  id: number;
  reference: string;
  supplier_name: string;
  requester_name: string;
  request_type: RequestType;
  state: RequestState;
  outcome: Outcome;
  deadline_at: string;
  logged_at: string;
}

export function RequestTable({
  rows,
  caption,
  showRequester = true,
  now,
}: {
  rows: readonly RequestRowView[];
  caption: string;
  showRequester?: boolean;
  now: string;
}) {
  return (
    <div className="table-wrap">
      <table className="list">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Supplier</th>
            <th scope="col">Type</th>
            {showRequester ? <th scope="col">Logged by</th> : null}
            <th scope="col">Logged</th>
            <th scope="col">State</th>
            <th scope="col">Outcome</th>
            <th scope="col">Deadline (NZ)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const undecided = isUndecided(r.state);
            const overdue = undecided && r.deadline_at <= now;
            return (
              <tr key={r.id}>
                <td>
                  <Link to={`/requests/${r.reference}`}>{r.reference}</Link>
                </td>
                <td>{r.supplier_name}</td>
                <td>{REQUEST_TYPE_LABELS[r.request_type]}</td>
                {showRequester ? <td>{r.requester_name}</td> : null}
                <td>{formatNzDate(r.logged_at)}</td>
                <td>
                  <StateBadge state={r.state} />
                </td>
                <td>
                  <OutcomeBadge outcome={r.outcome} state={r.state} />
                </td>
                <td>
                  {undecided ? formatDeadline(r.deadline_at) : "—"}
                  {overdue ? (
                    <>
                      {" "}
                      <span className="badge badge--overdue">Past deadline</span>
                    </>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Keyset pagination: a link to the next page, and back to the first. */
export function Pager({ next, param, isFirst }: { next: string | null; param: string; isFirst: boolean }) {
  if (!next && isFirst) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {!isFirst ? <Link to="?">First page</Link> : null}
      {next ? <Link to={`?${param}=${encodeURIComponent(next)}`}>Next page</Link> : null}
    </nav>
  );
}

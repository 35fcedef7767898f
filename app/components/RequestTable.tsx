import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { isUndecided } from "~/workflow/policy";
import type { Outcome, RequestState, RequestType } from "#db/schema";
import { OutcomeBadge, StateBadge } from "~/components/labels";
import { formatDeadline, formatNzDate } from "~/workflow/nzTime";
import { REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

export interface RequestRowView {
  id: number;
  reference: string;
  supplier_id: number;
  supplier_name: string;
  requester_name: string;
  request_type: RequestType;
  state: RequestState;
  outcome: Outcome;
  deadline_at: string;
  logged_at: string;
}

/** A column a page adds after the standard ones (the queue's "Handled by", say). */
export interface ExtraColumn<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
}

/**
 * The lists of requests. On a phone each row becomes a card whose cells are
 * labelled (`data-label`), so reference, supplier, state and deadline show
 * without scrolling sideways; the secondary columns drop out there.
 */
export function RequestTable<Row extends RequestRowView>({
  rows,
  caption,
  showRequester = true,
  now,
  deadlineNote,
  extraColumns = [],
  linkSuppliers = false,
}: {
  rows: readonly Row[];
  caption: string;
  showRequester?: boolean;
  now: string;
  /** Said after the deadline (working days left, say); the default marks only a passed one. */
  deadlineNote?: (row: Row) => ReactNode;
  extraColumns?: readonly ExtraColumn<Row>[];
  /** Supplier names lead to the supplier's page (for those who see every request). */
  linkSuppliers?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table className="list list--cards">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Reference</th>
            <th scope="col">Supplier</th>
            <th scope="col">State</th>
            <th scope="col">Deadline (NZ)</th>
            <th scope="col" className="secondary">
              Type
            </th>
            {showRequester ? (
              <th scope="col" className="secondary">
                Logged by
              </th>
            ) : null}
            <th scope="col" className="secondary">
              Logged
            </th>
            <th scope="col" className="secondary">
              Outcome
            </th>
            {extraColumns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td data-label="Reference">
                <Link to={`/requests/${r.reference}`}>{r.reference}</Link>
              </td>
              <td data-label="Supplier">
                {linkSuppliers ? <Link to={`/suppliers/${r.supplier_id}`}>{r.supplier_name}</Link> : r.supplier_name}
              </td>
              <td data-label="State">
                <StateBadge state={r.state} />
              </td>
              <td data-label="Deadline">{deadlineNote ? deadlineNote(r) : <DeadlineCell row={r} now={now} />}</td>
              <td data-label="Type" className="secondary">
                {REQUEST_TYPE_LABELS[r.request_type]}
              </td>
              {showRequester ? (
                <td data-label="Logged by" className="secondary">
                  {r.requester_name}
                </td>
              ) : null}
              <td data-label="Logged" className="secondary">
                {formatNzDate(r.logged_at)}
              </td>
              <td data-label="Outcome" className="secondary">
                <OutcomeBadge outcome={r.outcome} state={r.state} />
              </td>
              {extraColumns.map((c) => (
                <td key={c.header} data-label={c.header}>
                  {c.cell(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function DeadlineCell({ row, now }: { row: RequestRowView; now: string }) {
  if (!isUndecided(row.state)) return <>—</>;
  return (
    <>
      {formatDeadline(row.deadline_at)}
      {row.deadline_at <= now ? (
        <>
          {" "}
          <span className="badge badge--overdue">Past deadline</span>
        </>
      ) : null}
    </>
  );
}

/** "41–60 of 1,034": where this page sits in everything that matches. */
export function formatRange(offset: number, shown: number, total: number): string {
  const n = (x: number) => x.toLocaleString("en-NZ");
  if (shown === 0) return `0 of ${n(total)}`;
  return `${n(offset + 1)}–${n(offset + shown)} of ${n(total)}`;
}

/** The count line above a list: how many match and which of them this page shows (nothing when none do; the list says so). */
export function ListCount({
  offset,
  shown,
  total,
  noun,
}: {
  offset: number;
  shown: number;
  total: number;
  noun: string;
}) {
  if (total === 0) return null;
  return <p className="list-count">{`Showing ${formatRange(offset, shown, total)} ${noun}.`}</p>;
}

/** Keyset pagination: a link to the next page, and back to the first; `keep` carries the filters. */
export function Pager({
  next,
  param,
  isFirst,
  keep = "",
}: {
  next: string | null;
  param: string;
  isFirst: boolean;
  keep?: string;
}) {
  if (!next && isFirst) return null;
  const prefix = keep ? `${keep}&` : "";
  return (
    <nav className="pager" aria-label="Pages">
      {!isFirst ? <Link to={`?${keep}`}>First page</Link> : null}
      {next ? <Link to={`?${prefix}${param}=${encodeURIComponent(next)}`}>Next page</Link> : null}
    </nav>
  );
}

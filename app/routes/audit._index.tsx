import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { OutcomeBadge, STATE_LABELS, StateBadge } from "~/components/labels";
import { ListCount } from "~/components/RequestTable";
import { AUDIT_READERS, searchChoices, searchRequests, searchTally } from "~/models/search.server";
import { SORT_LABELS, SORTS, STATES, searchParamsOf, searchQueryOf } from "~/search/searchParams";
import { formatDeadline, formatNzDate } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";
import { REQUEST_TYPES, REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

export const meta: MetaFunction = () => [{ title: "Audit: search requests — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, AUDIT_READERS);
  const query = searchQueryOf(new URL(request.url));
  const [page, tally] = await Promise.all([searchRequests(context.db, query), searchTally(context.db, query)]);
  const { filters, sort, direction } = query;
  const here = searchParamsOf({ ...filters, sort, direction });
  return {
    query,
    rows: page.rows,
    tally,
    nextHref: page.next
      ? `/audit?${searchParamsOf({ ...filters, sort, direction, after: page.next }).toString()}`
      : null,
    firstHref: query.after ? `/audit?${here.toString()}` : null,
    exportQuery: here.toString(),
    choices: await searchChoices(context.db),
  };
}

export default function AuditSearch() {
  const { query, rows, tally, nextHref, firstHref, exportQuery, choices } = useLoaderData<typeof loader>();
  const f = query.filters;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Audit: search requests</h1>
          <p>
            Every request ever logged. Search, filter, sort and export; nothing here changes anything. See also{" "}
            <Link to="/audit/figures">figures</Link> and <Link to="/audit/verify">chain verification</Link>.
          </p>
        </div>
      </div>
      <Form method="get" className="panel audit-filters" aria-label="Search and filters">
        <div className="field">
          <label htmlFor="q">
            Words (supplier, reference, what was asked, the supplier&apos;s message, endorsement text)
          </label>
          <input id="q" name="q" type="search" defaultValue={f.text ?? ""} />
          <p className="hint">
            Macrons are optional: Kainga finds Kāinga. Every word must appear; word beginnings match.
          </p>
        </div>
        <fieldset className="field">
          <legend>State</legend>
          {STATES.map((s) => (
            <label key={s} className="checkbox">
              <input type="checkbox" name="state" value={s} defaultChecked={f.states?.includes(s) ?? false} />{" "}
              {STATE_LABELS[s]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="outcome">Outcome</label>
          <select id="outcome" name="outcome" defaultValue={f.outcome ?? ""}>
            <option value="">Any</option>
            <option value="decline">Decline</option>
            <option value="endorse">Endorse</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="type">Request type</label>
          <select id="type" name="type" defaultValue={f.type ?? ""}>
            <option value="">Any</option>
            {REQUEST_TYPES.map((t) => (
              <option key={t} value={t}>
                {REQUEST_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="supplier">Supplier</label>
          <select id="supplier" name="supplier" defaultValue={f.supplierId ?? ""}>
            <option value="">Any</option>
            {choices.suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="decider">Decided by</label>
          <select id="decider" name="decider" defaultValue={f.deciderId ?? ""}>
            <option value="">Anyone</option>
            {choices.deciders.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        {(["received", "logged", "decided"] as const).map((name) => (
          <fieldset key={name} className="field">
            <legend>
              {name === "received" ? "Received" : name === "logged" ? "Logged" : "Decided"} between (NZ days, inclusive)
            </legend>
            <label>
              From <input type="date" name={`${name}From`} defaultValue={f[name]?.from ?? ""} />
            </label>{" "}
            <label>
              to <input type="date" name={`${name}To`} defaultValue={f[name]?.to ?? ""} />
            </label>
          </fieldset>
        ))}
        <label className="checkbox">
          <input type="checkbox" name="declinedByDefault" value="1" defaultChecked={f.declinedByDefault ?? false} />{" "}
          Declined by default only
        </label>
        <label className="checkbox">
          <input type="checkbox" name="hasWaivers" value="1" defaultChecked={f.hasWaivers ?? false} /> Approved with
          waived findings only
        </label>
        <div className="field">
          <label htmlFor="sort">Sort by</label>
          <select id="sort" name="sort" defaultValue={query.sort}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_LABELS[s]}
              </option>
            ))}
          </select>{" "}
          <select name="dir" aria-label="Direction" defaultValue={query.direction}>
            <option value="asc">Oldest / lowest first</option>
            <option value="desc">Newest / highest first</option>
          </select>
          {query.sort === "decided" ? (
            <p className="hint">Sorted by decision date, only decided requests are listed.</p>
          ) : null}
        </div>
        <button className="button" type="submit">
          Search
        </button>{" "}
        <Link to="/audit">Clear</Link>
      </Form>
      <p>
        Export everything that matches: <a href={`/audit/export.csv?${exportQuery}`}>CSV</a> ·{" "}
        <a href={`/audit/export.json?${exportQuery}`}>JSON with the audit chain</a>. Each export is recorded in the
        audit log.
      </p>
      <ListCount offset={tally.offset} shown={rows.length} total={tally.total} noun="matching requests" />
      {rows.length === 0 ? (
        <p className="panel empty">No request matches.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <caption className="visually-hidden">Matching requests</caption>
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Supplier</th>
                <th scope="col">Type</th>
                <th scope="col">Received</th>
                <th scope="col">State</th>
                <th scope="col">Outcome</th>
                <th scope="col">Deadline (NZ)</th>
                <th scope="col">Decided</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link to={`/audit/requests/${r.reference}`}>{r.reference}</Link>
                  </td>
                  <td>{r.supplier_name}</td>
                  <td>{REQUEST_TYPE_LABELS[r.request_type]}</td>
                  <td>{formatNzDate(r.received_at)}</td>
                  <td>
                    <StateBadge state={r.state} />
                  </td>
                  <td>
                    <OutcomeBadge outcome={r.outcome} state={r.state} />
                    {r.declined_by_default ? " (by default)" : ""}
                  </td>
                  <td>{formatDeadline(r.deadline_at)}</td>
                  <td>
                    {r.decided_at
                      ? `${formatNzDate(r.decided_at)}${r.decider_name ? ` by ${r.decider_name}` : ""}`
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav className="pager" aria-label="Pages">
        {firstHref ? <Link to={firstHref}>First page</Link> : null}{" "}
        {nextHref ? <Link to={nextHref}>Next page</Link> : null}
      </nav>
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/audit", label: "Start a new search, without filters" });

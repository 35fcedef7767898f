import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { CsrfField, describedBy, Field } from "~/components/forms";
import { invalidForm, readTextPost, refused } from "~/http/post.server";
import { deleteSavedSearch, saveSearch, savedSearchesOf } from "~/models/savedSearches.server";
import { placesFound } from "~/models/searchPlaces.server";
import { SAVED_NAME_MAX, savedSearchForm } from "~/search/savedSearchForm";
import { OutcomeBadge, STATE_LABELS, StateBadge } from "~/components/labels";
import { ListCount } from "~/components/RequestTable";
import { AUDIT_READERS, searchChoices, searchRequests, searchTally } from "~/models/search.server";
import { SORT_LABELS, SORTS, STATES, searchParamsOf, searchQueryOf } from "~/search/searchParams";
import { formatDeadline, formatNzDate } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";
import { REQUEST_TYPES, REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

export const meta: MetaFunction = () => [{ title: "Audit: search requests — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, AUDIT_READERS);
  const query = searchQueryOf(new URL(request.url));
  const [page, tally] = await Promise.all([searchRequests(context.db, query), searchTally(context.db, query)]);
  const { filters, sort, direction } = query;
  const here = searchParamsOf({ ...filters, sort, direction });
  return {
    query,
    rows: page.rows,
    foundIn: await placesFound(
      context.db,
      page.rows.map((r) => r.id),
      filters.text,
    ),
    tally,
    nextHref: page.next
      ? `/audit?${searchParamsOf({ ...filters, sort, direction, after: page.next }).toString()}`
      : null,
    firstHref: query.after ? `/audit?${here.toString()}` : null,
    exportQuery: here.toString(),
    choices: await searchChoices(context.db),
    saved: await savedSearchesOf(context.db, user.id),
  };
}

/** The search as the page would read it from `query`, without a page cursor: what a saved search keeps. */
const savedQueryOf = (query: string) => {
  const { filters, sort, direction } = searchQueryOf(new URLSearchParams(query));
  return searchParamsOf({ ...filters, sort, direction }).toString();
};

/** Saving the current search under a name, or deleting one of your own saved searches. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, AUDIT_READERS);
  const form = await readTextPost(request, context, user);
  const values = Object.fromEntries(["intent", "name", "query", "id"].map((k) => [k, String(form.get(k) ?? "")]));
  const parsed = savedSearchForm.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, { values });
  // Parsed by the page's own parser (a bad filter is a 400 naming it), so what is kept can always be run.
  const query = savedQueryOf(parsed.data.query);
  const refusal =
    parsed.data.intent === "delete"
      ? await deleteSavedSearch(context.db, user.id, parsed.data.id)
      : await saveSearch(context.db, user.id, { name: parsed.data.name, query }, context.now().toISOString());
  return refusal ? refused(refusal, { values }) : redirect(`/audit?${query}`);
}

export default function AuditSearch() {
  const { query, rows, foundIn, tally, nextHref, firstHref, exportQuery, choices, saved } =
    useLoaderData<typeof loader>();
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
            Words (anything written on a request: its fields, endorsement text, comments, reasons and notes)
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
      <SavedSearches saved={saved} current={exportQuery} />
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
                    {foundIn[r.id] ? <p className="hint found-in">{foundIn[r.id]}</p> : null}
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

/** Your saved searches (each runs in a click, or is deleted), and saving the search on the page under a name. */
function SavedSearches({
  saved,
  current,
}: {
  saved: Array<{ id: number; name: string; query: string }>;
  current: string;
}) {
  const answer = useActionData<typeof action>();
  const nameError = answer && "fieldErrors" in answer ? answer.fieldErrors["name"] : undefined;
  return (
    <section className="panel saved-searches" aria-labelledby="saved-heading">
      <h2 id="saved-heading">Your saved searches</h2>
      {saved.length === 0 ? (
        <p>None yet. Only you see the searches you save.</p>
      ) : (
        <ul>
          {saved.map((s) => (
            <li key={s.id}>
              <Link to={`/audit?${s.query}`}>{s.name}</Link>{" "}
              <Form method="post" className="inline-form">
                <CsrfField />
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="id" value={s.id} />
                <input type="hidden" name="query" value={current} />
                <button
                  className="button button--secondary"
                  type="submit"
                  aria-label={`Delete the saved search ${s.name}`}
                >
                  Delete
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" className="saved-searches__save">
        <CsrfField />
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="query" value={current} />
        <Field id="saved-name" label="Save this search as" error={nameError}>
          <input
            id="saved-name"
            name="name"
            type="text"
            maxLength={SAVED_NAME_MAX}
            required
            aria-describedby={describedBy("saved-name", false, nameError)}
          />
        </Field>
        <button className="button" type="submit">
          Save search
        </button>
      </Form>
    </section>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/audit", label: "Start a new search, without filters" });

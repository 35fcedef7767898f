import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { CsrfField, describedBy } from "~/components/forms";
import { invalidForm, readTextPost, refused } from "~/http/post.server";
import { deleteSavedSearch, saveSearch, savedSearchesOf } from "~/models/savedSearches.server";
import { placesFound } from "~/models/searchPlaces.server";
import { SAVED_NAME_MAX, savedSearchForm } from "~/search/savedSearchForm";
import { OutcomeBadge, STATE_LABELS, StateBadge } from "~/components/labels";
import { ListCount } from "~/components/RequestTable";
import { AUDIT_READERS, searchChoices, searchRequests, searchTally } from "~/models/search.server";
import { SORT_LABELS, SORTS, STATES, searchParamsOf, searchQueryOf } from "~/search/searchParams";
import { formatDeadline, formatNzDate } from "~/workflow/nzTime";
import { REQUEST_TYPES, REQUEST_TYPE_LABELS } from "~/workflow/requestForm";
import { routeErrorBoundary } from "~/components/errors";

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
        <div className={`field${nameError ? " field--error" : ""}`}>
          <label htmlFor="saved-name">Save this search as</label>
          {nameError ? (
            <p className="field__error" id="saved-name-error" role="alert">
              {nameError}
            </p>
          ) : null}
          <input
            id="saved-name"
            name="name"
            maxLength={SAVED_NAME_MAX}
            required
            aria-describedby={describedBy("saved-name", false, nameError)}
          />
        </div>
        <button className="button" type="submit">
          Save search
        </button>
      </Form>
    </section>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/audit", label: "Start a new search, without filters" });

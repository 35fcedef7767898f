import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { reassignUndecidedRequests } from "~/commands/admin.server";
import { CsrfField, describedBy, ErrorSummary, Field } from "~/components/forms";
import { parseQuery, queryNumber } from "~/http/query";
import { listUsersWithUndecidedCounts, usersWithRole } from "~/models/users.server";
import { z } from "zod";
import { reassignSchema } from "~/workflow/adminForms";
import { routeErrorBoundary } from "~/components/errors";
import { invalidForm, readTextPost, refused } from "~/http/post.server";
import type { FieldErrors } from "~/http/fieldErrors";

const reassignQuery = z.object({ from: queryNumber("from") });

export const meta: MetaFunction = () => [{ title: "Reassign a leaver's requests — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const { from } = parseQuery(new URL(request.url), reassignQuery);
  return {
    people: await listUsersWithUndecidedCounts(context.db),
    // Only an active member of staff can hold a request.
    staff: await usersWithRole(context.db, "staff"),
    preselectedFrom: from ?? null,
  };
}

interface ReassignFormValues {
  fromUserId: string;
  toUserId: string;
  disableFrom: string;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await readTextPost(request, context, admin);
  const values: ReassignFormValues = {
    fromUserId: String(form.get("fromUserId") ?? ""),
    toUserId: String(form.get("toUserId") ?? ""),
    disableFrom: String(form.get("disableFrom") ?? ""),
  };
  const parsed = reassignSchema.safeParse(values);
  if (!parsed.success) return invalidForm(parsed.error, { values });
  const result = await reassignUndecidedRequests(context, admin, parsed.data.fromUserId, parsed.data.toUserId, {
    disableFrom: parsed.data.disableFrom,
  });
  return result.ok ? redirect(`/admin/reassign?moved=${result.references.length}`) : refused(result);
}

export default function Reassign() {
  const { people, staff, preselectedFrom } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const moved = params.get("moved");
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  const echoed = actionData && "values" in actionData ? (actionData.values as ReassignFormValues) : null;
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › Reassign a leaver&apos;s requests
      </p>
      <div className="page-header">
        <div>
          <h1>Reassign a leaver&apos;s requests</h1>
          <p>
            For someone who has left: every request they follow that still awaits a decision (escalated, drafting
            allowed or in review) passes to the second person, who then follows it and is emailed. The request still
            says who logged it, and that person can never decide it. Decided requests stay as they are.
          </p>
        </div>
      </div>
      {!actionData && moved !== null ? (
        <p className="notice" role="status">
          {moved === "0"
            ? "They had no undecided requests, so nothing was moved."
            : `${moved} ${moved === "1" ? "request was" : "requests were"} reassigned. Each change is in the request's audit history.`}
        </p>
      ) : null}
      {actionData?.formError ? (
        <p className="notice notice--danger" role="alert">
          {actionData.formError}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <Form method="post" className="panel" noValidate>
        <CsrfField />
        <Field
          id="fromUserId"
          label="Whose requests"
          hint="Someone who has left: their account must be disabled, or disabled in this step."
          required
          error={errors.fromUserId}
        >
          <select
            id="fromUserId"
            name="fromUserId"
            defaultValue={echoed?.fromUserId ?? (preselectedFrom !== null ? String(preselectedFrom) : "")}
            aria-invalid={errors.fromUserId ? true : undefined}
            aria-describedby={describedBy("fromUserId", true, errors.fromUserId)}
          >
            <option value="" disabled>
              Choose a person
            </option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name} ({p.email}){p.active ? "" : ", disabled"} — {p.undecidedRequests} undecided
              </option>
            ))}
          </select>
        </Field>
        <label className="choice">
          <input type="checkbox" name="disableFrom" defaultChecked={echoed?.disableFrom === "on"} /> Also disable their
          account now (it ends their sessions)
        </label>
        <Field id="toUserId" label="Pass them to" hint="An active member of staff." required error={errors.toUserId}>
          <select
            id="toUserId"
            name="toUserId"
            defaultValue={echoed?.toUserId ?? ""}
            aria-invalid={errors.toUserId ? true : undefined}
            aria-describedby={describedBy("toUserId", true, errors.toUserId)}
          >
            <option value="" disabled>
              Choose a member of staff
            </option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.email})
              </option>
            ))}
          </select>
        </Field>
        <div className="actions">
          <button className="button" type="submit" disabled={navigation.state === "submitting"}>
            Reassign their undecided requests
          </button>
        </div>
      </Form>
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/admin/users", label: "Back to the list of people" });

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { assertCsrfToken, assertSameOrigin } from "~/auth/csrf.server";
import { requireRole } from "~/auth/session.server";
import { readTextForm } from "~/http/form.server";
import { nameDelegate, revokeDelegation } from "~/commands/delegations.server";
import { CsrfField, Field } from "~/components/forms";
import { listUsers } from "~/models/users.server";
import { delegationsMadeBy, delegationsNaming } from "~/models/delegations.server";
import { formatNzDate, isCalendarDate, nzDateOf, startOfNzDay } from "~/workflow/nzTime";
import { DELEGATION_STATUS_WORDS, mayBeNamedDelegate } from "~/workflow/policy";

export const meta: MetaFunction = () => [{ title: "Acting delegate — Tautoko" }];

const date = z.string().refine(isCalendarDate, "Choose a date.");
const nameSchema = z.object({
  delegateId: z.coerce
    .number({ invalid_type_error: "Choose who will act for you." })
    .int()
    .positive("Choose who will act for you."),
  startsOn: date,
  endsOn: date,
});
const revokeSchema = z.object({ delegationId: z.coerce.number().int().positive() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Managers name delegates here; anyone who may be named sees where they act, and why it ended.
  const user = await requireRole(request, context, ["procurement_manager", "staff"]);
  const today = nzDateOf(context.now());
  const naming = await delegationsNaming(context.db, user.id, today);
  if (!user.roles.includes("procurement_manager")) {
    return { isManager: false, naming, delegations: [], candidates: [], today };
  }
  const delegations = await delegationsMadeBy(context.db, user.id, today);
  const candidates = (await listUsers(context.db)).filter((u) => mayBeNamedDelegate(user.id, u));
  return {
    isManager: true,
    naming,
    delegations,
    candidates: candidates.map((c) => ({ id: c.id, name: c.name, email: c.email })),
    today,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, ["procurement_manager"]);
  assertSameOrigin(request, context);
  const form = Object.fromEntries(await readTextForm(request));
  assertCsrfToken(form, user);
  if (form.intent === "revoke") {
    const parsed = revokeSchema.safeParse(form);
    if (!parsed.success) return data({ fieldErrors: {}, formError: "That delegation was not found." }, { status: 400 });
    const result = await revokeDelegation(context, user, parsed.data.delegationId);
    if (!result.ok) return data({ fieldErrors: {}, formError: result.reason }, { status: result.status });
    return redirect("/delegation");
  }
  const parsed = nameSchema.safeParse(form);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const i of parsed.error.issues) fieldErrors[i.path.join(".")] ??= i.message;
    return data({ fieldErrors, formError: null as string | null }, { status: 400 });
  }
  const result = await nameDelegate(context, user, parsed.data);
  if (!result.ok) {
    return data(
      { fieldErrors: result.field ? { [result.field]: result.reason } : {}, formError: result.reason },
      { status: result.status },
    );
  }
  return redirect("/delegation");
}

export default function Delegation() {
  const { isManager, naming, delegations, candidates, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string | undefined>;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Acting delegate</h1>
          <p>
            While a manager is away, the person they name may decide requests as a manager. The audit log records both
            who acted and on whose behalf. A delegate never decides a request the manager logged, never approves a
            version the manager wrote, and the delegation ends if the manager&apos;s account is disabled or loses the
            manager role.
          </p>
        </div>
      </div>
      {actionData?.formError ? (
        <div className="notice notice--danger" role="alert">
          {actionData.formError}
        </div>
      ) : null}
      <section className="panel" aria-labelledby="naming-heading">
        <h2 id="naming-heading">Where you act for a manager</h2>
        {naming.length === 0 ? (
          <p className="empty">No manager has named you acting delegate.</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">On behalf of</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {naming.map((d) => (
                <tr key={d.id}>
                  <td>{d.managerName}</td>
                  <td>{formatNzDate(startOfNzDay(d.startsOn))}</td>
                  <td>{formatNzDate(startOfNzDay(d.endsOn))}</td>
                  <td>{DELEGATION_STATUS_WORDS[d.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {isManager ? (
        <ManagerDelegations delegations={delegations} candidates={candidates} today={today} errors={errors} />
      ) : null}
    </>
  );
}

type DelegationData = Awaited<ReturnType<typeof loader>>;

/** A manager's own part of the page: naming a delegate and the delegations they made. */
function ManagerDelegations({
  delegations,
  candidates,
  today,
  errors,
}: Pick<DelegationData, "delegations" | "candidates" | "today"> & { errors: Record<string, string | undefined> }) {
  return (
    <>
      <Form method="post" noValidate className="panel">
        <h2>Name a delegate</h2>
        <CsrfField />
        <Field id="delegateId" label="Who will act for you" required error={errors.delegateId}>
          <select id="delegateId" name="delegateId" defaultValue="">
            <option value="" disabled>
              Choose a person
            </option>
            {candidates.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.email})
              </option>
            ))}
          </select>
        </Field>
        <div className="grid-2">
          <Field id="startsOn" label="First day" required error={errors.startsOn}>
            <input type="date" id="startsOn" name="startsOn" defaultValue={today} />
          </Field>
          <Field id="endsOn" label="Last day" required error={errors.endsOn}>
            <input type="date" id="endsOn" name="endsOn" min={today} />
          </Field>
        </div>
        <button className="button" type="submit">
          Name delegate
        </button>
      </Form>
      <section className="panel">
        <h2>Your delegations</h2>
        {delegations.length === 0 ? (
          <p className="empty">You have not named a delegate.</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Delegate</th>
                <th scope="col">From</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {delegations.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>{formatNzDate(startOfNzDay(d.starts_on))}</td>
                  <td>{formatNzDate(startOfNzDay(d.ends_on))}</td>
                  <td>
                    {d.status !== "in_force" && d.status !== "not_started" ? (
                      DELEGATION_STATUS_WORDS[d.status]
                    ) : (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="delegationId" value={d.id} />
                        <button className="button button--quiet" type="submit">
                          End now
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

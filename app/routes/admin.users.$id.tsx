import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { signInPauses } from "~/auth/signIn.server";
import { liftSignInPause } from "~/commands/account.server";
import { changeUserRoles, disableUser, enableUser } from "~/commands/admin.server";
import { CsrfField, describedBy } from "~/components/forms";
import { countOtherActiveAdmins, getUserAdminDetail } from "~/models/users.server";
import {
  disableRefusal,
  recordIdParam,
  ROLE_CHOICES,
  ROLE_HINTS,
  ROLE_LABELS,
  rolesFromForm,
  userRolesSchema,
} from "~/workflow/adminForms";
import { formatNzDateTime } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";
import { invalidForm, NOT_OFFERED, readTextPost, refused, type Refused } from "~/http/post.server";
import type { FieldErrors } from "~/http/fieldErrors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.user.name} — Administration — Tautoko` : "User — Tautoko" },
];

function userNotFound(): Response {
  return new Response("We could not find that user.", { status: 404, statusText: "Not Found" });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const id = recordIdParam(params.id);
  if (id === null) throw userNotFound();
  const user = await getUserAdminDetail(context.db, id);
  if (!user) throw userNotFound();
  const isSelf = user.id === admin.id;
  const otherAdmins = await countOtherActiveAdmins(context.db, user.id);
  return {
    user,
    isSelf,
    pauses: await signInPauses(context.db, user.email, context.now()),
    // The page offers only what the server would allow (the same rule decides both).
    disableBlockedBy: user.active ? (disableRefusal(admin.id, user, otherAdmins)?.message ?? null) : null,
    lastAdmin: user.active && user.roles.includes("admin") && otherAdmins === 0,
  };
}

const NOTICES: Record<string, string> = {
  roles: "The roles were saved.",
  disabled: "The account was disabled and every session it had was ended.",
  enabled: "The account was re-enabled. They can sign in again with their password.",
  unpaused: "The sign-in pause was lifted: their next attempt is checked at once.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await readTextPost(request, context, admin);
  const id = recordIdParam(params.id);
  if (id === null) throw userNotFound();
  const intent = form.get("intent");
  const done = (result: { ok: true } | Refused, what: keyof typeof NOTICES) =>
    result.ok ? redirect(`/admin/users/${id}?done=${what}`) : refused(result);
  if (intent === "roles") {
    const parsed = userRolesSchema.safeParse({ roles: rolesFromForm(form) });
    if (!parsed.success) return invalidForm(parsed.error);
    return done(await changeUserRoles(context, admin, id, parsed.data.roles), "roles");
  }
  if (intent === "disable") return done(await disableUser(context, admin, id), "disabled");
  if (intent === "enable") return done(await enableUser(context, admin, id), "enabled");
  if (intent === "liftPause") {
    await liftSignInPause(context, admin, id);
    return redirect(`/admin/users/${id}?done=unpaused`);
  }
  return refused({ status: 400, reason: NOT_OFFERED });
}

export default function AdminUser() {
  const { user, isSelf, pauses, disableBlockedBy, lastAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("done") ?? ""];
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  const busy = navigation.state === "submitting";
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › <Link to="/admin/users">Users and roles</Link> › {user.name}
      </p>
      <div className="page-header">
        <div>
          <h1>{user.name}</h1>
          <p>
            {user.email} · {user.active ? "Active" : "Disabled"}
          </p>
        </div>
      </div>
      {notice && !actionData ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {actionData?.formError ? (
        <p className="notice notice--danger" role="alert">
          {actionData.formError}
        </p>
      ) : null}

      <section className="panel">
        <dl className="facts">
          <dt>Account created</dt>
          <dd>{formatNzDateTime(user.createdAt)}</dd>
          {user.disabledAt ? (
            <>
              <dt>Disabled</dt>
              <dd>{formatNzDateTime(user.disabledAt)}</dd>
            </>
          ) : null}
          <dt>Undecided requests they logged</dt>
          <dd>
            {user.undecidedRequests}
            {user.undecidedRequests > 0 ? (
              <>
                {" "}
                · <Link to={`/admin/reassign?from=${user.id}`}>Reassign them</Link>
              </>
            ) : null}
          </dd>
        </dl>
      </section>

      <section className="panel">
        <h2>Roles</h2>
        {isSelf ? (
          <>
            <p>{user.roles.map((r) => ROLE_LABELS[r]).join(", ") || "None"}</p>
            <p className="notice">
              Nobody may change their own roles. Ask another administrator if yours need to change.
            </p>
          </>
        ) : (
          <Form method="post" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="roles" />
            <fieldset aria-describedby={describedBy("roles", true, errors.roles)}>
              <legend id="roles">Roles held</legend>
              <p className="field__hint" id="roles-hint">
                Each role granted or removed is recorded in the audit log.
                {lastAdmin ? " This is the last active administrator, so the administrator role stays." : ""}
              </p>
              {errors.roles ? (
                <p className="field__error" id="roles-error" role="alert">
                  {errors.roles}
                </p>
              ) : null}
              {ROLE_CHOICES.map((role) => (
                <label key={role} className="choice">
                  <input type="checkbox" name="roles" value={role} defaultChecked={user.roles.includes(role)} />
                  <span>
                    <strong>{ROLE_LABELS[role]}</strong> — {ROLE_HINTS[role]}
                  </span>
                </label>
              ))}
            </fieldset>
            <button className="button" type="submit" disabled={busy}>
              Save roles
            </button>
          </Form>
        )}
      </section>

      <SignInPauses pauses={pauses} busy={busy} />

      <section className="panel">
        <h2>Account</h2>
        {user.active ? (
          disableBlockedBy ? (
            <p>{disableBlockedBy}</p>
          ) : (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="intent" value="disable" />
              <p>
                Disabling stops them signing in and ends every session they have at once. Their requests and history are
                kept; reassign their undecided requests to someone else.
              </p>
              <button className="button button--danger" type="submit" disabled={busy}>
                Disable this account
              </button>
            </Form>
          )
        ) : (
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="enable" />
            <p>This account is disabled and cannot sign in.</p>
            <button className="button button--secondary" type="submit" disabled={busy}>
              Re-enable this account
            </button>
          </Form>
        )}
      </section>
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/admin/users", label: "Back to the list of people" });

/** Where this account's sign-ins are paused after wrong passwords, and the way to lift it. */
function SignInPauses({
  pauses,
  busy,
}: {
  pauses: readonly { ip: string; failures: number; until: string }[];
  busy: boolean;
}) {
  return (
    <section className="panel" aria-labelledby="pause-heading">
      <h2 id="pause-heading">Sign-in pause</h2>
      {pauses.length === 0 ? (
        <p>Not paused: their next sign-in is checked at once.</p>
      ) : (
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="liftPause" />
          <p>After several wrong passwords, sign-ins to this account are paused:</p>
          <ul>
            {pauses.map((p) => (
              <li key={p.ip}>
                from {p.ip}: {p.failures} wrong passwords, paused until {formatNzDateTime(p.until)}
              </li>
            ))}
          </ul>
          <p className="meta">
            Lift it once you know the attempts were theirs (they forgot the password, say). Lifting is recorded in the
            audit log; the failed attempts stay there.
          </p>
          <button className="button button--secondary" type="submit" disabled={busy}>
            Lift the pause
          </button>
        </Form>
      )}
    </section>
  );
}

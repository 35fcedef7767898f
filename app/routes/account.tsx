import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { assertCsrfToken, assertSameOrigin } from "~/auth/csrf.server";
import { requireUser } from "~/auth/session.server";
import { changeOwnPassword } from "~/commands/account.server";
import { CsrfField, ErrorSummary, Field, describedBy } from "~/components/forms";
import { readTextForm } from "~/http/form.server";
import { NEW_PASSWORD_MIN_LENGTH, changePasswordSchema } from "~/workflow/accountForm";
import { ROLE_LABELS } from "~/workflow/adminForms";

export const meta: MetaFunction = () => [{ title: "Your account — Tautoko" }];

type FieldErrors = Partial<Record<"currentPassword" | "newPassword" | "confirmPassword", string>>;
const FIELD_ORDER = ["currentPassword", "newPassword", "confirmPassword"] as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  return {
    name: user.name,
    email: user.email,
    roles: user.roles.map((r) => ROLE_LABELS[r]),
    localPasswords: context.config.localPasswords,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  if (!context.config.localPasswords) {
    throw new Response("Passwords are turned off here: you sign in with your organisation's account.", {
      status: 403,
    });
  }
  assertSameOrigin(request, context);
  const form = await readTextForm(request);
  assertCsrfToken(form, user);
  const parsed = changePasswordSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const fieldErrors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as keyof FieldErrors;
      fieldErrors[field] ??= issue.message;
    }
    return data({ fieldErrors }, { status: 400 });
  }
  const result = await changeOwnPassword(context, user, parsed.data);
  if (!result.ok)
    return data({ fieldErrors: { [result.field]: result.message } as FieldErrors }, { status: result.status });
  return redirect(`/account?changed=${result.otherSessionsEnded}`);
}

function PasswordField({
  id,
  label,
  hint,
  error,
  autoComplete,
}: {
  id: keyof FieldErrors;
  label: string;
  hint?: string;
  error?: string;
  autoComplete: string;
}) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required>
      <input
        id={id}
        name={id}
        type="password"
        autoComplete={autoComplete}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), error)}
      />
    </Field>
  );
}

export default function Account() {
  const { name, email, roles, localPasswords } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.fieldErrors ?? {};
  const [params] = useSearchParams();
  const changed = params.get("changed");
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Your account</h1>
          <p>
            {name} · {email} · {roles.join(", ")}
          </p>
        </div>
      </div>
      {changed !== null ? (
        <p className="notice" role="status">
          Your password was changed.{" "}
          {changed === "0" ? "" : "You were signed out everywhere else; sign in there again with the new password."}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="password-heading">
        <h2 id="password-heading">Change your password</h2>
        {localPasswords ? (
          <Form method="post" noValidate>
            <CsrfField />
            <ErrorSummary errors={errors} order={FIELD_ORDER} />
            <PasswordField
              id="currentPassword"
              label="Current password"
              error={errors.currentPassword}
              autoComplete="current-password"
            />
            <PasswordField
              id="newPassword"
              label="New password"
              hint={`At least ${NEW_PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`}
              error={errors.newPassword}
              autoComplete="new-password"
            />
            <PasswordField
              id="confirmPassword"
              label="New password again"
              error={errors.confirmPassword}
              autoComplete="new-password"
            />
            <p className="meta">
              Changing it signs you out on every other device. The change is recorded in the audit log.
            </p>
            <button className="button" type="submit">
              Change password
            </button>
          </Form>
        ) : (
          <p>You sign in with your organisation&apos;s account, so there is no password to change here.</p>
        )}
      </section>
    </>
  );
}

import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { hashPassword } from "~/auth/password.server";
import { requireRole } from "~/auth/session.server";
import { createUser, UserExistsError } from "~/commands/users.server";
import { CsrfField, describedBy, ErrorSummary, Field } from "~/components/forms";
import {
  INITIAL_PASSWORD_MIN_LENGTH,
  newUserSchema,
  ROLE_CHOICES,
  ROLE_HINTS,
  ROLE_LABELS,
  rolesFromForm,
} from "~/workflow/adminForms";
import { invalidForm, readTextPost } from "~/http/post.server";
import type { FieldErrors } from "~/http/fieldErrors";

export const meta: MetaFunction = () => [{ title: "Create an account — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await readTextPost(request, context, admin);
  const values = {
    email: String(form.get("email") ?? ""),
    name: String(form.get("name") ?? ""),
    roles: rolesFromForm(form),
  };
  const parsed = newUserSchema.safeParse({ ...values, password: form.get("password") ?? undefined });
  // The password is never echoed back into the page.
  if (!parsed.success) return invalidForm(parsed.error, { values });
  try {
    await createUser(
      context,
      { id: admin.id, role: "admin" },
      { ...parsed.data, passwordHash: await hashPassword(parsed.data.password) },
    );
  } catch (error) {
    if (error instanceof UserExistsError) {
      return data(
        { fieldErrors: { email: "An account with this email address already exists." }, values },
        { status: 400 },
      );
    }
    throw error;
  }
  return redirect(`/admin/users?created=${encodeURIComponent(parsed.data.email.toLowerCase())}`);
}

export default function NewUser() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  const values = actionData?.values;
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › <Link to="/admin/users">Users and roles</Link> › Create an account
      </p>
      <div className="page-header">
        <div>
          <h1>Create an account</h1>
          <p>The creation and every role granted are recorded in the audit log.</p>
        </div>
      </div>
      <ErrorSummary errors={errors} />
      <Form method="post" className="panel" noValidate>
        <CsrfField />
        <Field id="name" label="Full name" required error={errors.name}>
          <input
            id="name"
            name="name"
            type="text"
            autoComplete="off"
            defaultValue={values?.name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy("name", false, errors.name)}
          />
        </Field>
        <Field id="email" label="Email address" hint="They sign in with it." required error={errors.email}>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="off"
            defaultValue={values?.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy("email", true, errors.email)}
          />
        </Field>
        <fieldset aria-describedby={describedBy("roles", false, errors.roles)}>
          <legend id="roles">Roles</legend>
          {errors.roles ? (
            <p className="field__error" id="roles-error" role="alert">
              {errors.roles}
            </p>
          ) : null}
          {ROLE_CHOICES.map((role) => (
            <label key={role} className="choice">
              <input type="checkbox" name="roles" value={role} defaultChecked={values?.roles.includes(role)} />
              <span>
                <strong>{ROLE_LABELS[role]}</strong> — {ROLE_HINTS[role]}
              </span>
            </label>
          ))}
        </fieldset>
        <Field
          id="password"
          label="Initial password"
          hint={`At least ${INITIAL_PASSWORD_MIN_LENGTH} characters. Give it to them by a separate channel.`}
          required
          error={errors.password}
        >
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="new-password"
            minLength={INITIAL_PASSWORD_MIN_LENGTH}
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={describedBy("password", true, errors.password)}
          />
        </Field>
        <div className="actions">
          <button className="button" type="submit" disabled={navigation.state === "submitting"}>
            Create the account
          </button>
          <Link to="/admin/users">Cancel</Link>
        </div>
      </Form>
    </>
  );
}

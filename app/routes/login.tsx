import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getSignedInUser, replaceSession } from "~/auth/session.server";
import { signIn } from "~/auth/signIn.server";
import { readSignInPost } from "~/http/post.server";
import { safeRedirect } from "~/http/safeRedirect";
import { homePathFor } from "~/workflow/navigation";
import { getRoles } from "~/models/users.server";

export const meta: MetaFunction = () => [{ title: "Sign in — Tautoko" }];

const signInSchema = z.object({
  email: z.string().trim().min(1, "Enter your email address.").max(254),
  password: z.string().min(1, "Enter your password.").max(1024),
  redirectTo: z.string().optional(),
});

function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSignedInUser(request, context);
  if (user) throw redirect(homePathFor(user.roles));
  return { providerName: context.config.oidc?.displayName ?? null, localPasswords: context.config.localPasswords };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!context.config.localPasswords) throw new Response("Passwords are turned off here.", { status: 403 });
  const parsed = signInSchema.safeParse(Object.fromEntries(await readSignInPost(request, context, ["email"])));
  if (!parsed.success) {
    return data(
      { error: parsed.error.issues[0]?.message ?? "Enter your email address and password." },
      { status: 400 },
    );
  }
  const result = await signIn(context, parsed.data);
  if (!result.ok) {
    if (result.reason === "throttled") {
      return data(
        {
          error: `Too many unsuccessful sign-ins. For your security, try again in ${waitText(result.retryAfterSeconds)}.`,
        },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data({ error: "That email address and password do not match an active account." }, { status: 401 });
  }
  const cookie = await replaceSession(request, context, result.userId);
  const roles = await getRoles(context.db, result.userId);
  return redirect(safeRedirect(parsed.data.redirectTo, homePathFor(roles), context.config.appOrigin), {
    headers: { "Set-Cookie": cookie },
  });
}

export default function Login() {
  const { providerName, localPasswords } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData && "error" in actionData ? String(actionData.error) : undefined;
  return (
    <div className="narrow">
      <div className="panel">
        <h1>Sign in</h1>
        <p className="lede">
          Tautoko records supplier requests for endorsement. Requests are declined unless the Procurement Excellence
          Manager approves an exception.
        </p>
        {error ? (
          <div className="notice notice--danger" role="alert">
            {error}
          </div>
        ) : null}
        {providerName ? (
          <p>
            <a className="button" href="/auth/oidc">
              Sign in with {providerName}
            </a>
          </p>
        ) : null}
        {localPasswords ? <PasswordSignIn /> : null}
      </div>
    </div>
  );
}

function PasswordSignIn() {
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <Form method="post" noValidate>
      <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
      <div className="field">
        <label className="field__label" htmlFor="email">
          Email address
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="password">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="button" type="submit" disabled={navigation.state === "submitting"}>
        Sign in
      </button>
    </Form>
  );
}

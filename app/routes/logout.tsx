import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin } from "~/auth/csrf.server";
import { endSession } from "~/auth/session.server";

export async function loader() {
  return redirect("/");
}

/** Signing out deletes the session row; a stale or foreign form still only signs this browser out. */
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context);
  const cookie = await endSession(request, context);
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}

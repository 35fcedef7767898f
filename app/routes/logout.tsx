import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { assertSameOrigin } from "~/auth/csrf.server";
import { providerIdentityOf } from "~/auth/oidcAccounts.server";
import { providerSignOutUrl } from "~/auth/oidcClient.server";
import { endSession, getSignedInUser } from "~/auth/session.server";

export async function loader() {
  return redirect("/");
}

/**
 * Signing out deletes the session row; a stale or foreign form still only signs this browser out.
 * Someone who signed in at the agency's provider then signs out there too (RP-initiated logout).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  assertSameOrigin(request, context);
  const { oidc } = context.config;
  const user = oidc ? await getSignedInUser(request, context) : null;
  const atProvider = oidc && user ? await providerIdentityOf(context.db, user.id, oidc) : undefined;
  const cookie = await endSession(request, context);
  const providerSignOut = oidc && atProvider ? await providerSignOutUrl(oidc, atProvider.idTokenHint) : null;
  return redirect(providerSignOut ?? "/login", { headers: { "Set-Cookie": cookie } });
}

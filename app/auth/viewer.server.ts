import type { AppLoadContext } from "@remix-run/node";
import { assertCsrfToken, assertSameOrigin } from "~/auth/csrf.server";
import { refusal, requireUser, type SignedInUser } from "~/auth/session.server";
import { readTextForm } from "~/http/form.server";
import { actorFor } from "~/models/actors.server";
import { getRequestByReference, type RequestDetail } from "~/models/requests.server";
import { canViewRequest } from "~/workflow/access";
import type { Actor } from "~/workflow/policy";

/** The signed-in person as the rules see them now (the same `Actor` the transition checks). */
export async function viewerOf(context: AppLoadContext, user: SignedInUser): Promise<Actor> {
  return actorFor(context.db, user, context.now());
}

/** Not found, in the same words whether it does not exist or this person may not see it. */
export function requestNotFound(): Response {
  return new Response("We could not find that request. Check the reference, or ask the person who logged it.", {
    status: 404,
    statusText: "Not Found",
  });
}

/** The request this person may see, or a 404 that does not reveal whether it exists. */
export async function requireVisibleRequest(
  context: AppLoadContext,
  user: SignedInUser,
  reference: string | undefined,
) {
  if (!reference || !/^END-\d{4}-\d{4,}$/.test(reference)) throw requestNotFound();
  const request = await getRequestByReference(context.db, reference);
  const viewer = await viewerOf(context, user);
  if (!request || !canViewRequest(viewer, { requesterId: request.requester_id })) throw requestNotFound();
  return { request, viewer };
}

/**
 * A post about one request, checked in one order for every route: signed in,
 * may see the request (404 otherwise), may act on it (`mayAct` gives the
 * refusal's words, audited as a 403), from our own origin, with the session's
 * CSRF token. Only then is the form read.
 */
export async function readRequestPost(
  request: Request,
  context: AppLoadContext,
  reference: string | undefined,
  mayAct: (viewer: Actor, req: RequestDetail) => string | null,
) {
  const user = await requireUser(request, context);
  const { request: req, viewer } = await requireVisibleRequest(context, user, reference);
  const refused = mayAct(viewer, req);
  if (refused !== null) throw await refusal(request, context, user, refused);
  assertSameOrigin(request, context);
  const form = await readTextForm(request);
  assertCsrfToken(form, user);
  return { user, req, viewer, form };
}

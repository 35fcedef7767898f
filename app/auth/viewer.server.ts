import type { AppLoadContext } from "@remix-run/node";
import type { SignedInUser } from "~/auth/session.server";
import { delegatorsOf } from "~/models/delegations.server";
import { getRequestByReference } from "~/models/requests.server";
import { canViewRequest, type Viewer } from "~/workflow/access";
import { nzDateOf } from "~/workflow/workingDays";

export async function viewerOf(context: AppLoadContext, user: SignedInUser): Promise<Viewer> {
  return {
    userId: user.id,
    roles: user.roles,
    delegatedBy: await delegatorsOf(context.db, user.id, nzDateOf(context.now())),
  };
}

/** Not found, in the same words whether it does not exist or this person may not see it. */
export function requestNotFound(): Response {
  return new Response("We could not find that request. Check the reference, or ask the person who logged it.", {
    status: 404,
    statusText: "Not Found",
  });
}

/** The request this person may see, or a 404 that does not reveal whether it exists. */
export async function requireVisibleRequest(context: AppLoadContext, user: SignedInUser, reference: string | undefined) {
  if (!reference || !/^END-\d{4}-\d{4,}$/.test(reference)) throw requestNotFound();
  const request = await getRequestByReference(context.db, reference);
  const viewer = await viewerOf(context, user);
  if (!request || !canViewRequest(viewer, { requesterId: request.requester_id })) throw requestNotFound();
  return { request, viewer };
}


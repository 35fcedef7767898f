// "I'm handling this" and its release, posted from the decision queue (issue 21, item 4).
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readRequestPost } from "~/auth/viewer.server";
import { claimRequest, releaseClaim } from "~/commands/claims.server";
import { safeRedirect } from "~/http/safeRedirect";
import { canDecide } from "~/workflow/access";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, req, form } = await readRequestPost(request, context, params.reference, (viewer) =>
    canDecide(viewer) ? null : "Only a Procurement Excellence Manager, or their acting delegate, can do this.",
  );
  const intent = form.get("intent");
  if (intent !== "claim" && intent !== "release") {
    throw new Response("Choose whether to handle this request or release it.", { status: 400 });
  }
  const outcome =
    intent === "claim" ? await claimRequest(context, user, req.id) : await releaseClaim(context, user, req.id);
  if (!outcome.ok) throw new Response(outcome.reason, { status: outcome.status });
  const back = form.get("back");
  return redirect(safeRedirect(typeof back === "string" ? back : undefined, "/queue", context.config.appOrigin));
}

// Live findings for the drafting page. The checker's language model is too big
// for the browser, so the page posts the text here while the author types and
// shows what the same `checkText` will store with the version on save.
import { data, type ActionFunctionArgs } from "@remix-run/node";

import { readRequestPost } from "~/auth/viewer.server";
import { canActOnRequests } from "~/workflow/access";
import { MAX_VERSION_CHARS } from "~/workflow/draftForm";
import { checkText, normalizeText } from "~/workflow/textChecks";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { form } = await readRequestPost(request, context, params.reference, (viewer) =>
    canActOnRequests(viewer) ? null : "Your role can read requests but not draft endorsements.",
  );
  const text = form.get("text");
  if (typeof text !== "string") return data({ error: "Send the text to check." }, { status: 400 });
  if (text.length > MAX_VERSION_CHARS)
    return data({ error: `The text is longer than ${MAX_VERSION_CHARS} characters.` }, { status: 413 });
  return { text: normalizeText(text), findings: checkText(text) };
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";
import { requestNotFound, requireVisibleRequest } from "~/auth/viewer.server";
import { servedTypeOf } from "~/http/attachmentType.server";
import { getAttachment } from "~/models/requests.server";

/** Downloads an attachment, only for those who may see its request (404 for everyone else). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req } = await requireVisibleRequest(context, user, params.reference);
  const id = Number(params.attachmentId);
  if (!Number.isSafeInteger(id) || id <= 0) throw requestNotFound();
  const file = await getAttachment(context.db, req.id, id);
  if (!file) throw requestNotFound();
  const asciiName = file.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const content = new Uint8Array(file.content);
  return new Response(content, {
    headers: {
      // The type its bytes show (a PDF or an image, else octet-stream), still always a download; and should a
      // browser render it anyway, a sandboxed document that may load and run nothing: the content came from outside.
      "Content-Type": await servedTypeOf(content),
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Content-Disposition": `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "Content-Length": String(file.size),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
      Digest: `sha-256=${Buffer.from(file.sha256, "hex").toString("base64")}`,
    },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { jsonExportStream, exportFilename, recordExport } from "~/export/exports.server";
import { AUDIT_READERS } from "~/models/search.server";
import { searchQueryOf } from "~/search/searchParams";

/** The filtered set as JSON with every event's chain fields, streamed; recorded in the audit log first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, AUDIT_READERS);
  const { filters, sort, direction } = searchQueryOf(new URL(request.url).searchParams);
  const now = context.now();
  const exportRequest = { filters, sort, direction, format: "json" as const, user, now };
  const recorded = await recordExport(context.db, exportRequest);
  return new Response(jsonExportStream(context.db, exportRequest, recorded), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename("json", now)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

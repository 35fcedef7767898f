import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/session.server";
import { csvExportStream, exportFilename, recordExport } from "~/export/exports.server";
import { AUDIT_READERS } from "~/models/search.server";
import { searchQueryOf } from "~/search/searchParams";

/** The filtered set as CSV (RFC 4180, UTF-8) under a line stating the chain head, streamed; recorded in the audit log first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, AUDIT_READERS);
  const { filters, sort, direction } = searchQueryOf(new URL(request.url));
  const now = context.now();
  const exportRequest = { filters, sort, direction, format: "csv" as const, user, now };
  const recorded = await recordExport(context.db, exportRequest);
  return new Response(csvExportStream(context.db, exportRequest, recorded), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename("csv", now)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

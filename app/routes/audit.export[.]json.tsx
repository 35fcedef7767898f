import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { parseQuery } from "~/http/query";
import { jsonExportStream, exportFilename, recordExport } from "~/export/exports.server";
import { AUDIT_READERS } from "~/models/search.server";
import { SEARCH_QUERY, searchQueryFrom } from "~/search/searchParams";

/** The search's filters and `fromHead`: a head hash the auditor holds (from the daily email or an earlier export). */
const exportQuery = SEARCH_QUERY.extend({
  fromHead: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "fromHead must be a head hash: 64 characters, each 0-9 or a-f.")
    .transform((hex) => hex.toLowerCase())
    .optional(),
});

/** The filtered set and the chain through this export's own event, as JSON, streamed; recorded in the audit log first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, AUDIT_READERS);
  const parsed = parseQuery(new URL(request.url), exportQuery);
  const { filters, sort, direction } = searchQueryFrom(parsed);
  const now = context.now();
  const chain = parsed.fromHead === undefined ? {} : { fromHead: parsed.fromHead };
  const exportRequest = { filters, sort, direction, format: "json" as const, user, now, ...chain };
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

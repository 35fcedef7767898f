import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireRole } from "~/auth/session.server";
import { jsonExportStream, exportFilename, recordExport } from "~/export/exports.server";
import { AUDIT_READERS } from "~/models/search.server";
import { searchQueryOf } from "~/search/searchParams";

/** `fromHead`: a head hash the auditor holds (from the daily email or an earlier export). */
const chainParams = z.object({
  fromHead: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "fromHead must be a head hash: 64 characters, each 0-9 or a-f.")
    .transform((hex) => hex.toLowerCase())
    .optional(),
});

function chainParamsOf(url: URL): { fromHead?: string } {
  const parsed = chainParams.safeParse({ fromHead: url.searchParams.get("fromHead") ?? undefined });
  if (!parsed.success) {
    throw new Response(parsed.error.issues.map((issue) => issue.message).join(" "), {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return parsed.data.fromHead === undefined ? {} : { fromHead: parsed.data.fromHead };
}

/** The filtered set and the chain through this export's own event, as JSON, streamed; recorded in the audit log first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, context, AUDIT_READERS);
  const url = new URL(request.url);
  const { filters, sort, direction } = searchQueryOf(url.searchParams);
  const now = context.now();
  const exportRequest = { filters, sort, direction, format: "json" as const, user, now, ...chainParamsOf(url) };
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

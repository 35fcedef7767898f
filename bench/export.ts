import { jsonExportStream, recordExport, type ExportRequest } from "~/export/exports.server";
import type { BenchDatabase } from "./engines";
import { round } from "./timing";

/**
 * The whole chain exported as /audit/export.json streams it (every request,
 * every event), read to the end and dropped, with the process's resident
 * memory sampled at every chunk: a flat peak shows the export streams rather
 * than holding the chain. It appends its own audit event, so run it on a copy.
 */

export interface ExportFigures {
  export_events: number;
  export_mb: number;
  export_seconds: number;
  /** Resident memory of the whole process: before the export, and the highest seen while it ran. */
  export_rss_before_mb: number;
  export_rss_peak_mb: number;
}

const MB = 2 ** 20;

export async function timeChainExport(target: BenchDatabase, managerId: number): Promise<ExportFigures> {
  const db = target.open();
  try {
    const request: ExportRequest = {
      filters: {},
      sort: "received",
      direction: "desc",
      format: "json",
      user: { id: managerId, roles: ["procurement_manager"] },
      now: new Date(),
    };
    const before = process.memoryUsage.rss();
    let peak = before;
    let bytes = 0;
    const start = performance.now();
    const recorded = await recordExport(db, request);
    const reader = jsonExportStream(db, request, recorded).getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      bytes += chunk.value.byteLength;
      peak = Math.max(peak, process.memoryUsage.rss());
    }
    return {
      export_events: recorded.event.seq,
      export_mb: round(bytes / MB, 1),
      export_seconds: round((performance.now() - start) / 1000, 1),
      export_rss_before_mb: round(before / MB, 1),
      export_rss_peak_mb: round(peak / MB, 1),
    };
  } finally {
    await db.destroy();
  }
}

/** What checking an uploaded export found (app/export/verifyExport.server.ts), as the verify page shows it. */
export type ExportCheck =
  | { kind: "unreadable"; message: string }
  | {
      kind: "checked";
      ok: boolean;
      firstSeq: number;
      lastSeq: number;
      /** The recomputed hash of the last event, when everything holds. */
      head: string | null;
      /** The first event whose link is broken (after a gap: the first seq after it). */
      firstBadSeq: number | null;
      /** A request naming, within the stretch, a seq that is not its event. */
      misnamed: { reference: string; seq: number } | null;
      heldHead: string | null;
    };

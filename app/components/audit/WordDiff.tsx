import type { DiffPart } from "~/models/dossier.server";

/** A word diff between two versions: removed words struck out, added words underlined. */
export function WordDiff({ parts }: { parts: readonly DiffPart[] }) {
  return (
    <p className="prewrap audit-diff">
      {parts.map((p, i) =>
        p.change === "added" ? (
          <ins key={i}>{p.text}</ins>
        ) : p.change === "removed" ? (
          <del key={i}>{p.text}</del>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </p>
  );
}

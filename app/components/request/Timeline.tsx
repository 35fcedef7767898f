import { formatNzDateTime } from "~/workflow/nzTime";
import { describeEvent, type TimelineEvent } from "~/workflow/timeline";

export function Timeline({ events }: { events: ReadonlyArray<TimelineEvent & { hash: string }> }) {
  return (
    <ol className="timeline">
      {events.map((e) => (
        <li key={e.seq}>
          <p className="prewrap">
            {describeEvent(e)}
            {e.onBehalfOfName ? ` (acting for ${e.onBehalfOfName})` : ""}
          </p>
          <p className="meta">
            <time dateTime={e.at}>{formatNzDateTime(e.at)}</time> · audit event #{e.seq} ·{" "}
            <span className="mono" title={e.hash}>
              {e.hash.slice(0, 12)}…
            </span>
          </p>
        </li>
      ))}
    </ol>
  );
}

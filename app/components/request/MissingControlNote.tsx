import type { MissingControl } from "~/components/request/whyNot";

/** In the place of a control the policy keeps from this person: why, and who can act instead. */
export function MissingControlNote({ what, control }: { what: string; control: MissingControl }) {
  return (
    <div className="missing-control" role="note">
      <p>
        <strong>{what}</strong> — {control.reason}
        {control.instead ? ` ${control.instead}` : ""}
      </p>
    </div>
  );
}

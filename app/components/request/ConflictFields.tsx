import { Field } from "~/components/forms";
import type { ConflictDeclarationView } from "~/models/conflicts.server";
import type { FieldErrors } from "~/http/fieldErrors";
import { formatNzDateTime } from "~/workflow/nzTime";

/**
 * Every deciding action carries the decider's own conflict-of-interest
 * declaration. It is asked once per request: a later form starts from the
 * last one (`previous`), shown as such and open to change. "Describe the
 * conflict" shows only once a conflict is chosen, by CSS (`:has`), so it
 * behaves the same with and without JavaScript.
 */
export function ConflictFields({
  register,
  errors,
  idPrefix = "",
  previous = null,
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register?: (name: any) => object;
  errors: FieldErrors;
  idPrefix?: string;
  previous?: ConflictDeclarationView | null;
}) {
  const reg = (name: string) => (register ? register(name) : { name });
  // In the server's HTML too, so the reused declaration is chosen without JavaScript as well.
  const initially = (value: "none" | "declared") =>
    previous ? { defaultChecked: previous.declared === (value === "declared") } : {};
  return (
    <fieldset
      className={`form-section conflict-fields${errors.conflictNote ? " conflict-fields--note-error" : ""}`}
      aria-describedby={errors.conflict ? `${idPrefix}conflict-error` : undefined}
    >
      <legend>Your conflict of interest declaration for this request</legend>
      {previous ? (
        <p className="field__hint">
          You declared {previous.declared ? "a conflict" : "no conflict"} on {formatNzDateTime(previous.at)}; this
          action records it again. Change it if it is no longer true.
        </p>
      ) : null}
      {errors.conflict ? (
        <p className="field__error" id={`${idPrefix}conflict-error`} role="alert">
          {errors.conflict}
        </p>
      ) : null}
      <div className="choices">
        <label className="choice">
          <input type="radio" value="none" id={`${idPrefix}conflict`} {...initially("none")} {...reg("conflict")} /> I
          have no conflict of interest
        </label>
        <label className="choice">
          <input type="radio" value="declared" {...initially("declared")} {...reg("conflict")} /> I have a conflict (I
          cannot decide this)
        </label>
      </div>
      <div className="conflict-fields__note">
        <Field id={`${idPrefix}conflictNote`} label="Describe the conflict" error={errors.conflictNote}>
          <textarea rows={2} id={`${idPrefix}conflictNote`} defaultValue={previous?.note} {...reg("conflictNote")} />
        </Field>
      </div>
    </fieldset>
  );
}

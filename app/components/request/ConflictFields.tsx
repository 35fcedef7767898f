import { Field } from "~/components/forms";
import type { FormErrors } from "~/workflow/decisionForms";

/** Every deciding action carries the decider's own conflict-of-interest declaration. */
export function ConflictFields({
  register,
  conflict,
  errors,
  showNote,
  idPrefix = "",
}: {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  register?: (name: any) => object;
  conflict?: string;
  errors: FormErrors;
  showNote: boolean;
  idPrefix?: string;
}) {
  const reg = (name: string) => (register ? register(name) : { name });
  return (
    <fieldset className="form-section" aria-describedby={errors.conflict ? `${idPrefix}conflict-error` : undefined}>
      <legend id={`${idPrefix}conflict`}>Your conflict of interest declaration for this request</legend>
      {errors.conflict ? (
        <p className="field__error" id={`${idPrefix}conflict-error`} role="alert">
          {errors.conflict}
        </p>
      ) : null}
      <div className="choices">
        <label className="choice">
          <input type="radio" value="none" {...reg("conflict")} /> I have no conflict of interest
        </label>
        <label className="choice">
          <input type="radio" value="declared" {...reg("conflict")} /> I have a conflict (I cannot decide this)
        </label>
      </div>
      {conflict === "declared" || showNote ? (
        <Field id={`${idPrefix}conflictNote`} label="Describe the conflict" error={errors.conflictNote}>
          <textarea rows={2} id={`${idPrefix}conflictNote`} {...reg("conflictNote")} />
        </Field>
      ) : null}
    </fieldset>
  );
}

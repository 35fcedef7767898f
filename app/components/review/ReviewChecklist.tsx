import { useState } from "react";
import type { UseFormRegister } from "react-hook-form";
import { Field } from "~/components/forms";
import { CRITERION_LABELS, occurrenceKey, type ApprovalFormValues } from "~/workflow/review";
import type { Finding } from "~/workflow/textChecks";
import { CRITERIA, type Criterion } from "~/workflow/textChecks/rules";
import type { FieldErrors } from "~/http/fieldErrors";

type Register = UseFormRegister<ApprovalFormValues>;

/** An error under its field, linked from the error summary by the field's id. */
function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p className="field__error" id={`${id}-error`} role="alert">
      {message}
    </p>
  ) : null;
}

/**
 * The nine criteria as one compact checklist: met or not met on a row each,
 * with a note asked for only where it carries information (`needingNotes`).
 * Without JavaScript every note box is shown and the server says which apply.
 */
export function CriteriaChecklist({
  register,
  errors,
  needingNotes,
  hydrated,
  onAllMet,
}: {
  register: Register;
  errors: FieldErrors;
  needingNotes: ReadonlySet<Criterion>;
  hydrated: boolean;
  onAllMet: () => void;
}) {
  return (
    <fieldset className="checklist">
      <legend>The nine criteria</legend>
      {hydrated ? (
        <p>
          <button type="button" className="button button--secondary" onClick={onAllMet}>
            Mark all nine as met
          </button>
        </p>
      ) : null}
      {CRITERIA.map((c) => (
        <CriterionRow
          key={c}
          criterion={c}
          register={register}
          errors={errors}
          noteNeeded={needingNotes.has(c)}
          hydrated={hydrated}
        />
      ))}
    </fieldset>
  );
}

function CriterionRow({
  criterion: c,
  register,
  errors,
  noteNeeded,
  hydrated,
}: {
  criterion: Criterion;
  register: Register;
  errors: FieldErrors;
  noteNeeded: boolean;
  hydrated: boolean;
}) {
  const [noteOpened, setNoteOpened] = useState(false);
  const metId = `criteria.${c}.met`;
  const noteId = `criteria.${c}.note`;
  const showNote = !hydrated || noteNeeded || noteOpened || Boolean(errors[noteId]);
  return (
    <div className="criterion" role="group" aria-labelledby={`${metId}-label`}>
      <div className="criterion__head">
        <p className="criterion__title" id={`${metId}-label`}>
          <strong>{CRITERION_LABELS[c].title}</strong>{" "}
          <span className="criterion__asks">{CRITERION_LABELS[c].asks}</span>
          {showNote ? null : (
            <>
              {" "}
              <button type="button" className="criterion__add-note" onClick={() => setNoteOpened(true)}>
                Add a note<span className="visually-hidden"> on {CRITERION_LABELS[c].title}</span>
              </button>
            </>
          )}
        </p>
        <div className="choices criterion__choices" id={metId} tabIndex={-1}>
          <label className="choice">
            <input type="radio" value="met" {...register(`criteria.${c}.met`)} /> Met
          </label>
          <label className="choice">
            <input type="radio" value="not_met" {...register(`criteria.${c}.met`)} /> Not met
          </label>
        </div>
      </div>
      <FieldError id={metId} message={errors[metId]} />
      {showNote ? (
        <Field
          id={noteId}
          label={hydrated ? "Note (needed here)" : "Note (needed if not met, or if you set aside a finding of it)"}
          required={hydrated && noteNeeded}
          error={errors[noteId]}
        >
          <textarea id={noteId} rows={2} {...register(`criteria.${c}.note`)} />
        </Field>
      ) : null}
    </div>
  );
}

/** Each error to waive with a reason and each warning to acknowledge, one by one, with a link to its words. */
export function FindingsToSetAside({
  findings,
  register,
  onShow,
}: {
  findings: readonly Finding[];
  register: Register;
  onShow?: (f: Finding) => void;
}) {
  if (findings.length === 0) return null;
  return (
    <fieldset className="form-section">
      <legend>The checker&apos;s errors and warnings</legend>
      <p className="field__hint">Waive each error with a reason and acknowledge each warning, one by one.</p>
      {findings.map((f, i) => (
        <div key={occurrenceKey(f)} className={`finding-item finding-item--${f.severity}`}>
          <input type="hidden" {...register(`findings.${i}.key`)} value={occurrenceKey(f)} />
          <p>
            <strong>{f.severity === "error" ? "Error" : "Warning"}</strong>: “{f.match}” — {f.message}{" "}
            {onShow ? (
              <button type="button" className="button--quiet" onClick={() => onShow(f)}>
                Show in the text
              </button>
            ) : null}
          </p>
          {f.severity === "error" ? (
            <Field id={`findings.${i}.waiver`} label="Waive it: your reason">
              <textarea id={`findings.${i}.waiver`} rows={2} {...register(`findings.${i}.waiver`)} />
            </Field>
          ) : (
            <label className="choice">
              <input
                type="checkbox"
                id={`findings.${i}.acknowledged`}
                value="on"
                {...register(`findings.${i}.acknowledged`)}
              />{" "}
              I acknowledge this warning
            </label>
          )}
        </div>
      ))}
    </fieldset>
  );
}

/** Performance problems or disputes: asked once for the whole review. */
export function KnownProblemsQuestion({
  register,
  errors,
  known,
  hydrated,
}: {
  register: Register;
  errors: FieldErrors;
  known: string | undefined;
  hydrated: boolean;
}) {
  return (
    <fieldset
      className="form-section"
      aria-describedby={errors["knownProblems.known"] ? "knownProblems.known-error" : undefined}
    >
      <legend id="knownProblems.known" tabIndex={-1}>
        Are performance problems or disputes with this supplier known?
      </legend>
      <FieldError id="knownProblems.known" message={errors["knownProblems.known"]} />
      <div className="choices">
        <label className="choice">
          <input type="radio" value="no" {...register("knownProblems.known")} /> No
        </label>
        <label className="choice">
          <input type="radio" value="yes" {...register("knownProblems.known")} /> Yes
        </label>
      </div>
      {known === "yes" || !hydrated || errors["knownProblems.howReflected"] ? (
        <Field
          id="knownProblems.howReflected"
          label={hydrated ? "How the text reflects them" : "If yes, how the text reflects them"}
          required={hydrated}
          error={errors["knownProblems.howReflected"]}
        >
          <textarea id="knownProblems.howReflected" rows={2} {...register("knownProblems.howReflected")} />
        </Field>
      ) : null}
    </fieldset>
  );
}

import { Form, Link } from "@remix-run/react";
import { useId, useRef, useState } from "react";
import { CsrfField } from "~/components/forms";
import { useHydrated } from "~/components/hydrated";
import { CONFIRM_STEP_FIELD, CONFIRM_STEP_VALUE, type ConfirmationStep } from "~/http/confirmStep";

/**
 * The button of a final action (decline, withdraw, cancel). With JavaScript
 * it opens a dialog that says what happens and who is emailed, and only its
 * "Yes" submits; without, the button asks the server for a confirmation step
 * (`ConfirmStepPanel`). `consequences` reads the form as it is when pressed.
 * `asks` says whether the form, as it is, needs asking at all (a periodic
 * review asks only when it withdraws); without JavaScript the server decides.
 */
export function ConfirmSubmit({
  label,
  question,
  consequences,
  className = "button button--danger",
  yesLabel = `Yes, ${label.toLowerCase()}`,
  asks = () => true,
}: {
  label: string;
  question: string;
  consequences: (form: HTMLFormElement | null) => readonly string[];
  className?: string;
  yesLabel?: string;
  asks?: (form: HTMLFormElement) => boolean;
}) {
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const [said, setSaid] = useState<readonly string[]>([]);
  const headingId = useId();
  if (!hydrated) {
    return (
      <button className={className} type="submit" name={CONFIRM_STEP_FIELD} value={CONFIRM_STEP_VALUE}>
        {label}
      </button>
    );
  }
  const open = () => {
    const form = opener.current?.form ?? null;
    if (form && !asks(form)) return form.requestSubmit();
    setSaid(consequences(form));
    dialog.current?.showModal();
  };
  return (
    <>
      <button className={className} type="button" ref={opener} onClick={open}>
        {label}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={headingId}>
        <h2 id={headingId}>{question}</h2>
        <ConsequenceList items={said} />
        <div className="actions">
          {/* A submit button of the same form, without the step field: the action itself. */}
          <button className={className} type="submit" onClick={() => dialog.current?.close()}>
            {yesLabel}
          </button>
          <button className="button button--secondary" type="button" onClick={() => dialog.current?.close()}>
            No, go back
          </button>
        </div>
      </dialog>
    </>
  );
}

function ConsequenceList({ items }: { items: readonly string[] }) {
  return (
    <ul className="confirm-consequences">
      {items.map((item) => (
        <li key={item}>{item}</li>
      ))}
    </ul>
  );
}

/**
 * The confirmation step without JavaScript: the posted form again, as hidden
 * fields, with one button that sends it for real.
 */
export function ConfirmStepPanel({
  step,
  question,
  consequences,
  label,
  backTo,
}: {
  step: ConfirmationStep;
  question: string;
  consequences: readonly string[];
  label: string;
  backTo: string;
}) {
  return (
    <section className="panel confirm-step" aria-labelledby="confirm-step-heading">
      <h2 id="confirm-step-heading">{question}</h2>
      <ConsequenceList items={consequences} />
      <Form method="post">
        <CsrfField />
        {step.fields.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <div className="actions">
          <button className="button button--danger" type="submit">
            Yes, {label.toLowerCase()}
          </button>
          <Link to={backTo}>No, go back</Link>
        </div>
      </Form>
    </section>
  );
}

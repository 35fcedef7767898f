import { Form } from "@remix-run/react";
import type { UseFieldArrayReturn, UseFormRegister } from "react-hook-form";
import { FindingsList } from "~/components/EndorsementSection";
import { CsrfField, Field } from "~/components/forms";
import { HighlightedText } from "~/components/HighlightedText";
import type { DraftFormValues } from "~/workflow/draftForm";
import type { Finding } from "~/workflow/textChecks";
import { CONSENT_LABELS } from "~/workflow/versions";
import { CONSENT_RELATIONS, CONSENT_RELATION_LABELS } from "~/workflow/vocabulary";
import type { FieldErrors } from "~/http/fieldErrors";

/** The findings of the text as it is now, counted, listed and marked in place. */
export function LiveFindings({
  text,
  findings,
  hydrated,
  onSelect,
}: {
  text: string;
  findings: readonly Finding[];
  hydrated: boolean;
  onSelect: (f: Finding) => void;
}) {
  const counts = { error: 0, warning: 0, suggestion: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return (
    <section aria-labelledby="findings-heading" aria-live="polite">
      <h3 id="findings-heading">
        Findings: {counts.error} error{counts.error === 1 ? "" : "s"}, {counts.warning} warning
        {counts.warning === 1 ? "" : "s"}, {counts.suggestion} suggestion{counts.suggestion === 1 ? "" : "s"}
      </h3>
      <p className="field__hint">
        Errors must be fixed or waived by the manager with a reason; warnings must be acknowledged.{" "}
        {hydrated ? "" : "Without JavaScript, findings update when you save."}
      </p>
      <FindingsList findings={findings} onSelect={hydrated ? onSelect : undefined} />
      <HighlightedText text={text} findings={findings} />
    </section>
  );
}

/** The people the text names or shows, each with the consent held for them. */
export function ConsentRows({
  rows,
  register,
  errors,
  relations,
  hydrated,
}: {
  rows: UseFieldArrayReturn<DraftFormValues, "consents">;
  register: UseFormRegister<DraftFormValues>;
  errors: FieldErrors;
  /** The relation chosen on each row now, which names its consent field. */
  relations: ReadonlyArray<string | undefined>;
  hydrated: boolean;
}) {
  const { fields, append, remove } = rows;
  return (
    <fieldset className="form-section">
      <legend>People the text names or shows</legend>
      <p className="field__hint">
        Record the consent held for each person. Customers and contractors need a Talent Release form; for colleagues,
        say how they gave permission. Leave a row blank if nobody is named.
      </p>
      {fields.map((row, i) => {
        const relation = relations[i] as keyof typeof CONSENT_LABELS | "" | undefined;
        const name = (key: string) => `consents.${i}.${key}`;
        return (
          <div key={row.id} className="consent-row">
            <Field id={name("personName")} label="Name" error={errors[name("personName")]}>
              <input type="text" id={name("personName")} autoComplete="off" {...register(`consents.${i}.personName`)} />
            </Field>
            <Field id={name("relation")} label="Relation" error={errors[name("relation")]}>
              <select id={name("relation")} {...register(`consents.${i}.relation`)}>
                <option value="">Choose one</option>
                {CONSENT_RELATIONS.map((rel) => (
                  <option key={rel} value={rel}>
                    {CONSENT_RELATION_LABELS[rel]}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              id={name("consent")}
              label={
                relation
                  ? CONSENT_LABELS[relation]
                  : "Consent (Talent Release form reference, or how a colleague gave permission)"
              }
              error={errors[name("consent")]}
            >
              <input type="text" id={name("consent")} autoComplete="off" {...register(`consents.${i}.consent`)} />
            </Field>
            {hydrated && fields.length > 1 ? (
              <button type="button" className="button button--quiet" onClick={() => remove(i)}>
                Remove this person
              </button>
            ) : null}
          </div>
        );
      })}
      {hydrated ? (
        <button
          type="button"
          className="button button--secondary"
          onClick={() => append({ personName: "", relation: "", consent: "" })}
        >
          Add a person
        </button>
      ) : null}
    </fieldset>
  );
}

/** Submitting the latest saved version to the managers. */
export function SubmitForReview({ revision, versionNumber }: { revision: number; versionNumber: number }) {
  return (
    <Form method="post" className="panel">
      <CsrfField />
      <input type="hidden" name="intent" value="submit" />
      <input type="hidden" name="revision" value={revision} />
      <input type="hidden" name="versionNumber" value={versionNumber} />
      <h2>Submit for review</h2>
      <p>
        Submit version {versionNumber} to the Procurement Excellence Manager. Unsaved changes above are not submitted:
        save them first.
      </p>
      <button className="button" type="submit">
        Submit version {versionNumber} for review
      </button>
    </Form>
  );
}

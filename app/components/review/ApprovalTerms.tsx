import type { UseFormRegister } from "react-hook-form";
import { Field } from "~/components/forms";
import { formatCalendarDay } from "~/workflow/nzTime";
import { riskWords } from "~/workflow/vocabulary";
import { APPROVAL_MAX_MONTHS, SINGLE_USE_DAYS, type ApprovalFormValues } from "~/workflow/review";
import type { FieldErrors } from "~/http/fieldErrors";

export interface ImpactView {
  exceptionGround: string | null;
  publicRisk: string | null;
  publicNote: string | null;
  performanceRisk: string | null;
  performanceNote: string | null;
}

/** The impact assessment made when drafting was allowed, confirmed against the final text. */
export function ImpactConfirmation({
  impact,
  versionNumber,
  register,
}: {
  impact: ImpactView;
  versionNumber: number;
  register: UseFormRegister<ApprovalFormValues>;
}) {
  return (
    <fieldset className="form-section">
      <legend>The impact assessment, made when drafting was allowed</legend>
      <dl className="facts facts--compact">
        <dt>Exception ground</dt>
        <dd className="prewrap">{impact.exceptionGround ?? "Not recorded"}</dd>
        <dt>Adverse public reaction</dt>
        <dd>{riskWords(impact.publicRisk, impact.publicNote)}</dd>
        <dt>Supplier&apos;s performance declining</dt>
        <dd>{riskWords(impact.performanceRisk, impact.performanceNote)}</dd>
      </dl>
      <label className="choice">
        <input type="checkbox" id="impactConfirmed" value="on" {...register("impactConfirmed")} />
        <span>I confirm this impact assessment against the final text of version {versionNumber}</span>
      </label>
    </fieldset>
  );
}

/** How long the approval lasts and where the endorsement may be used, with the optional terms to the supplier. */
export function ApprovalTerms({
  enduring,
  defaultValidUntil,
  maxValidUntil,
  supplierContact,
  register,
  errors,
}: {
  enduring: boolean;
  defaultValidUntil: string;
  maxValidUntil: string;
  supplierContact: string | null;
  register: UseFormRegister<ApprovalFormValues>;
  errors: FieldErrors;
}) {
  return (
    <fieldset className="form-section">
      <legend>Terms of the approval</legend>
      {enduring ? (
        <Field
          id="validUntil"
          label="Valid until (NZ date)"
          hint={`At most ${APPROVAL_MAX_MONTHS} months: ${formatCalendarDay(maxValidUntil)}.`}
          error={errors.validUntil}
        >
          <input
            type="date"
            id="validUntil"
            max={maxValidUntil}
            aria-describedby="validUntil-hint"
            {...register("validUntil")}
          />
        </Field>
      ) : (
        <p>
          A single use within {SINGLE_USE_DAYS} days: valid until the end of {defaultValidUntil}.
          <input type="hidden" {...register("validUntil")} value={defaultValidUntil} />
        </p>
      )}
      <Field
        id="permittedUse"
        label="Where it may be used"
        hint="E.g. “On their website and in tender responses”; needed to send the terms."
        error={errors.permittedUse}
      >
        <textarea id="permittedUse" rows={1} aria-describedby="permittedUse-hint" {...register("permittedUse")} />
      </Field>
      {supplierContact ? (
        <label className="choice">
          <input type="checkbox" value="on" {...register("notifySupplier")} />
          <span>
            Send the supplier&apos;s contact, <strong>{supplierContact}</strong>, the approval terms: the approved
            wording, where it may be used, and until when
          </span>
        </label>
      ) : null}
    </fieldset>
  );
}

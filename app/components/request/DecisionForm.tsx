import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { CsrfField, describedBy, ErrorSummary, Field } from "~/components/forms";
import { useHydrated } from "~/components/hydrated";
import { decideSchema, RISK_LEVELS, type FormErrors } from "~/workflow/decisionForms";

type Values = z.input<typeof decideSchema>;

/**
 * The manager's decision. Decline is preselected, as the policy's default;
 * allowing drafting asks for the exception ground and the impact assessment.
 */
export function DecisionForm({
  revision,
  canAllowDrafting,
  supplierHasContact,
  serverErrors,
}: {
  revision: number;
  canAllowDrafting: boolean;
  supplierHasContact: boolean;
  serverErrors: FormErrors;
}) {
  const hydrated = useHydrated();
  const submit = useSubmit();
  const navigation = useNavigation();
  const {
    register,
    handleSubmit,
    watch,
    formState: { errors },
  } = useForm<Values>({
    resolver: zodResolver(decideSchema),
    mode: "onTouched",
    defaultValues: { revision, decision: "decline", conflict: undefined },
  });
  const decision = watch("decision") ?? "decline";
  const conflict = watch("conflict");
  const shown: FormErrors = { ...serverErrors };
  for (const [k, v] of Object.entries(errors)) if (typeof v?.message === "string") shown[k] = v.message;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    void handleSubmit(() => submit(form, { method: "post" }))(event);
  }
  const showAll = !hydrated; // without JavaScript every field is shown; the server checks what applies
  const a11y = (id: string, hint = false) => ({
    id,
    "aria-invalid": shown[id] ? true : undefined,
    "aria-describedby": describedBy(id, hint, shown[id]),
  });

  return (
    <Form method="post" noValidate onSubmit={hydrated ? onSubmit : undefined} aria-labelledby="decide-heading">
      <h2 id="decide-heading">Decide</h2>
      <ErrorSummary errors={shown} />
      <CsrfField />
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" {...register("revision")} value={revision} />
      <fieldset>
        <legend>Your decision</legend>
        <div className="choices">
          <label className="choice">
            <input type="radio" value="decline" {...register("decision")} /> Decline (the default)
          </label>
          {canAllowDrafting ? (
            <label className="choice">
              <input type="radio" value="allowDrafting" {...register("decision")} /> Allow an exception: drafting may
              begin
            </label>
          ) : null}
        </div>
      </fieldset>

      {decision === "decline" || showAll ? (
        <div className="form-section">
          <Field id="reason" label="Reason for declining" hint="The requester sees this." required error={shown.reason}>
            <textarea rows={3} {...a11y("reason", true)} {...register("reason")} />
          </Field>
          {supplierHasContact ? (
            <label className="choice">
              <input type="checkbox" value="on" {...register("notifySupplier")} /> Also send the supplier's contact a
              courteous decline notice
            </label>
          ) : null}
        </div>
      ) : null}

      {canAllowDrafting && (decision === "allowDrafting" || showAll) ? (
        <div className="form-section">
          <Field
            id="exceptionGround"
            label="Exception ground"
            hint="Why this request may be an exception to the rule that supplier endorsements are declined."
            required
            error={shown.exceptionGround}
          >
            <textarea rows={3} {...a11y("exceptionGround", true)} {...register("exceptionGround")} />
          </Field>
          <h3>Considered impact on Kāinga Ora</h3>
          <div className="grid-2">
            <div>
              <Field id="publicRisk" label="Risk of adverse public reaction" required error={shown.publicRisk}>
                <select {...a11y("publicRisk")} {...register("publicRisk")} defaultValue="">
                  <option value="" disabled>
                    Choose
                  </option>
                  {RISK_LEVELS.map((r) => (
                    <option key={r} value={r}>
                      {r[0]!.toUpperCase() + r.slice(1)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="publicNote" label="What you considered" required error={shown.publicNote}>
                <textarea rows={2} {...a11y("publicNote")} {...register("publicNote")} />
              </Field>
            </div>
            <div>
              <Field
                id="performanceRisk"
                label="Risk the supplier's performance declines while it is in use"
                required
                error={shown.performanceRisk}
              >
                <select {...a11y("performanceRisk")} {...register("performanceRisk")} defaultValue="">
                  <option value="" disabled>
                    Choose
                  </option>
                  {RISK_LEVELS.map((r) => (
                    <option key={r} value={r}>
                      {r[0]!.toUpperCase() + r.slice(1)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id="performanceNote" label="What you considered" required error={shown.performanceNote}>
                <textarea rows={2} {...a11y("performanceNote")} {...register("performanceNote")} />
              </Field>
            </div>
          </div>
        </div>
      ) : null}

      <ConflictFields register={register} conflict={conflict} errors={shown} showNote={showAll} />
      <div className="actions">
        <button className="button" type="submit" disabled={navigation.state === "submitting"}>
          {decision === "allowDrafting" ? "Allow drafting" : "Decline request"}
        </button>
      </div>
    </Form>
  );
}

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

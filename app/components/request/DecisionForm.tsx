import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import type { FormEvent } from "react";
import { useForm, useWatch, type UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import { CsrfField, describedBy, ErrorSummary, Field, FormKeyField } from "~/components/forms";
import { useHydrated } from "~/components/hydrated";
import { ConfirmSubmit } from "~/components/request/ConfirmSubmit";
import { ConflictFields } from "~/components/request/ConflictFields";
import { declineConsequences, noticeTicked } from "~/components/request/consequences";
import type { ConflictDeclarationView } from "~/models/conflicts.server";
import type { FieldErrors } from "~/http/fieldErrors";
import { decideSchema, RISK_LEVELS } from "~/workflow/decisionForms";
import { formErrorsOf } from "~/http/fieldErrors";

type Values = z.input<typeof decideSchema>;

/**
 * The manager's decision. Decline is preselected, as the policy's default;
 * allowing drafting asks for the exception ground and the impact assessment.
 */
export function DecisionForm({
  formKey,
  revision,
  canAllowDrafting,
  supplierContact,
  serverErrors,
  previousDeclaration,
  reference,
  requesterName,
}: {
  formKey: string;
  revision: number;
  canAllowDrafting: boolean;
  /** Where a decline notice would go, shown so the decider sees it before choosing to send. */
  supplierContact: string | null;
  serverErrors: FieldErrors;
  previousDeclaration: ConflictDeclarationView | null;
  reference: string;
  requesterName: string;
}) {
  const hydrated = useHydrated();
  const submit = useSubmit();
  const navigation = useNavigation();
  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = useForm<Values>({
    resolver: zodResolver(decideSchema),
    mode: "onTouched",
    // The error summary takes focus and lists every problem; jumping to the first field would hide it.
    shouldFocusError: false,
    defaultValues: {
      revision,
      decision: "decline",
      conflict: previousDeclaration ? (previousDeclaration.declared ? "declared" : "none") : undefined,
      conflictNote: previousDeclaration?.note ?? "",
    },
  });
  const decision = useWatch({ control, name: "decision" }) ?? "decline";
  const shown: FieldErrors = { ...serverErrors, ...formErrorsOf(errors) };

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
      <ErrorSummary errors={shown} order={DECISION_FIELD_ORDER} />
      <CsrfField />
      <FormKeyField formKey={formKey} />
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" {...register("revision")} value={revision} />
      <fieldset>
        <legend>Your decision</legend>
        <div className="choices">
          <label className="choice">
            {/* Checked in the server's HTML too, so without JavaScript decline is still the preselected choice. */}
            <input type="radio" value="decline" defaultChecked {...register("decision")} /> Decline (the default)
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
          {supplierContact ? (
            <label className="choice">
              <input type="checkbox" value="on" {...register("notifySupplier")} /> Also send a courteous decline notice
              to the supplier&apos;s contact, <strong>{supplierContact}</strong>
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
            <RiskFields
              risk="publicRisk"
              note="publicNote"
              label="Risk of adverse public reaction"
              register={register}
              errors={shown}
              a11y={a11y}
            />
            <RiskFields
              risk="performanceRisk"
              note="performanceNote"
              label="Risk the supplier's performance declines while it is in use"
              register={register}
              errors={shown}
              a11y={a11y}
            />
          </div>
        </div>
      ) : null}

      <ConflictFields register={register} errors={shown} previous={previousDeclaration} />
      {hydrated && decision === "allowDrafting" ? (
        <div className="actions">
          <button className="button" type="submit" disabled={navigation.state === "submitting"}>
            Allow drafting
          </button>
        </div>
      ) : (
        // Without JavaScript the label cannot follow the radio, so each choice has its own button. Declining asks
        // for confirmation first (the server's confirmation step always declines, whatever radio was chosen).
        <div className="actions">
          <ConfirmSubmit
            label="Decline request"
            question={`Decline ${reference}?`}
            consequences={(form) =>
              declineConsequences(reference, { requesterName, supplierContact, notifySupplier: noticeTicked(form) })
            }
          />
          {canAllowDrafting && !hydrated ? (
            <button className="button button--secondary" type="submit" name="decision" value="allowDrafting">
              Allow drafting (an exception)
            </button>
          ) : null}
        </div>
      )}
    </Form>
  );
}

/** The decision form's fields, top to bottom: the error summary lists problems in this order. */
const DECISION_FIELD_ORDER = [
  "decision",
  "reason",
  "exceptionGround",
  "publicRisk",
  "publicNote",
  "performanceRisk",
  "performanceNote",
  "conflict",
  "conflictNote",
];

/** One considered impact: a low / medium / high rating and what the decider weighed. */
function RiskFields({
  risk,
  note,
  label,
  register,
  errors,
  a11y,
}: {
  risk: "publicRisk" | "performanceRisk";
  note: "publicNote" | "performanceNote";
  label: string;
  register: UseFormRegister<Values>;
  errors: FieldErrors;
  a11y: (id: string) => Record<string, unknown>;
}) {
  return (
    <div>
      <Field id={risk} label={label} required error={errors[risk]}>
        <select {...a11y(risk)} {...register(risk)} defaultValue="">
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
      <Field id={note} label="What you considered" required error={errors[note]}>
        <textarea rows={2} {...a11y(note)} {...register(note)} />
      </Field>
    </div>
  );
}

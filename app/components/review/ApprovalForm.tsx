import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useSubmit } from "@remix-run/react";
import { useMemo, useRef, type FormEvent, type ReactNode } from "react";
import { useForm, useWatch } from "react-hook-form";
import { CsrfField, ErrorSummary, FormKeyField } from "~/components/forms";
import { useHydrated } from "~/components/hydrated";
import { formErrorsOf, type FieldErrors } from "~/http/fieldErrors";
import { ConflictFields } from "~/components/request/ConflictFields";
import { ApprovalTerms, ImpactConfirmation, type ImpactView } from "~/components/review/ApprovalTerms";
import { CriteriaChecklist, FindingsToSetAside, KnownProblemsQuestion } from "~/components/review/ReviewChecklist";
import type { ConflictDeclarationView } from "~/models/conflicts.server";
import {
  approvalBlockers,
  approvalSchema,
  criteriaNeedingNotes,
  CRITERION_LABELS,
  type ApprovalFormValues,
  type ApprovalInput,
  type ReviewRecord,
} from "~/workflow/review";
import type { Finding } from "~/workflow/textChecks";
import { CRITERIA } from "~/workflow/textChecks/rules";

/** The approval form's fields top to bottom, as the page shows them, for the error summary. */
function approvalFieldOrder(findingRows: number): string[] {
  const findings = Array.from({ length: findingRows }, (_, i) => [
    `findings.${i}.waiver`,
    `findings.${i}.acknowledged`,
  ]);
  return [
    ...CRITERIA.flatMap((c) => [`criteria.${c}.met`, `criteria.${c}.note`]),
    ...findings.flat(),
    "knownProblems.known",
    "knownProblems.howReflected",
    "impactConfirmed",
    "validUntil",
    "permittedUse",
    "notifySupplier",
    "conflict",
    "conflictNote",
  ];
}

const ticked = (v: unknown) => v === "on" || v === true || v === "true";

/** The review as the core would judge it, from what the form holds now. */
function reviewSoFar(values: ApprovalFormValues, findings: readonly Finding[]) {
  const review: Pick<ReviewRecord, "criteria" | "waivers" | "acknowledgements"> = {
    criteria: Object.fromEntries(
      CRITERIA.map((c) => [c, { met: values.criteria?.[c]?.met === "met", note: "" }]),
    ) as ReviewRecord["criteria"],
    waivers: [],
    acknowledgements: [],
  };
  findings.forEach((f, i) => {
    const row = values.findings?.[i];
    const occurrence = { rule: f.rule, start: f.start, end: f.end };
    if (f.severity === "error" && (row?.waiver ?? "").trim() !== "")
      review.waivers.push({ ...occurrence, reason: row?.waiver ?? "" });
    if (f.severity === "warning" && ticked(row?.acknowledged)) review.acknowledgements.push(occurrence);
  });
  return review;
}

/**
 * What still stands between this review and an approval, listed beside the
 * button: the core's approval blockers, then the answers the form still needs.
 */
function stillToDo(values: ApprovalFormValues, findings: readonly Finding[], needingNotes: Iterable<string>): string[] {
  const blockers = approvalBlockers(reviewSoFar(values, findings), findings, ticked(values.impactConfirmed));
  // Nine unmarked criteria read as one line, not nine.
  const unmarked = blockers.filter((b) => b.startsWith("the criterion "));
  const todo = unmarked.length > 1 ? [`${unmarked.length} criteria are not yet marked as met`] : [...unmarked];
  todo.push(...blockers.filter((b) => !b.startsWith("the criterion ")));
  for (const c of needingNotes) {
    if (!(values.criteria?.[c as keyof typeof CRITERION_LABELS]?.note ?? "").trim())
      todo.push(`a note on "${CRITERION_LABELS[c as keyof typeof CRITERION_LABELS].title}" is needed`);
  }
  if (!values.knownProblems?.known) todo.push("the question on known performance problems is not answered");
  if (!values.conflict) todo.push("your conflict of interest declaration is not made");
  return todo;
}

const APPROVE_FORM_ID = "approve-form";

export interface ApprovalFormProps {
  formKey: string;
  version: { id: number; number: number; sha256: string; findings: readonly Finding[] };
  revision: number;
  enduring: boolean;
  impact: ImpactView;
  supplierContact: string | null;
  defaultValidUntil: string;
  maxValidUntil: string;
  previousDeclaration: ConflictDeclarationView | null;
  serverErrors: FieldErrors;
  /** Selects a finding's words in the text beside the form. */
  onShowFinding?: (f: Finding) => void;
  /** The other two actions (request changes, decline), shown in one row with the approve button. */
  children?: ReactNode;
}

/**
 * Approving one version: the nine criteria as a checklist, each finding set
 * aside one by one, the performance question once, the impact confirmed, the
 * terms, and the approve button with what still blocks it beside it.
 */
export function ApprovalForm(props: ApprovalFormProps) {
  const { version, revision, enduring, previousDeclaration } = props;
  const hydrated = useHydrated();
  const submit = useSubmit();
  const blockersRef = useRef<HTMLDivElement>(null);
  const setAside = useMemo(() => version.findings.filter((f) => f.severity !== "suggestion"), [version.findings]);
  const schema = useMemo(
    () => approvalSchema({ enduring, now: () => new Date(), findings: version.findings }),
    [enduring, version.findings],
  );
  const {
    register,
    handleSubmit,
    control,
    setValue,
    formState: { errors },
  } = useForm<ApprovalFormValues, unknown, ApprovalInput>({
    resolver: zodResolver(schema),
    defaultValues: {
      validUntil: props.defaultValidUntil,
      conflict: previousDeclaration ? (previousDeclaration.declared ? "declared" : "none") : undefined,
      conflictNote: previousDeclaration?.note ?? "",
    },
    // The error summary takes focus and lists every problem; jumping to the first field would hide it.
    shouldFocusError: false,
  });
  const values = useWatch({ control }) as ApprovalFormValues;
  const needingNotes = criteriaNeedingNotes(values.criteria ?? {}, rowsOf(values), version.findings);
  const shown: FieldErrors = { ...props.serverErrors, ...formErrorsOf(errors) };
  // Without JavaScript the list is the server's view of an empty form: everything is still to do.
  const todo = stillToDo(values, version.findings, needingNotes);

  function onApprove(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    // Every field error at once in the summary; once the fields are right, what still blocks is beside the button.
    void handleSubmit(() => {
      if (todo.length > 0) blockersRef.current?.focus();
      else submit(formElement, { method: "post" });
    })(event);
  }
  const markAllMet = () => {
    for (const c of CRITERIA) setValue(`criteria.${c}.met`, "met", { shouldDirty: true });
  };

  return (
    <>
      <Form
        method="post"
        noValidate
        id={APPROVE_FORM_ID}
        className="approval-grid"
        onSubmit={hydrated ? onApprove : undefined}
      >
        <CsrfField />
        <FormKeyField formKey={props.formKey} />
        <input type="hidden" name="intent" value="approve" />
        {/* Approval binds to exactly this version and text; a newer one needs a new review. */}
        <input type="hidden" {...register("versionId")} value={version.id} />
        <input type="hidden" {...register("sha256")} value={version.sha256} />
        <input type="hidden" {...register("revision")} value={revision} />
        <div className="approval-grid__summary">
          <ErrorSummary errors={shown} order={approvalFieldOrder(setAside.length)} />
        </div>
        <div className="approval-grid__criteria">
          <CriteriaChecklist
            register={register}
            errors={shown}
            needingNotes={needingNotes}
            hydrated={hydrated}
            onAllMet={markAllMet}
          />
          <FindingsToSetAside findings={setAside} register={register} onShow={props.onShowFinding} />
          <KnownProblemsQuestion
            register={register}
            errors={shown}
            known={values.knownProblems?.known}
            hydrated={hydrated}
          />
        </div>
        <div className="approval-grid__terms">
          <ImpactConfirmation impact={props.impact} versionNumber={version.number} register={register} />
          <ApprovalTerms
            enduring={enduring}
            defaultValidUntil={props.defaultValidUntil}
            maxValidUntil={props.maxValidUntil}
            supplierContact={props.supplierContact}
            register={register}
            errors={shown}
          />
          <ConflictFields register={register} errors={shown} previous={previousDeclaration} />
        </div>
      </Form>
      <div className="decision-bar">
        <div className="decision-action decision-action--approve">
          {/* Outside the form's box so the three actions sit together; `form` ties it to the approval. */}
          <button className="button" type="submit" form={APPROVE_FORM_ID}>
            Approve version {version.number}
          </button>
          {todo.length > 0 ? (
            <div className="blockers" id="approve-blockers" tabIndex={-1} ref={blockersRef} aria-live="polite">
              <p>
                <strong>Not yet:</strong> {todo.length === 1 ? "one thing blocks" : `${todo.length} things block`} the
                approval —
              </p>
              <ul>
                {todo.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="blockers blockers--clear" aria-live="polite">
              Nothing blocks the approval.
            </p>
          )}
        </div>
        {props.children}
      </div>
    </>
  );
}

function rowsOf(values: ApprovalFormValues) {
  return (values.findings ?? []).map((r) => ({
    key: r?.key ?? "",
    waiver: r?.waiver ?? "",
    acknowledged: ticked(r?.acknowledged),
  }));
}

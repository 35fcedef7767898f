import { zodResolver } from "@hookform/resolvers/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useNavigation,
  useSearchParams,
  useSubmit,
} from "@remix-run/react";
import { useEffect, useRef, type FormEvent } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import { forbidden, requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { canActOnRequests } from "~/workflow/access";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import { saveVersion } from "~/commands/versions.server";
import { CsrfField, describedBy, ErrorSummary, Field } from "~/components/forms";
import { useRootData } from "~/components/rootData";
import { ConsentRows, LiveFindings, SubmitForReview } from "~/components/request/DraftSections";
import { useHydrated } from "~/components/hydrated";
import { StateBadge } from "~/components/labels";
import { getLatestVersion } from "~/models/versions.server";
import {
  draftSchema,
  draftValuesOf,
  MAX_VERSION_CHARS,
  type DraftFormValues,
  type DraftInput,
} from "~/workflow/draftForm";
import { availableEvents } from "~/workflow/policy";
import { formatDeadline, formatNzDateTime } from "~/workflow/nzTime";
import { checkText, type Finding } from "~/workflow/textChecks";
import { normalizeText } from "~/workflow/textChecks/normalize";
import { maySaveVersion } from "~/workflow/versions";
import { RequestErrorBoundary } from "~/components/errors";
import { fieldErrorsOf, formErrorsOf, type FieldErrors } from "~/http/fieldErrors";
import { REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Draft the endorsement — ${data.request.reference} — Tautoko` : "Draft — Tautoko" },
];

/** Live findings wait this long after the last keystroke. */
const CHECK_DELAY_MS = 300;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req, viewer } = await requireVisibleRequest(context, user, params.reference);
  if (!canActOnRequests(viewer)) throw forbidden("Your role can read requests but not draft endorsements.");
  const now = context.now();
  const snapshot = await loadSnapshot(context.db, req);
  const actor = await actorFor(context.db, user, now);
  const latest = await getLatestVersion(context.db, req.id);
  return {
    request: {
      reference: req.reference,
      state: req.state,
      supplierName: req.supplier_name,
      requestType: req.request_type,
      asked: req.asked,
      deadlineAt: req.deadline_at,
      revision: req.revision,
    },
    latest: latest
      ? {
          number: latest.number,
          text: latest.text,
          sha256: latest.sha256,
          createdAt: latest.created_at,
          authorName: latest.author_name,
          consents: latest.consents,
        }
      : null,
    // Findings come from the server: the checker's language model is too big for the browser.
    findings: checkText(latest?.text ?? ""),
    cannotSave: maySaveVersion(snapshot, actor, now)?.reason ?? null,
    canSubmit: availableEvents(snapshot, actor, now).includes("submitVersion"),
  };
}

type EchoedValues = {
  text: string;
  basedOn: string;
  revision: string;
  consents: DraftFormValues["consents"];
  findings: Finding[];
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, req, form } = await readRequestPost(request, context, params.reference, (viewer) =>
    canActOnRequests(viewer) ? null : "Your role can read requests but not draft endorsements.",
  );

  if (form.get("intent") === "submit") {
    const outcome = await applyRequestEvent(
      context,
      req.id,
      {
        type: "submitVersion",
        revision: Number(form.get("revision")),
        versionNumber: Number(form.get("versionNumber")),
      },
      user,
    );
    if (!outcome.ok)
      return data(
        { formError: outcome.reason, fieldErrors: {} as FieldErrors, values: null },
        { status: outcome.status },
      );
    return redirect(`/requests/${req.reference}?done=submitted`);
  }

  const posted = draftValuesOf(form);
  const echoedText = posted.text.slice(0, MAX_VERSION_CHARS + 1000);
  const echo = (overrides: Partial<EchoedValues> = {}): EchoedValues => ({
    text: echoedText,
    findings: checkText(echoedText),
    basedOn: posted.basedOn,
    revision: posted.revision,
    consents: posted.consents,
    ...overrides,
  });
  const parsed = draftSchema.safeParse(posted);
  if (!parsed.success) {
    return data({ formError: null, fieldErrors: fieldErrorsOf(parsed.error), values: echo() }, { status: 400 });
  }
  const saved = await saveVersion(context, user, req.id, parsed.data);
  if (!saved.ok) {
    // Nothing is lost: the author's text comes back, now based on the latest version, so a second save is deliberate.
    const rebased =
      saved.code === "version_not_latest" || saved.code === "stale_revision"
        ? {
            basedOn: saved.latestNumber == null ? "" : String(saved.latestNumber),
            revision: String(saved.revision ?? posted.revision),
          }
        : {};
    return data(
      { formError: saved.reason, fieldErrors: {} as FieldErrors, values: echo(rebased) },
      { status: saved.status },
    );
  }
  return redirect(`/requests/${req.reference}/draft?saved=${saved.number}`);
}

/**
 * The form starts afresh after each saved version: react-hook-form reads its
 * starting values (the version it is based on, the revision) only once.
 */
export default function DraftEndorsement() {
  const { request: r, latest } = useLoaderData<typeof loader>();
  return <DraftForm key={`${latest?.number ?? 0}:${r.revision}`} />;
}

function DraftForm() {
  const { request: r, latest, findings: savedFindings, cannotSave, canSubmit } = useLoaderData<typeof loader>();
  const canSave = cannotSave === null;
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const submit = useSubmit();
  const textArea = useRef<HTMLTextAreaElement | null>(null);
  const echoed = actionData?.values ?? null;
  const blankRow = { personName: "", relation: "" as const, consent: "" };
  const initialConsents: DraftFormValues["consents"] = echoed?.consents?.length
    ? echoed.consents
    : [
        ...(latest?.consents.map((c) => ({ personName: c.person_name, relation: c.relation, consent: c.consent })) ??
          []),
        blankRow,
      ];
  const initialText = echoed?.text ?? latest?.text ?? "";

  const {
    register,
    handleSubmit,
    control,
    formState: { errors },
  } = useForm<DraftFormValues, unknown, DraftInput>({
    resolver: zodResolver(draftSchema),
    mode: "onSubmit",
    // The error summary takes focus and lists every problem; jumping to the first field would hide it.
    shouldFocusError: false,
    defaultValues: {
      text: initialText,
      basedOn: echoed?.basedOn ?? (latest ? String(latest.number) : ""),
      revision: echoed?.revision ?? String(r.revision),
      consents: initialConsents,
    },
  });
  const consentRows = useFieldArray({ control, name: "consents" });

  // Live findings: the server runs the checker it runs on save, debounced while typing.
  const text = useWatch({ control, name: "text" }) ?? "";
  const consentValues = useWatch({ control, name: "consents" });
  const live = useFetcher<{ text: string; findings: Finding[] }>();
  const submitLive = live.submit;
  const csrfToken = useRootData()?.csrfToken ?? "";
  const liveUrl = `/requests/${r.reference}/findings`;
  useEffect(() => {
    if (!hydrated) return;
    const timer = setTimeout(
      () => submitLive({ csrf: csrfToken, text }, { method: "post", action: liveUrl }),
      CHECK_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [hydrated, text, csrfToken, liveUrl, submitLive]);
  const shownCheck =
    live.data && "findings" in live.data
      ? live.data
      : { text: normalizeText(initialText), findings: echoed?.findings ?? savedFindings };
  const findings = shownCheck.findings;
  const checkedText = shownCheck.text;

  const serverErrors: FieldErrors = actionData?.fieldErrors ?? {};
  const shown: FieldErrors = { ...serverErrors, ...formErrorsOf(errors) };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    void handleSubmit(() => submit(formElement, { method: "post" }))(event);
  }

  function select(f: Finding) {
    const el = textArea.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(f.start, f.end);
  }

  const { ref: textRef, ...textField } = register("text");

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Draft the endorsement text</h1>
          <p>
            <Link to={`/requests/${r.reference}`}>{r.reference}</Link>: {r.supplierName} ·{" "}
            {REQUEST_TYPE_LABELS[r.requestType]} · decision due by the {formatDeadline(r.deadlineAt)}
          </p>
        </div>
        <StateBadge state={r.state} />
      </div>
      {params.get("saved") ? (
        <div className="notice" role="status">
          Saved as version {params.get("saved")}. You can keep editing (each save makes a new version) or submit it for
          review.
        </div>
      ) : null}
      {actionData?.formError ? (
        <div className="notice notice--danger" role="alert">
          {actionData.formError}
        </div>
      ) : null}
      <ErrorSummary errors={shown} />

      <section className="panel" aria-labelledby="asked-heading">
        <h2 id="asked-heading">What the supplier asked for</h2>
        <p className="prewrap">{r.asked}</p>
        {latest ? (
          <p className="meta">
            Latest: version {latest.number} by {latest.authorName}, {formatNzDateTime(latest.createdAt)} · SHA-256{" "}
            <span className="mono">{latest.sha256}</span> ·{" "}
            <Link to={`/requests/${r.reference}/versions`}>all versions</Link>
          </p>
        ) : (
          <p className="meta">No version yet.</p>
        )}
      </section>

      {canSave ? (
        <Form method="post" noValidate className="panel" onSubmit={hydrated ? onSubmit : undefined}>
          <CsrfField />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" {...register("basedOn")} />
          <input type="hidden" {...register("revision")} />
          <Field
            id="text"
            label="Endorsement text"
            hint="Write only what the agency can stand behind: what was supplied, when, and how it went. Findings update as you type."
            required
            error={shown.text}
          >
            <textarea
              rows={12}
              aria-invalid={shown.text ? true : undefined}
              aria-describedby={describedBy("text", true, shown.text)}
              {...textField}
              id="text"
              ref={(el) => {
                textRef(el);
                textArea.current = el;
              }}
            />
          </Field>

          <LiveFindings text={checkedText} findings={findings} hydrated={hydrated} onSelect={select} />
          <ConsentRows
            rows={consentRows}
            register={register}
            errors={shown}
            relations={(consentValues ?? []).map((c) => c?.relation)}
            hydrated={hydrated}
          />

          <div className="actions">
            <button className="button" type="submit" disabled={navigation.state === "submitting"}>
              {latest ? `Save as version ${latest.number + 1}` : "Save as version 1"}
            </button>
          </div>
        </Form>
      ) : (
        <p className="notice">You cannot change the text of this request now: {cannotSave}</p>
      )}

      {canSubmit && latest ? <SubmitForReview revision={r.revision} versionNumber={latest.number} /> : null}
    </>
  );
}

/** A request that cannot be found or acted on here: the error page leads back to the request. */
export const ErrorBoundary = RequestErrorBoundary;

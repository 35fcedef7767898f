import { startSession } from "~/auth/session.server";
import { logRequest } from "~/commands/logRequest.server";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { action as draftAction } from "~/routes/requests.$reference_.draft";
import { action as endorsementReviewAction } from "~/routes/requests.$reference_.endorsement-review";
import { action as reviewAction } from "~/routes/requests.$reference_.review";
import { logRequestSchema } from "~/workflow/requestForm";
import { call, createTestApp, type TestApp, type TestUser } from "../helpers/app";
import { completeApprovalFields } from "~/demo/approvalFields";
import { CRITERIA, type Finding } from "~/workflow/textChecks";

/** A fair, factual text: the checker raises nothing. sha256 a8d6ff5e… (printf %s … | sha256sum). */
export const FAIR_TEXT =
  "Kāinga Ora engaged Acme Ltd under contract C-123 from March 2024 to February 2025 to repair 120 homes in Porirua. The work was completed on schedule.";
export const FAIR_SHA256 = "a8d6ff5e6ffbc5178956a42b891345f5527c249dfd03ee7beab3c33f9cd0d1cc";

/** One error ("best", superlative, 126–130) and one warning ("arguably", weasel-words, 143–151). */
export const FLAWED_TEXT =
  "Kāinga Ora engaged Acme Ltd under contract C-123 from March 2024 to February 2025 to repair 120 homes in Porirua. Acme is the best builder and arguably the work was completed on schedule.";
export const FLAWED_SHA256 = "a6339dbb729936111c1cfa6b1ad471c4c15bc425474bb16e030bd053c8d50f89";

export const CRITERIA_KEYS = CRITERIA;

export function form(fields: Record<string, string | undefined>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) f.set(k, v);
  return f;
}

/**
 * A request logged by Aroha (staff) for Acme, in drafting after Mere (a
 * manager) allowed it. Wednesday 25 Nov 2026, 11:00 NZDT.
 */
export async function requestInDrafting(options: { enduring?: "auto" | "no"; contactEmail?: string } = {}) {
  const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
  const requester = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
  const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
  const manager2 = await app.addUser("tama@tautoko.test", ["procurement_manager"], "Tama Hēnare");
  const input = logRequestSchema(app.context.now).parse({
    supplierName: "Acme Ltd",
    supplierNzbn: "",
    supplierContactEmail: options.contactEmail ?? "marketing@acme.example",
    requestType: "written_reference",
    enduring: options.enduring ?? "auto",
    channel: "email",
    receivedAt: "2026-11-20T09:30",
    asked: "A written reference for their tender.",
    originalMessage: "",
    contractRef: "C-123",
    conflict: "none",
    conflictNote: "",
  });
  const { id, reference } = await logRequest(app.context, requester, input, []);
  const allowed = await applyRequestEvent(
    app.context,
    id,
    {
      type: "allowDrafting",
      revision: 1,
      conflict: { hasConflict: false },
      exceptionGround: "Long, well-documented contract with no disputes.",
      impact: {
        publicReaction: { risk: "low", note: "A factual reference only." },
        supplierPerformance: { risk: "medium", note: "Contract ends in 2025; review yearly." },
      },
    },
    manager,
  );
  if (!allowed.ok) throw new Error(allowed.reason);
  return { app, requester, manager, manager2, requestId: id, reference };
}

export type Setup = Awaited<ReturnType<typeof requestInDrafting>>;

export async function revisionOf(app: TestApp, requestId: number): Promise<number> {
  return (await app.db.selectFrom("requests").select("revision").where("id", "=", requestId).executeTakeFirstOrThrow())
    .revision;
}

export async function postDraft(s: Setup, user: TestUser, fields: Record<string, string | undefined>) {
  return call(() =>
    draftAction({
      request: s.app.request(`/requests/${s.reference}/draft`, {
        user,
        body: form({ csrf: user.csrf, intent: "save", ...fields }),
      }),
      params: { reference: s.reference },
      context: s.app.context,
    }),
  );
}

/** Saves a version as the browser would, based on the latest version and the current revision. */
export async function saveText(s: Setup, user: TestUser, text: string, extra: Record<string, string> = {}) {
  const latest = await latestVersionQuery(s).executeTakeFirst();
  return postDraft(s, user, {
    text,
    basedOn: latest ? String(latest.number) : "",
    revision: String(await revisionOf(s.app, s.requestId)),
    ...extra,
  });
}

export async function submitLatest(s: Setup, user: TestUser) {
  const latest = await latestVersion(s);
  const revision = await revisionOf(s.app, s.requestId);
  return call(() =>
    draftAction({
      request: s.app.request(`/requests/${s.reference}/draft`, {
        user,
        body: form({
          csrf: user.csrf,
          intent: "submit",
          versionNumber: String(latest.number),
          revision: String(revision),
        }),
      }),
      params: { reference: s.reference },
      context: s.app.context,
    }),
  );
}

function latestVersionQuery(s: Setup) {
  return s.app.db
    .selectFrom("endorsement_versions")
    .selectAll()
    .where("request_id", "=", s.requestId)
    .orderBy("number", "desc");
}

export async function latestVersion(s: Setup) {
  return latestVersionQuery(s).executeTakeFirstOrThrow();
}

/** A complete approval of the latest version: every criterion met, every finding dealt with, impact confirmed. */
export async function approvalFields(s: Setup): Promise<Record<string, string>> {
  const version = await latestVersion(s);
  const parsed = { ...version, findings: JSON.parse(version.findings) as Finding[] };
  const fields = completeApprovalFields(parsed, await revisionOf(s.app, s.requestId), {
    criterion: (c) => `Checked ${c} against the contract file.`,
    waiver: "The supplier ranked first in the panel evaluation.",
  });
  fields.intent = "approve";
  return fields;
}

export async function postReview(s: Setup, user: TestUser, fields: Record<string, string | undefined>) {
  return call(() =>
    reviewAction({
      request: s.app.request(`/requests/${s.reference}/review`, { user, body: form({ csrf: user.csrf, ...fields }) }),
      params: { reference: s.reference },
      context: s.app.context,
    }),
  );
}

export async function postEndorsementReview(s: Setup, user: TestUser, fields: Record<string, string | undefined>) {
  return call(() =>
    endorsementReviewAction({
      request: s.app.request(`/requests/${s.reference}/endorsement-review`, {
        user,
        body: form({ csrf: user.csrf, ...fields }),
      }),
      params: { reference: s.reference },
      context: s.app.context,
    }),
  );
}

export async function requestRow(s: Setup) {
  return s.app.db.selectFrom("requests").selectAll().where("id", "=", s.requestId).executeTakeFirstOrThrow();
}

/** A request in review with the given text, submitted by the requester. */
export async function requestInReview(text: string, options: Parameters<typeof requestInDrafting>[0] = {}) {
  const s = await requestInDrafting(options);
  const saved = await saveText(s, s.requester, text);
  if (!(saved instanceof Response) || saved.status !== 302) throw new Error("save failed");
  const submitted = await submitLatest(s, s.requester);
  if (!(submitted instanceof Response) || submitted.status !== 302) throw new Error("submit failed");
  return s;
}

/** Sessions end after 30 idle minutes, so after moving the clock a person signs in again. */
export async function signInAgain(app: TestApp, user: TestUser): Promise<TestUser> {
  const cookie = (await startSession(app.context, user.id)).split(";")[0]!;
  const { csrf_token } = await app.db
    .selectFrom("sessions")
    .select("csrf_token")
    .where("user_id", "=", user.id)
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  return { ...user, cookie, csrf: csrf_token };
}

/** Moves the clock and signs everyone in the setup in again. */
export async function moveClock(s: Setup, iso: string): Promise<void> {
  s.app.setNow(iso);
  s.requester = await signInAgain(s.app, s.requester);
  s.manager = await signInAgain(s.app, s.manager);
  s.manager2 = await signInAgain(s.app, s.manager2);
}

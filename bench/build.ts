import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import canonicalize from "canonicalize";
import { createDb, migrateToLatest, openSqlite } from "#db/client";
import { migrations } from "#db/migrations/index";
import type { RequestState } from "#db/schema";
import { GENESIS_HASH, computeStoredEventHash, type StoredAuditEvent } from "~/audit/chain";
import { CHANNELS, REQUEST_TYPES } from "~/workflow/vocabulary";

/**
 * The benchmark's bulk builder: raw prepared inserts in large transactions,
 * not the command path (which would take hours at 200,000 requests). It
 * writes what the commands would leave behind — requests in every state,
 * versions, comments, sent emails and a valid audit hash chain — so the
 * pages, the verifier and the commands run on realistic data.
 */

/** Bump when the data written here changes, so cached builds are not reused. */
const BUILDER_VERSION = 4;
const DAY_MS = 86_400_000;
/** The free-text term: a supplier name that about 0.5% of requests carry. */
export const SEARCH_TERM = "Kōwhai Ridge";
const TERM_SHARE = 0.005;

export const BENCH_PASSWORD_HASH = "not-a-password-hash: bench accounts sign in by a session row";
export const BENCH_MANAGER_EMAIL = "manager@bench.example";

/** Share of each final state (issue 7); a third of the declines are by default. */
const STATE_SPREAD: ReadonlyArray<[RequestState, number]> = [
  ["declined", 0.55],
  ["cancelled", 0.05],
  ["escalated", 0.08],
  ["drafting", 0.04],
  ["in_review", 0.03],
  ["approved", 0.15],
  ["withdrawn", 0.05],
  ["expired", 0.05],
];

const NAME_A = [
  "Tōtara",
  "Harbour",
  "Southern",
  "Pūriri",
  "Summit",
  "Coastal",
  "Rimu",
  "Alpine",
  "Manuka",
  "Matai",
  "Greenfield",
  "Kauri",
  "Te Awa",
  "Northern",
  "Ironbank",
];
const NAME_B = [
  "Builders",
  "Civil",
  "Plumbing",
  "Electrical",
  "Roofing",
  "Joinery",
  "Drainage",
  "Painters",
  "Landscapes",
  "Scaffolding",
  "Glazing",
  "Consulting",
  "Surveyors",
  "Fencing",
];
const NAME_C = ["Ltd", "Limited", "Group", "& Sons", "Services", "Co"];
const ASKS = [
  "A written reference for a tender with another agency",
  "A quote from our project manager for their website",
  "A case study of the Porirua renewal for their brochure",
  "Use of our logo on their vehicles and signage",
  "A phone call to a prospective client vouching for their work",
  "Permission to list us as a client in a capability statement",
];

export interface BuiltDatabase {
  file: string;
  size: number;
  managerId: number;
  staffIds: number[];
  /** The supplier name used as the free-text term. */
  term: string;
  /** Reused from an earlier run rather than built now. */
  cached: boolean;
  buildSeconds: number;
}

/** A small fast deterministic generator (mulberry32), so every build is the same. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function schemaVersion(): string {
  return createHash("sha256")
    .update(JSON.stringify({ migrations: Object.keys(migrations), builder: BUILDER_VERSION }))
    .digest("hex")
    .slice(0, 12);
}

export function benchCacheDir(): string {
  return path.join(os.tmpdir(), "tautoko-bench-cache");
}

/** Builds are reused for a week; after that, undecided deadlines would start to fall due. */
const CACHE_MAX_AGE_MS = 7 * DAY_MS;

/**
 * A database of `size` requests, from the cache when a build of this size and
 * schema exists and is fresh, else built now (into a temp file, then moved in).
 */
export async function benchDatabase(size: number, log: (line: string) => void): Promise<BuiltDatabase> {
  const dir = benchCacheDir();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `requests-${size}-${schemaVersion()}.sqlite`);
  const meta = `${file}.json`;
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat && fs.existsSync(meta) && Date.now() - stat.mtimeMs < CACHE_MAX_AGE_MS) {
    log(`Reusing the cached build of ${size.toLocaleString("en-NZ")} requests: ${file}`);
    return { ...(JSON.parse(fs.readFileSync(meta, "utf8")) as BuiltDatabase), file, cached: true };
  }
  const building = path.join(dir, `building-${process.pid}-${size}.sqlite`);
  const started = performance.now();
  const built = await buildDatabase(building, size, log);
  const buildSeconds = (performance.now() - started) / 1000;
  fs.renameSync(building, file);
  const result: BuiltDatabase = { ...built, file, cached: false, buildSeconds };
  fs.writeFileSync(meta, JSON.stringify(result));
  log(`Built ${size.toLocaleString("en-NZ")} requests in ${buildSeconds.toFixed(1)} s: ${file}`);
  return result;
}

/** Copies a built database (the commands write to it, so they get their own copy). */
export function copyDatabase(source: string, target: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(source, target);
}

type Event = Omit<StoredAuditEvent, "seq" | "prev_hash" | "hash" | "payload"> & { payload: Record<string, unknown> };

/** Builds `size` requests into `file` (replacing it), without the cache. */
export async function buildDatabase(
  file: string,
  size: number,
  log: (line: string) => void,
): Promise<Omit<BuiltDatabase, "file" | "cached" | "buildSeconds">> {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  const kysely = createDb(file);
  await migrateToLatest(kysely);
  await kysely.destroy();

  const db = openSqlite(file);
  // A throwaway file while it is built: no fsync, and foreign keys are checked once at the end.
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = OFF");
  db.pragma("cache_size = -262144");
  db.pragma("temp_store = MEMORY");

  const random = prng(20261124 + size);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  // People: a few managers, an auditor, an admin and staff who log the requests.
  const insertUser = db.prepare(
    "insert into users (email, name, password_hash, active, created_at) values (?, ?, ?, 1, ?) returning id",
  );
  const insertRole = db.prepare("insert into user_roles (user_id, role, granted_at) values (?, ?, ?)");
  const since = iso(now - 6 * 365 * DAY_MS);
  const person = (email: string, name: string, roles: string[]): number => {
    const { id } = insertUser.get(email, name, BENCH_PASSWORD_HASH, since) as { id: number };
    for (const role of roles) insertRole.run(id, role, since);
    return id;
  };
  const staffCount = Math.max(5, Math.min(200, Math.round(size / 1000)));
  const { managerIds, staffIds } = db.transaction(() => {
    const managerIds = [
      person(BENCH_MANAGER_EMAIL, "Aroha Manager", ["procurement_manager", "staff"]),
      person("manager2@bench.example", "Ben Manager", ["procurement_manager"]),
    ];
    person("auditor@bench.example", "Casey Auditor", ["auditor"]);
    person("admin@bench.example", "Dana Admin", ["admin"]);
    const staffIds: number[] = [];
    for (let i = 0; i < staffCount; i++)
      staffIds.push(person(`staff${i}@bench.example`, `Staff Member ${i}`, ["staff"]));
    return { managerIds, staffIds };
  })();
  const managerEmails = JSON.stringify([BENCH_MANAGER_EMAIL, "manager2@bench.example"]);

  // Suppliers: one in ten requests brings a new one; the term's supplier is the last.
  const supplierCount = Math.max(20, Math.round(size / 10));
  const insertSupplier = db.prepare(
    "insert into suppliers (name, nzbn, contact_email, created_at) values (?, ?, ?, ?) returning id",
  );
  const supplierNames: string[] = [];
  const termSupplierId = db.transaction(() => {
    for (let i = 0; i < supplierCount; i++) {
      const name = `${pick(NAME_A)} ${pick(NAME_B)} ${i} ${pick(NAME_C)}`;
      supplierNames.push(name);
      insertSupplier.run(name, String(9429000000000 + i), `contact${i}@supplier${i}.example`, since);
    }
    const name = `${SEARCH_TERM} Engineering Ltd`;
    supplierNames.push(name);
    return (insertSupplier.get(name, "9429999999999", "hello@kowhairidge.example", since) as { id: number }).id;
  })();

  const insertRequest =
    db.prepare(`insert into requests (id, reference, year, seq, supplier_id, request_type, enduring, channel,
      received_at, asked, original_message, contract_ref, requester_conflict, requester_id, logged_by_id, logged_at, state, outcome,
      deadline_at, reminder_sent_for, declined_by_default, decided_at, decided_by, decision_reason, exception_ground,
      impact_public_risk, impact_public_note, impact_performance_risk, impact_performance_note, drafting_allowed_at,
      revision, updated_at, approved_version_id, approved_sha256, valid_until, review_reminder_sent_for)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertVersion =
    db.prepare(`insert into endorsement_versions (id, request_id, number, based_on, author_id, created_at,
      text, sha256, findings, ruleset_version) values (?, ?, ?, ?, ?, ?, ?, ?, '[]', 'bench-1')`);
  const insertVersionReview =
    db.prepare(`insert into version_reviews (request_id, version_id, reviewer_id, created_at, outcome, review)
    values (?, ?, ?, ?, 'approved', '{"criteria":{},"waivers":[],"acknowledgements":[]}')`);
  const insertComment = db.prepare(
    "insert into comments (request_id, author_id, body, created_at) values (?, ?, ?, ?)",
  );
  const insertEvent =
    db.prepare(`insert into audit_events (seq, at, actor_id, actor_role, on_behalf_of_id, action, request_id,
      from_state, to_state, payload, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertEmail =
    db.prepare(`insert into outbox (message_id, template, to_addresses, subject, html, text, request_id,
      created_at, status, attempts, next_attempt_at, sent_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'sent', 1, ?, ?)`);

  let seq = 0;
  let prevHash = GENESIS_HASH;
  let versionId = 0;
  let emailId = 0;
  const yearSeq = new Map<number, number>();

  const append = (e: Event) => {
    seq++;
    const stored: StoredAuditEvent = {
      ...e,
      seq,
      payload: canonicalize(e.payload) ?? "{}",
      prev_hash: prevHash,
      hash: "",
    };
    stored.hash = computeStoredEventHash(stored);
    insertEvent.run(
      seq,
      stored.at,
      stored.actor_id,
      stored.actor_role,
      stored.on_behalf_of_id,
      stored.action,
      stored.request_id,
      stored.from_state,
      stored.to_state,
      stored.payload,
      prevHash,
      stored.hash,
    );
    prevHash = stored.hash;
  };
  const email = (template: string, to: string, subject: string, requestId: number, at: string) => {
    emailId++;
    insertEmail.run(
      `<bench-${emailId}@bench.example>`,
      template,
      to,
      subject,
      `<!DOCTYPE html><html><body><p>${subject}</p><p>Open the request in Tautoko to see the details.</p></body></html>`,
      `${subject}\n\nOpen the request in Tautoko to see the details.`,
      requestId,
      at,
      at,
      at,
    );
  };

  const cumulative: Array<[RequestState, number]> = [];
  let sum = 0;
  for (const [state, share] of STATE_SPREAD) cumulative.push([state, (sum += share)]);
  const stateOf = (r: number): RequestState => cumulative.find(([, c]) => r < c)?.[0] ?? "declined";

  const writeRequest = (id: number) => {
    const state = stateOf(random());
    const undecided = state === "escalated" || state === "drafting" || state === "in_review";
    // Undecided requests are recent, with deadlines well ahead, so no sweep falls due while benchmarking.
    const loggedMs = undecided ? now - random() * 14 * DAY_MS : now - 30 * DAY_MS - random() * 5 * 365 * DAY_MS;
    const logged = iso(loggedMs);
    const received = iso(loggedMs - random() * 3 * DAY_MS);
    const year = new Date(loggedMs).getUTCFullYear();
    const yseq = (yearSeq.get(year) ?? 0) + 1;
    yearSeq.set(year, yseq);
    const reference = `END-${year}-${String(yseq).padStart(4, "0")}`;
    const supplierIndex = random() < TERM_SHARE ? supplierNames.length - 1 : Math.floor(random() * supplierCount);
    const supplierId = supplierIndex === supplierNames.length - 1 ? termSupplierId : supplierIndex + 1;
    const supplierName = supplierNames[supplierIndex]!;
    const requesterId = pick(staffIds);
    const requestType = pick(REQUEST_TYPES);
    const enduring = requestType === "verbal" ? 0 : 1;
    const asked = `${pick(ASKS)} (request ${id}).`;
    const deadlineMs = undecided ? now + (30 + random() * 60) * DAY_MS : loggedMs + 14 * DAY_MS;
    const deadline = iso(deadlineMs);
    const manager = Math.floor(random() * managerIds.length);
    const managerId = managerIds[manager]!;
    const drafted = !["declined", "cancelled", "escalated"].includes(state);
    const byDefault = state === "declined" && random() < 1 / 3;

    let t = loggedMs;
    const step = (maxDays: number) => (t += (0.01 + random() * maxDays) * DAY_MS);
    let current: RequestState = "escalated";
    let revision = 1;
    const move = (
      action: string,
      to: RequestState,
      actor: number | null,
      role: string | null,
      payload: Record<string, unknown>,
    ) => {
      append({
        at: iso(step(2)),
        actor_id: actor,
        actor_role: role,
        on_behalf_of_id: null,
        action,
        request_id: id,
        from_state: current,
        to_state: to,
        payload,
      });
      if (to !== current) revision++;
      current = to;
    };

    append({
      at: logged,
      actor_id: requesterId,
      actor_role: "staff",
      on_behalf_of_id: null,
      action: "request.logged",
      request_id: id,
      from_state: null,
      to_state: "escalated",
      payload: {
        reference,
        supplier: { id: supplierId, name: supplierName },
        requestType,
        enduring: enduring === 1,
        channel: "email",
        receivedAt: received,
        outcome: "decline",
        deadlineAt: deadline,
        requesterConflict: false,
        attachments: [],
      },
    });
    email(
      "escalation",
      managerEmails,
      `Endorsement request ${reference} from ${supplierName}: decline unless you approve an exception`,
      id,
      logged,
    );

    // Comments back and forth (two on average), each audited and emailed to the other side.
    const comments = Math.floor(random() * 5);
    for (let c = 0; c < comments; c++) {
      const fromManager = c % 2 === 1;
      const author = fromManager ? managerId : requesterId;
      const at = iso(step(1));
      const body = fromManager
        ? "Can you confirm which contract this relates to?"
        : "It is the 2024 maintenance panel contract.";
      insertComment.run(id, author, body, at);
      append({
        at,
        actor_id: author,
        actor_role: fromManager ? "procurement_manager" : "staff",
        on_behalf_of_id: null,
        action: "request.comment",
        request_id: id,
        from_state: current,
        to_state: current,
        payload: { body },
      });
      email(
        "comment",
        fromManager ? '["requester@bench.example"]' : managerEmails,
        `New comment on ${reference}`,
        id,
        at,
      );
    }

    let decidedAt: string | null = null;
    let decidedBy: number | null = null;
    let reason: string | null = null;
    let exceptionGround: string | null = null;
    let draftingAllowedAt: string | null = null;
    let approvedVersionId: number | null = null;
    let approvedSha: string | null = null;
    let validUntil: string | null = null;
    let outcome: "decline" | "endorse" = "decline";

    if (state === "declined") {
      if (byDefault) {
        t = Math.max(t, deadlineMs);
        reason = "No decision was made by the deadline, so the request is declined by default.";
        move("request.declineByDefault", "declined", null, "system", { deadlineAt: deadline });
        email("declined-by-default", '["requester@bench.example"]', `${reference} is declined by default`, id, iso(t));
      } else {
        reason = "Endorsing one supplier would favour them over others in future procurements.";
        move("request.decline", "declined", managerId, "procurement_manager", {
          reason,
          conflict: { hasConflict: false },
          notifySupplier: false,
        });
        decidedBy = managerId;
        email("declined", '["requester@bench.example"]', `${reference} is declined`, id, iso(t));
      }
      decidedAt = iso(t);
    } else if (state === "cancelled") {
      reason = "Logged twice by mistake.";
      move("request.cancel", "cancelled", requesterId, "staff", { reason });
      decidedAt = iso(t);
    } else if (drafted) {
      exceptionGround = "The supplier's work is of public benefit and the wording is factual.";
      move("request.allowDrafting", "drafting", managerId, "procurement_manager", {
        exceptionGround,
        conflict: { hasConflict: false },
        impact: {
          publicReaction: { risk: "low", note: "Factual statement." },
          supplierPerformance: { risk: "low", note: "Good record." },
        },
      });
      draftingAllowedAt = iso(t);
      const versions = 1 + Math.floor(random() * 3);
      for (let n = 1; n <= versions; n++) {
        versionId++;
        const text = `Kāinga Ora worked with ${supplierName} on request ${id}; version ${n}. They delivered the contracted work on time and to the agreed standard.`;
        const sha = createHash("sha256").update(text).digest("hex");
        const at = iso(step(2));
        insertVersion.run(versionId, id, n, n === 1 ? null : n - 1, requesterId, at, text, sha);
        append({
          at,
          actor_id: requesterId,
          actor_role: "staff",
          on_behalf_of_id: null,
          action: "request.versionSaved",
          request_id: id,
          from_state: current,
          to_state: current,
          payload: { versionNumber: n, sha256: sha, findings: 0 },
        });
        approvedVersionId = versionId;
        approvedSha = sha;
      }
      if (state !== "drafting") {
        move("request.submitVersion", "in_review", requesterId, "staff", { versionNumber: versions });
        email("version-submitted", managerEmails, `${reference}: version ${versions} is ready for review`, id, iso(t));
      }
      if (state === "in_review") {
        approvedVersionId = null;
        approvedSha = null;
      } else if (state === "drafting") {
        approvedVersionId = null;
        approvedSha = null;
      } else {
        outcome = "endorse";
        decidedBy = managerId;
        move("request.approveVersion", "approved", managerId, "procurement_manager", {
          versionId: approvedVersionId,
          versionNumber: versions,
          sha256: approvedSha,
          conflict: { hasConflict: false },
        });
        decidedAt = iso(t);
        insertVersionReview.run(id, approvedVersionId, managerId, decidedAt);
        email("approved", '["requester@bench.example"]', `${reference} is approved`, id, decidedAt);
        // Approved endorsements stay valid well beyond the review-due window, so no sweep falls due.
        validUntil = state === "approved" ? iso(now + (60 + random() * 600) * DAY_MS) : iso(t + 365 * DAY_MS);
        if (state === "withdrawn") {
          reason = "The supplier's performance on the contract fell short.";
          move("request.withdraw", "withdrawn", managerId, "procurement_manager", {
            reason,
            conflict: { hasConflict: false },
            notifySupplier: false,
          });
          email("withdrawn", '["requester@bench.example"]', `${reference}: the endorsement is withdrawn`, id, iso(t));
        } else if (state === "expired") {
          t = Math.max(t, Date.parse(validUntil));
          move("request.expire", "expired", null, "system", { validUntil });
          email("expired", '["requester@bench.example"]', `${reference}: the endorsement has expired`, id, iso(t));
        }
      }
    }

    insertRequest.run(
      id,
      reference,
      year,
      yseq,
      supplierId,
      requestType,
      enduring,
      pick(CHANNELS),
      received,
      asked,
      `Kia ora, could you please help us with this? ${supplierName}`,
      null,
      requesterId,
      requesterId,
      logged,
      state,
      outcome,
      deadline,
      undecided ? deadline : null,
      byDefault ? 1 : 0,
      decidedAt,
      decidedBy,
      reason,
      exceptionGround,
      exceptionGround ? "low" : null,
      exceptionGround ? "Factual statement." : null,
      exceptionGround ? "low" : null,
      exceptionGround ? "Good record." : null,
      draftingAllowedAt,
      revision,
      iso(Math.max(t, loggedMs)),
      approvedVersionId,
      approvedSha,
      validUntil,
      validUntil,
    );
  };

  // Versions are written before their request, so the search index's insert trigger picks their text up.
  const BATCH = 5_000;
  for (let from = 1; from <= size; from += BATCH) {
    const to = Math.min(size, from + BATCH - 1);
    db.transaction(() => {
      for (let id = from; id <= to; id++) writeRequest(id);
    })();
    if (to % 20_000 === 0 || to === size)
      log(
        `  ${to.toLocaleString("en-NZ")} / ${size.toLocaleString("en-NZ")} requests, ${seq.toLocaleString("en-NZ")} audit events`,
      );
  }
  const upsertCounter = db.prepare("insert into reference_counters (year, last_seq) values (?, ?)");
  db.transaction(() => {
    for (const [year, last] of yearSeq) upsertCounter.run(year, last);
  })();

  const problems = db.pragma("foreign_key_check") as unknown[];
  if (problems.length > 0) throw new Error(`The bulk build broke ${problems.length} foreign keys`);
  db.pragma("foreign_keys = ON");
  // Where the job runner's merging (mergeSearchIndex) leaves a live database: one b-tree per term.
  db.prepare("insert into request_search (request_search) values ('optimize')").run();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  log(
    `  ${seq.toLocaleString("en-NZ")} audit events, ${versionId.toLocaleString("en-NZ")} versions, ${emailId.toLocaleString("en-NZ")} emails`,
  );
  return { size, managerId: managerIds[0]!, staffIds, term: SEARCH_TERM };
}

import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type {
  Channel,
  ConsentRelation,
  Outcome,
  RequestState,
  RequestType,
  RiskLevel,
  Role,
} from "~/workflow/vocabulary";

/**
 * The typed database. Times are ISO-8601 UTC text, booleans 0/1 and ids
 * integers, so the same schema can run on PostgreSQL (DESIGN.md, "Beyond one
 * machine").
 */
export interface Database {
  users: UsersTable;
  user_roles: UserRolesTable;
  identities: IdentitiesTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  suppliers: SuppliersTable;
  reference_counters: ReferenceCountersTable;
  requests: RequestsTable;
  attachments: AttachmentsTable;
  comments: CommentsTable;
  delegations: DelegationsTable;
  audit_events: AuditEventsTable;
  outbox: OutboxTable;
  job_runs: JobRunsTable;
  endorsement_versions: EndorsementVersionsTable;
  version_consents: VersionConsentsTable;
  version_reviews: VersionReviewsTable;
  endorsement_reviews: EndorsementReviewsTable;
  form_keys: FormKeysTable;
  request_claims: RequestClaimsTable;
  saved_searches: SavedSearchesTable;
}

export type Bool = 0 | 1;

// The domain's vocabulary is defined once, in app/workflow/vocabulary.ts; the columns take their types from it.
export type { Channel, ConsentRelation, Outcome, RequestState, RequestType, RiskLevel, Role };

export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased; the sign-in name. */
  email: string;
  name: string;
  password_hash: string;
  active: Bool;
  created_at: string;
  disabled_at: string | null;
}

export interface UserRolesTable {
  user_id: number;
  role: Role;
  granted_at: string;
  granted_by: number | null;
}

/** An account's link to a person at an OpenID provider (issuer and subject). */
export interface IdentitiesTable {
  issuer: string;
  subject: string;
  user_id: number;
  linked_at: string;
  /** The hint for signing out at the provider. */
  last_id_token: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the token held in the cookie; the token itself is never stored. */
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
}

export interface SignInAttemptsTable {
  id: Generated<number>;
  /** Lower-cased email as typed, whether or not an account exists. */
  email: string;
  ip: string;
  at: string;
  succeeded: Bool;
}

export interface SuppliersTable {
  id: Generated<number>;
  name: string;
  nzbn: string | null;
  contact_email: string | null;
  /** Set when an admin merged this supplier into another. */
  merged_into_id: number | null;
  created_at: string;
}

export interface ReferenceCountersTable {
  year: number;
  last_seq: number;
}

export interface RequestsTable {
  id: Generated<number>;
  /** END-2026-0042: unique and sequential per year. */
  reference: string;
  year: number;
  seq: number;
  supplier_id: number;
  request_type: RequestType;
  enduring: Bool;
  channel: Channel;
  received_at: string;
  /** What exactly the supplier asked for. */
  asked: string;
  original_message: string | null;
  contract_ref: string | null;
  requester_conflict: Bool;
  requester_conflict_note: string | null;
  /** Who follows the request now: its logger, or whoever an admin reassigned it to when the logger left. */
  requester_id: number;
  /** Who logged it: set once, never updated; separation of duties is decided on it. */
  logged_by_id: ColumnType<number, number, never>;
  /** The supplier contact the request arrived with (the supplier's own record changes only by an audited path). */
  contact_email: string | null;
  logged_at: string;
  state: RequestState;
  outcome: Outcome;
  deadline_at: string;
  /** The working-day deadline on which the last reminder was sent. */
  reminder_sent_for: string | null;
  declined_by_default: Bool;
  decided_at: string | null;
  decided_by: number | null;
  decision_reason: string | null;
  exception_ground: string | null;
  impact_public_risk: RiskLevel | null;
  impact_public_note: string | null;
  impact_performance_risk: RiskLevel | null;
  impact_performance_note: string | null;
  drafting_allowed_at: string | null;
  /** Bumped by every change; posted with every form (409 when stale). */
  revision: number;
  updated_at: string;
  /** Approval binds to one version: its id and the SHA-256 of its text. */
  approved_version_id: number | null;
  approved_sha256: string | null;
  /** Enduring: up to 24 months, moved by reviews; non-enduring: the single use's last day (30 days). */
  valid_until: string | null;
  /** The valid-until for which the review-due reminder was sent. */
  review_reminder_sent_for: string | null;
  /** Where the approving manager said the endorsement may be used (the supplier's terms say only this). */
  permitted_use: string | null;
  /** When the supplier's contact was sent the decline notice (at most once). */
  supplier_notice_sent_at: string | null;
}

/** One rendered form's idempotency key, claimed by the first post that used it. */
/** Who said "I'm handling this" for an undecided request; deleted on release. */
export interface RequestClaimsTable {
  request_id: number;
  user_id: number;
  claimed_at: string;
}

/** An auditor's or manager's named search: the /audit query string, re-parsed whenever it is run. */
export interface SavedSearchesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  query: string;
  created_at: string;
}

export interface FormKeysTable {
  user_id: number;
  form_key: string;
  used_at: string;
}

export interface AttachmentsTable {
  id: Generated<number>;
  request_id: number;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  uploaded_at: string;
  uploaded_by: number;
}

export interface CommentsTable {
  id: Generated<number>;
  request_id: number;
  author_id: number;
  body: string;
  created_at: string;
}

export interface DelegationsTable {
  id: Generated<number>;
  manager_id: number;
  delegate_id: number;
  /** First and last NZ calendar day of the delegation, YYYY-MM-DD. */
  starts_on: string;
  ends_on: string;
  created_at: string;
  revoked_at: string | null;
}

export interface AuditEventsTable {
  /** From 1, no gaps. */
  seq: number;
  at: string;
  actor_id: number | null;
  actor_role: string | null;
  on_behalf_of_id: number | null;
  action: string;
  request_id: number | null;
  from_state: string | null;
  to_state: string | null;
  /** Canonical JSON text. */
  payload: string;
  prev_hash: string;
  hash: string;
}

export type OutboxStatus = "pending" | "sent";

export interface OutboxTable {
  id: Generated<number>;
  /** Fixed when queued, so a retry after an unacknowledged attempt carries the same id. */
  message_id: string;
  template: string;
  to_addresses: string;
  subject: string;
  /** Null until the dispatcher renders the template from `props`. */
  html: string | null;
  text: string | null;
  /** JSON of the template's props, for emails rendered at delivery. */
  props: string | null;
  request_id: number | null;
  created_at: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** A dispatcher holds a row until this time while it delivers it. */
  claimed_until: string | null;
  last_error: string | null;
  sent_at: string | null;
}

export interface JobRunsTable {
  /** e.g. "daily-head:2026-11-24", so a job runs once however many processes try. */
  key: string;
  ran_at: string;
}

export interface EndorsementVersionsTable {
  id: Generated<number>;
  request_id: number;
  /** 1, 2, 3 … per request; a version never changes: editing makes the next one. */
  number: number;
  /** The number of the version the author started from (null for the first). */
  based_on: number | null;
  author_id: number;
  created_at: string;
  /** NFC-normalised. */
  text: string;
  sha256: string;
  /** JSON array of the checker's findings for this text. */
  findings: string;
  ruleset_version: string;
}

export interface VersionConsentsTable {
  id: Generated<number>;
  version_id: number;
  person_name: string;
  relation: ConsentRelation;
  /** For customers and contractors, the Talent Release form reference; for colleagues, how permission was given. */
  consent: string;
}

export interface VersionReviewsTable {
  id: Generated<number>;
  request_id: number;
  version_id: number;
  reviewer_id: number;
  created_at: string;
  outcome: "approved" | "changes_requested" | "declined";
  /** JSON: criteria attestations, waivers, acknowledgements, impact confirmation. */
  review: string;
}

export interface EndorsementReviewsTable {
  id: Generated<number>;
  request_id: number;
  reviewer_id: number;
  created_at: string;
  performance_note: string;
  confirmed: Bool;
  previous_valid_until: string | null;
  new_valid_until: string | null;
  reason: string | null;
}

export type UserRow = Selectable<UsersTable>;
export type RequestRow = Selectable<RequestsTable>;
export type NewRequest = Insertable<RequestsTable>;
/** What an update may write: never `logged_by_id`, which is set once at logging. */
export type RequestUpdate = Updateable<RequestsTable>;
export type SupplierRow = Selectable<SuppliersTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
export type Timestamp = ColumnType<string, string, string>;

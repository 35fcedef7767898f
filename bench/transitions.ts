import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import canonicalize from "canonicalize";
import { emailSubject } from "#emails/index";
import type { BenchDatabase, RawDb, Synchronous } from "./engines";
import { GENESIS_HASH, computeStoredEventHash, type StoredAuditEvent } from "~/audit/chain";
import { applyRequestEvent, type Person } from "~/commands/requestEvents.server";
import { loadConfig } from "~/config.server";

/**
 * Transitions per second through the real command path (applyRequestEvent:
 * one write transaction with the request update, the audit event and the
 * email in the outbox) against a floor: the same rows written with raw
 * prepared statements, one transaction per transition, with the same
 * settings, on either engine. Each escalated request gets a manager's
 * comment, then is declined: two transitions.
 */

/** The address the real path puts in its emails' links; the floor writes the same. */
export const BENCH_APP_URL = "http://127.0.0.1:3000";

const COMMENT = "Thank you — I have read the supplier's message and will decide this week.";
const REASON = "Endorsing one supplier would favour them over others in future procurements.";

interface Escalated {
  id: number;
  revision: number;
}

/** The first fifth (at least one) of a run's requests warm it up untimed; the rest are timed. */
export function splitWarmUp<T>(requests: readonly T[]): [T[], T[]] {
  const warm = Math.max(1, Math.floor(requests.length / 5));
  return [requests.slice(0, warm), requests.slice(warm)];
}

/** Escalated requests not used yet, in id order; each run takes its own slice. */
export async function escalatedRequests(target: BenchDatabase): Promise<Escalated[]> {
  const db = target.open();
  try {
    return await db
      .selectFrom("requests")
      .select(["id", "revision"])
      .where("state", "=", "escalated")
      .orderBy("id")
      .execute();
  } finally {
    await db.destroy();
  }
}

export async function managerOf(target: BenchDatabase, managerId: number): Promise<Person> {
  const db = target.open();
  try {
    return await db
      .selectFrom("users")
      .select(["id", "name", "email"])
      .where("id", "=", managerId)
      .executeTakeFirstOrThrow();
  } finally {
    await db.destroy();
  }
}

/** Real path: applyRequestEvent for a comment, then a decline, on each request. */
export async function realTransitions(
  target: BenchDatabase,
  synchronous: Synchronous,
  requests: readonly Escalated[],
  manager: Person,
): Promise<number> {
  const db = target.open(synchronous);
  const config = loadConfig({ NODE_ENV: "test", APP_URL: BENCH_APP_URL, ...target.serverEnv });
  const context: AppLoadContext = { db, config, now: () => new Date() };
  try {
    // A server deciding all day runs warm: the first fifth of the requests warm the JIT and caches, untimed.
    const [warm, timed] = splitWarmUp(requests);
    for (const request of warm) await decideBoth(context, request, manager);
    const start = performance.now();
    for (const request of timed) await decideBoth(context, request, manager);
    return (timed.length * 2) / ((performance.now() - start) / 1000);
  } finally {
    await db.destroy();
  }
}

async function decideBoth(context: AppLoadContext, request: Escalated, manager: Person): Promise<void> {
  const comment = await applyRequestEvent(context, request.id, { type: "comment", body: COMMENT }, manager);
  if (!comment.ok) throw new Error(`Comment on request ${request.id} refused: ${comment.reason}`);
  const decline = await applyRequestEvent(
    context,
    request.id,
    {
      type: "decline",
      revision: comment.revision,
      conflict: { hasConflict: false },
      reason: REASON,
      notifySupplier: false,
    },
    manager,
  );
  if (!decline.ok) throw new Error(`Decline of request ${request.id} refused: ${decline.reason}`);
}

/** The floor: the same rows with raw prepared statements, one write transaction per transition. */
export async function rawTransitions(
  target: BenchDatabase,
  synchronous: Synchronous,
  requests: readonly Escalated[],
  manager: Person,
  appUrl: string,
): Promise<number> {
  const raw = await target.raw(synchronous);
  try {
    const floor = floorOf(raw, manager, appUrl);
    const [warm, timed] = splitWarmUp(requests);
    for (const request of warm) await floor(request.id);
    const start = performance.now();
    for (const request of timed) await floor(request.id);
    return (timed.length * 2) / ((performance.now() - start) / 1000);
  } finally {
    await raw.close();
  }
}

// What the command path's one read brings: the row, the supplier's name, the requester's address.
const READ_REQUEST = `select requests.state, requests.revision, requests.reference, suppliers.name as supplier_name,
  coalesce(requests.contact_email, suppliers.contact_email) as notice_email,
  requester.email as requester_email from requests join suppliers on suppliers.id = requests.supplier_id
  join users requester on requester.id = requests.requester_id where requests.id = ?`;
const LAST_EVENT = "select seq, hash from audit_events order by seq desc limit 1";
const INSERT_COMMENT = "insert into comments (request_id, author_id, body, created_at) values (?, ?, ?, ?)";
const DECLINE = `update requests set state = 'declined', decided_by = ?, decided_at = ?, decision_reason = ?,
  revision = revision + 1, updated_at = ? where id = ? and revision = ?`;
const INSERT_EVENT = `insert into audit_events (seq, at, actor_id, actor_role, on_behalf_of_id, action, request_id,
  from_state, to_state, payload, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
// Emails are queued as their template's props and rendered at delivery, as the command path does.
const INSERT_EMAIL = `insert into outbox (message_id, template, to_addresses, subject, props, request_id,
  created_at, status, attempts, next_attempt_at) values (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)`;

type Read = {
  state: string;
  revision: number;
  reference: string;
  supplier_name: string;
  notice_email: string | null;
  requester_email: string;
};

type QueuedEmail =
  | { template: "comment"; props: Parameters<typeof emailSubject<"comment">>[1] }
  | { template: "declined"; props: Parameters<typeof emailSubject<"declined">>[1] };

/** The floor's two transitions on one request: a comment, then a decline, each in its own transaction. */
function floorOf(raw: RawDb, manager: Person, appUrl: string): (id: number) => Promise<void> {
  const append = async (
    at: string,
    requestId: number,
    action: string,
    from: string,
    to: string,
    payload: Record<string, unknown>,
  ) => {
    const last = await raw.get<{ seq: number; hash: string }>(LAST_EVENT, []);
    const prev = last?.hash ?? GENESIS_HASH;
    const event: StoredAuditEvent = {
      seq: (last?.seq ?? 0) + 1,
      at,
      actor_id: manager.id,
      actor_role: "procurement_manager",
      on_behalf_of_id: null,
      action,
      request_id: requestId,
      from_state: from,
      to_state: to,
      payload: canonicalize(payload) ?? "{}",
      prev_hash: prev,
      hash: "",
    };
    event.hash = computeStoredEventHash(event);
    await raw.run(INSERT_EVENT, [
      event.seq,
      at,
      manager.id,
      event.actor_role,
      null,
      action,
      requestId,
      from,
      to,
      event.payload,
      prev,
      event.hash,
    ]);
  };
  const base = (r: Read) => ({
    reference: r.reference,
    supplierName: r.supplier_name,
    requestUrl: `${appUrl}/requests/${r.reference}`,
  });
  const queue = (requestId: number, r: Read, at: string, email: QueuedEmail) =>
    raw.run(INSERT_EMAIL, [
      `<${randomUUID()}@bench.example>`,
      email.template,
      JSON.stringify([r.requester_email]),
      email.template === "comment" ? emailSubject("comment", email.props) : emailSubject("declined", email.props),
      JSON.stringify(email.props),
      requestId,
      at,
      at,
    ]);
  const read = async (id: number) => (await raw.get<Read>(READ_REQUEST, [id]))!;

  const commentOn = async (id: number) => {
    const at = new Date().toISOString();
    const request = await read(id);
    await raw.run(INSERT_COMMENT, [id, manager.id, COMMENT, at]);
    await append(at, id, "request.comment", request.state, request.state, { body: COMMENT });
    await queue(id, request, at, {
      template: "comment",
      props: { ...base(request), commenterName: manager.name, commentText: COMMENT },
    });
  };
  const declineOf = async (id: number) => {
    const at = new Date().toISOString();
    const request = await read(id);
    if ((await raw.run(DECLINE, [manager.id, at, REASON, at, id, request.revision])) !== 1)
      throw new Error(`Request ${id} changed`);
    await append(at, id, "request.decline", request.state, "declined", {
      conflict: { hasConflict: false },
      reason: REASON,
      notifySupplier: false,
      supplierNotified: false,
    });
    await queue(id, request, at, {
      template: "declined",
      props: {
        ...base(request),
        deciderName: manager.name,
        reason: REASON,
        supplier: { told: false, contact: request.notice_email },
      },
    });
  };
  return async (id) => {
    await raw.transaction(() => commentOn(id));
    await raw.transaction(() => declineOf(id));
  };
}

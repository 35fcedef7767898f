import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/audit/audit.server";
import { PROJECT_ROOT } from "~/cli/paths";
import { nameDelegate } from "~/commands/delegations.server";
import { logRequest } from "~/commands/logRequest.server";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { declineOverdueRequests, remindBeforeDeadlines } from "~/jobs/sweeps.server";
import { deliverDueEmails } from "~/mail/dispatcher.server";
import { createSmtpTransport } from "~/mail/transport.server";
import { action as requestAction } from "~/routes/requests.$reference";
import { call, createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { startSmtpServer, unusedPort } from "../mail/smtp-server";

// Logged Tue 2026-11-24 11:00 NZDT; the 10th working day after is Tue 8 Dec → due 2026-12-08T11:00:00Z.
const LOGGED_AT = "2026-11-23T22:00:00.000Z";
const DUE = "2026-12-08T11:00:00.000Z";

async function setUp() {
  const app = await createTestApp({ now: LOGGED_AT });
  const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
  const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
  const { id, reference } = await logRequest(
    app.context,
    staff,
    {
      supplierName: "Acme Ltd",
      supplierNzbn: undefined,
      supplierContactEmail: "sales@acme.example",
      requestType: "written_reference",
      enduring: "auto",
      channel: "email",
      receivedAt: "2026-11-23T20:00:00.000Z",
      asked: "A reference for a council tender.",
      originalMessage: undefined,
      contractRef: undefined,
      conflict: "none",
      conflictNote: undefined,
    },
    [],
  );
  return { app, staff, manager, id, reference };
}

function post(app: TestApp, user: TestUser, reference: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf: user.csrf, ...fields });
  return call(() =>
    requestAction({
      request: app.request(`/requests/${reference}`, { user, body }),
      params: { reference },
      context: app.context,
    }),
  );
}

const decline = (revision: number) => ({
  intent: "decide",
  decision: "decline",
  revision: String(revision),
  conflict: "none",
  reason: "Our policy is to decline.",
});
const allowDrafting = (revision: number) => ({
  intent: "decide",
  decision: "allowDrafting",
  revision: String(revision),
  conflict: "none",
  exceptionGround: "A case study of a public programme already published by us.",
  publicRisk: "low",
  publicNote: "Facts already public.",
  performanceRisk: "medium",
  performanceNote: "Contract ends in 2027; review then.",
});

async function request(app: TestApp, id: number) {
  return app.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function outbox(app: TestApp) {
  return (await app.db.selectFrom("outbox").selectAll().orderBy("id").execute()).map((e) => ({
    template: e.template,
    to: JSON.parse(e.to_addresses) as string[],
  }));
}

/** Moves a request into each undecided state through real events. */
async function bringTo(
  app: TestApp,
  state: "escalated" | "drafting" | "in_review",
  id: number,
  staff: TestUser,
  manager: TestUser,
) {
  if (state === "escalated") return;
  const r = await request(app, id);
  const allowed = await applyRequestEvent(
    app.context,
    id,
    {
      type: "allowDrafting",
      revision: r.revision,
      conflict: { hasConflict: false },
      exceptionGround: "Ground",
      impact: { publicReaction: { risk: "low", note: "n" }, supplierPerformance: { risk: "low", note: "n" } },
    },
    manager,
  );
  expect(allowed.ok).toBe(true);
  if (state === "drafting") return;
  // A version written directly: drafting itself is tested with the endorsement pages.
  await app.db
    .insertInto("endorsement_versions")
    .values({
      request_id: id,
      number: 1,
      based_on: null,
      author_id: staff.id,
      created_at: LOGGED_AT,
      text: "Kāinga Ora engaged Acme Ltd in 2025.",
      sha256: "0".repeat(64),
      findings: "[]",
      ruleset_version: "test",
    })
    .execute();
  const submitted = await applyRequestEvent(
    app.context,
    id,
    { type: "submitVersion", revision: (await request(app, id)).revision, versionNumber: 1 },
    staff,
  );
  expect(submitted.ok).toBe(true);
}

describe("default decline at the deadline", () => {
  it.each(["escalated", "drafting", "in_review"] as const)(
    "declines a request in %s by default at its deadline, not a minute before, and emails the requester and managers",
    async (state) => {
      const { app, staff, manager, id } = await setUp();
      await bringTo(app, state, id, staff, manager);
      const { deadline_at } = await request(app, id);
      if (state === "escalated") expect(deadline_at).toBe(DUE);

      app.setNow(new Date(Date.parse(deadline_at) - 60_000).toISOString());
      expect(await declineOverdueRequests(app.context)).toBe(0);
      expect((await request(app, id)).state).toBe(state);

      app.setNow(deadline_at);
      expect(await declineOverdueRequests(app.context)).toBe(1);
      const after = await request(app, id);
      expect(after).toMatchObject({ state: "declined", outcome: "decline", declined_by_default: 1 });
      expect(after.decision_reason).toMatch(/declined by default/);
      const sent = (await outbox(app)).filter((e) => e.template === "declined-by-default");
      expect(sent.map((e) => e.to)).toEqual([["aroha@tautoko.test"], ["mere@tautoko.test"]]);
      // Running the sweep again (another process, say) changes nothing.
      expect(await declineOverdueRequests(app.context)).toBe(0);
    },
  );

  it("refuses a decision posted a minute after the deadline, before the sweep has run", async () => {
    const { app, manager, id, reference } = await setUp();
    app.setNow(new Date(Date.parse(DUE) + 60_000).toISOString());
    const result = await post(app, await app.signIn(manager), reference, allowDrafting(1));
    expect(statusOf(result)).toBe(409);
    expect(dataOf<{ formError: string }>(result).formError).toMatch(/deadline/i);
    expect(await request(app, id)).toMatchObject({ state: "escalated", revision: 1 });
  });

  it("reminds the deciders two working days before the deadline, once", async () => {
    const { app, id } = await setUp();
    // Due end of Tue 8 Dec; two working days before is Fri 4 Dec → from 00:00 NZDT = 2026-12-03T11:00Z.
    app.setNow("2026-12-03T10:59:00.000Z");
    expect(await remindBeforeDeadlines(app.context)).toBe(0);
    app.setNow("2026-12-03T11:00:00.000Z");
    expect(await remindBeforeDeadlines(app.context)).toBe(1);
    expect(await remindBeforeDeadlines(app.context)).toBe(0);
    expect((await outbox(app)).filter((e) => e.template === "deadline-reminder")).toEqual([
      { template: "deadline-reminder", to: ["mere@tautoko.test"] },
    ]);
    expect((await request(app, id)).revision).toBe(1); // a reminder does not stale anyone's open form
  });
});

describe("deciding through the request page", () => {
  it("declines with a reason: state, outcome, audit and email in one step", async () => {
    const { app, manager, id, reference } = await setUp();
    const result = await post(app, manager, reference, decline(1));
    expect(statusOf(result)).toBe(302);
    expect(await request(app, id)).toMatchObject({
      state: "declined",
      outcome: "decline",
      decided_by: manager.id,
      revision: 2,
    });
    const audit = await app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.decline")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actor_id: manager.id,
      actor_role: "procurement_manager",
      from_state: "escalated",
      to_state: "declined",
    });
    expect(JSON.parse(audit.payload)).toMatchObject({
      reason: "Our policy is to decline.",
      conflict: { hasConflict: false },
    });
    expect((await outbox(app)).at(-1)).toEqual({ template: "declined", to: ["aroha@tautoko.test"] });
  });

  it("allows drafting with the ground and impact assessment and sets the final-decision deadline", async () => {
    // Allowed Wed 2026-11-25 10:00 NZDT → 20 working days after → the end of Wed 23 Dec 2026.
    const { app, manager, id, reference } = await setUp();
    app.setNow("2026-11-24T21:00:00.000Z");
    expect(statusOf(await post(app, await app.signIn(manager), reference, allowDrafting(1)))).toBe(302);
    expect(await request(app, id)).toMatchObject({
      state: "drafting",
      outcome: "decline",
      deadline_at: "2026-12-23T11:00:00.000Z",
      impact_public_risk: "low",
      impact_performance_risk: "medium",
    });
  });

  it("answers a stale revision with 409, the current state, and changes nothing", async () => {
    const { app, manager, staff, id, reference } = await setUp();
    // The requester corrects something meanwhile: revision 2.
    await applyRequestEvent(
      app.context,
      id,
      {
        type: "correct",
        revision: 1,
        changes: { asked: { from: "a", to: "b" } },
        corrections: { asked: "A reference for a council tender, for three years." },
      },
      staff,
    );
    const before = await request(app, id);
    const result = await post(app, manager, reference, decline(1));
    expect(statusOf(result)).toBe(409);
    expect(dataOf<{ formError: string }>(result).formError).toMatch(/revision 2 is current/);
    expect(await request(app, id)).toEqual(before);
    const refused = await app.db
      .selectFrom("audit_events")
      .select(["action", "payload"])
      .where("action", "=", "request.refused")
      .execute();
    expect(refused).toHaveLength(1);
  });

  it("refuses the requester, a conflicted manager and an auditor, with plain reasons, and audits the refusals", async () => {
    const { app, staff, manager, id, reference } = await setUp();
    const auditor = await app.addUser("hana@tautoko.test", ["auditor"]);
    expect(statusOf(await post(app, staff, reference, decline(1)))).toBe(403);
    const conflicted = await post(app, manager, reference, {
      ...decline(1),
      conflict: "declared",
      conflictNote: "My cousin owns Acme.",
    });
    expect(statusOf(conflicted)).toBe(403);
    expect(dataOf<{ formError: string }>(conflicted).formError).toMatch(/conflict of interest/);
    expect(statusOf(await post(app, auditor, reference, decline(1)))).toBe(403);
    expect((await request(app, id)).state).toBe("escalated");
    // The requester and the conflicted manager are refused by the lifecycle; the auditor before the form is read.
    const refused = await app.db
      .selectFrom("audit_events")
      .select("action")
      .where("action", "in", ["request.refused", "access.refused"])
      .orderBy("seq")
      .execute();
    expect(refused.map((r) => r.action)).toEqual(["request.refused", "request.refused", "access.refused"]);
  });

  it("a delegate decides during the delegation, and the audit records on whose behalf", async () => {
    const { app, manager, id, reference } = await setUp();
    const delegate = await app.addUser("ben@tautoko.test", ["staff"], "Ben Taylor");
    const named = await nameDelegate(app.context, manager, {
      delegateId: delegate.id,
      startsOn: "2026-11-24",
      endsOn: "2026-11-30",
    });
    expect(named.ok).toBe(true);
    expect((await outbox(app)).at(-1)).toEqual({ template: "delegation-named", to: ["ben@tautoko.test"] });
    expect(statusOf(await post(app, delegate, reference, decline(1)))).toBe(302);
    const audit = await app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.decline")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: delegate.id, actor_role: "delegate", on_behalf_of_id: manager.id });
    expect(id).toBeGreaterThan(0);

    // During the delegation the delegate receives escalations too; after it, not.
    const logAnother = () =>
      logRequest(
        app.context,
        { id: manager.id, name: "Mere Parata", email: "mere@tautoko.test" },
        {
          supplierName: "Beta Ltd",
          supplierNzbn: undefined,
          supplierContactEmail: undefined,
          requestType: "verbal",
          enduring: "auto",
          channel: "phone",
          receivedAt: "2026-11-23T20:00:00.000Z",
          asked: "A verbal reference.",
          originalMessage: undefined,
          contractRef: undefined,
          conflict: "none",
          conflictNote: undefined,
        },
        [],
      );
    // Mere logs these herself, so she is not asked to decide them (issue 20, item 16): only her delegate is.
    await logAnother();
    expect((await outbox(app)).at(-1)).toEqual({ template: "escalation", to: ["ben@tautoko.test"] });
    app.setNow("2026-12-01T00:00:00.000Z"); // Tuesday 1 December NZ: the delegation ended on 30 November
    const before = (await outbox(app)).length;
    await logAnother();
    expect((await outbox(app)).length, "the ended delegate is not escalated to, nor is Mere").toBe(before);
  });

  it("emails the other side of a comment", async () => {
    const { app, staff, manager, reference } = await setUp();
    expect(
      statusOf(await post(app, staff, reference, { intent: "comment", body: "They have asked again by phone." })),
    ).toBe(302);
    expect(
      statusOf(await post(app, manager, reference, { intent: "comment", body: "Thanks, I will call them." })),
    ).toBe(302);
    expect((await outbox(app)).filter((e) => e.template === "comment")).toEqual([
      { template: "comment", to: ["mere@tautoko.test"] },
      { template: "comment", to: ["aroha@tautoko.test"] },
    ]);
    const comments = await app.db.selectFrom("comments").select("body").orderBy("id").execute();
    expect(comments.map((c) => c.body)).toEqual(["They have asked again by phone.", "Thanks, I will call them."]);
  });

  it("two processes deciding the same request at once: exactly one wins, and the chain holds one decision", async () => {
    const { app, manager, id } = await setUp();
    const go = Date.now() + 2500;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          "npx",
          ["tsx", "tests/workflow/fixtures/decline.ts", String(id), String(manager.id), "1", String(go)],
          {
            cwd: PROJECT_ROOT,
            env: { ...process.env, ...app.env },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}: ${err}`))));
      });
    const results = (await Promise.all([run(), run()])).map(
      (line) => JSON.parse(line.split("\n").at(-1)!) as { ok: boolean; status?: number },
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.status)).toEqual([409]);
    expect(
      await app.db.selectFrom("audit_events").select("seq").where("action", "=", "request.decline").execute(),
    ).toHaveLength(1);
    expect((await verifyAuditChain(app.db)).ok).toBe(true);
  }, 60_000);
});

describe("escalation email over SMTP", () => {
  it("reaches the manager with the subject and link; a decision commits while the server is down, and its email arrives later", async () => {
    const { app, manager, reference } = await setUp();
    const server = await startSmtpServer();
    await deliverDueEmails(app.db, createSmtpTransport(server.url), {
      now: app.context.now(),
      from: app.config.mailFrom,
    });
    expect(server.accepted()).toHaveLength(1);
    const escalation = server.accepted()[0]!;
    expect(escalation.rcptTo).toEqual(["mere@tautoko.test"]);
    expect(escalation.raw).toMatch(new RegExp(`Subject: ${reference}`));
    expect(escalation.raw).toContain(`http://tautoko.test/requests/${reference}`);

    const downUrl = `smtp://127.0.0.1:${await unusedPort()}`;
    expect(statusOf(await post(app, manager, reference, decline(1)))).toBe(302);
    const failed = await deliverDueEmails(app.db, createSmtpTransport(downUrl), {
      now: app.context.now(),
      from: app.config.mailFrom,
    });
    expect(failed).toEqual({ sent: 0, failed: 1 });
    const queued = await app.db
      .selectFrom("outbox")
      .selectAll()
      .where("template", "=", "declined")
      .executeTakeFirstOrThrow();
    expect(queued).toMatchObject({ status: "pending", attempts: 1 });
    expect((await request(app, 1)).state).toBe("declined");

    app.advance(60 * 60 * 1000);
    await deliverDueEmails(app.db, createSmtpTransport(server.url), {
      now: app.context.now(),
      from: app.config.mailFrom,
    });
    expect(server.accepted().map((m) => m.rcptTo)).toEqual([["mere@tautoko.test"], ["aroha@tautoko.test"]]);
  });
});

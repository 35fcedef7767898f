import { seedDemo } from "~/demo/seedDemo.server";
import { createTestApp } from "../helpers/app";
import { addEvent, addRequest, addSupplier } from "./seed";

/** Databases the export tests share. */

/**
 * Two requests with awkward text (formulas, quotes, line breaks, macrons) and
 * events 5–8 after the two users' role grants: request 1 logged, request 2
 * logged, a sign-in that belongs to no request, a comment on request 1.
 */
export async function seeded() {
  const app = await createTestApp();
  const staff = await app.addUser("staff@agency.test", ["staff"], "Sam Staff");
  const auditor = await app.addUser("auditor@agency.test", ["auditor"], "Ari Auditor");
  const awkward = await addSupplier(app.db, 'Kāinga "Best", Ltd');
  const plain = await addSupplier(app.db, "Plain Supplier");
  const first = await addRequest(app.db, {
    seq: 1,
    requester_id: staff.id,
    supplier_id: awkward,
    received_at: "2026-03-10T00:00:00.000Z",
    asked: 'Line one,\nline two — “quoted” and "doubled"',
    decision_reason: '=HYPERLINK("http://evil.example","click")',
    contract_ref: "+64 21 000 000",
    exception_ground: "-5 points",
    original_message: "ignored in CSV",
  });
  const second = await addRequest(app.db, {
    seq: 2,
    requester_id: staff.id,
    supplier_id: plain,
    received_at: "2026-04-10T00:00:00.000Z",
    asked: "@SUM(A1:A2)",
    decision_reason: "\tTabbed",
    contract_ref: "\rReturned",
    exception_ground: "Whanganui-a-Tara",
  });
  await addEvent(app.db, first.id, "request.logged", { note: 'Kāinga, "first"' });
  await addEvent(app.db, second.id, "request.logged", { n: 1.5, nested: { b: [1, "two"], a: null } });
  await addEvent(app.db, null, "user.signedIn");
  await addEvent(app.db, first.id, "request.comment", { body: "é\u0301 and emoji 🌿" });
  return { app, staff, auditor };
}

/** The demo database (requests, comments, versions, an approval, a withdrawal, a default decline), its auditor signed in. */
export async function demoWithAuditor() {
  const app = await createTestApp({ now: "2026-12-03T01:00:00.000Z" });
  await seedDemo(app.context);
  const account = await app.db
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("email", "=", "auditor@tautoko.example")
    .executeTakeFirstOrThrow();
  return { app, auditor: await app.signIn({ ...account, roles: ["auditor"] }) };
}

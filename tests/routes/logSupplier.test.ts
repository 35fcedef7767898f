import { describe, expect, it } from "vitest";
import { action as logAction } from "~/routes/requests.new";
import { loader as requestLoader, action as requestAction } from "~/routes/requests.$reference";
import { action as editAction } from "~/routes/requests.$reference_.edit";
import { call, createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { auditEvents } from "../admin/kit";

/**
 * Shared supplier records change only through an admin's audited edit
 * (issue 14 item 6), and a typed NZBN never silently files a request under
 * another supplier (issue 20 item 1).
 */

const ACME_NZBN = "9429041234567";

async function world() {
  const app = await createTestApp();
  const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
  const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
  const supplier = (name: string, nzbn: string | null, contact: string | null) =>
    app.db
      .insertInto("suppliers")
      .values({ name, nzbn, contact_email: contact, merged_into_id: null, created_at: "2026-11-01T00:00:00.000Z" })
      .returningAll()
      .executeTakeFirstOrThrow();
  const acme = await supplier("Acme Building Services Ltd", ACME_NZBN, "marketing@acme-building.example");
  const southern = await supplier("Southern Insulation Co", null, null);
  return { app, staff, manager, acme, southern };
}

function logForm(user: TestUser, supplier: Record<string, string>): FormData {
  const form = new FormData();
  const fields = {
    csrf: user.csrf,
    requestType: "case_study",
    enduring: "auto",
    channel: "email",
    receivedAt: "2026-11-20T09:30",
    asked: "A case study for their website.",
    conflict: "none",
    ...supplier,
  };
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

const postLog = (app: TestApp, user: TestUser, form: FormData) =>
  call(() =>
    logAction({ request: app.request("/requests/new", { user, body: form }), params: {}, context: app.context }),
  );

const suppliers = (app: TestApp) => app.db.selectFrom("suppliers").selectAll().orderBy("id").execute();
const requests = (app: TestApp) => app.db.selectFrom("requests").selectAll().orderBy("id").execute();

const KOWHAI = {
  supplierName: "Kōwhai Ridge Engineering Ltd",
  supplierNzbn: ACME_NZBN,
  supplierContactEmail: "hello@kowhairidge.example",
};

describe("a typed NZBN that belongs to another supplier", () => {
  it("is refused before saving with the holder's name, and everything typed comes back", async () => {
    const { app, staff } = await world();
    const before = await suppliers(app);
    const result = await postLog(app, staff, logForm(staff, KOWHAI));
    expect(statusOf(result)).toBe(400);
    const body = dataOf<{ fieldErrors: Record<string, string>; values: Record<string, string> }>(result);
    expect(body.fieldErrors.supplierNzbn).toBe(
      'This NZBN is already "Acme Building Services Ltd": use it, or correct the NZBN.',
    );
    expect(body.values).toMatchObject(KOWHAI);
    expect(await requests(app)).toEqual([]);
    expect(await suppliers(app)).toEqual(before);
  });

  it("files it under the holder once chosen, keeping the typed contact on the request and the record untouched", async () => {
    const { app, staff, acme } = await world();
    const before = await suppliers(app);
    const result = await postLog(app, staff, logForm(staff, { ...KOWHAI, useSupplierId: String(acme.id) }));
    expect(statusOf(result)).toBe(302);
    const [stored] = await requests(app);
    expect(stored).toMatchObject({ supplier_id: acme.id, contact_email: "hello@kowhairidge.example" });
    expect(await suppliers(app)).toEqual(before);
    const [logged] = await auditEvents(app, "request.logged");
    expect(logged?.payload.typedSupplier).toEqual({
      name: "Kōwhai Ridge Engineering Ltd",
      nzbn: ACME_NZBN,
      contactEmail: "hello@kowhairidge.example",
    });
  });

  it("is no question when the typed name is the holder's, whatever its case", async () => {
    const { app, staff, acme } = await world();
    const result = await postLog(
      app,
      staff,
      logForm(staff, { supplierName: "ACME building services ltd", supplierNzbn: ACME_NZBN }),
    );
    expect(statusOf(result)).toBe(302);
    expect((await requests(app))[0]?.supplier_id).toBe(acme.id);
  });

  it("corrected to a new NZBN files it under a new supplier of the typed name", async () => {
    const { app, staff } = await world();
    const result = await postLog(app, staff, logForm(staff, { ...KOWHAI, supplierNzbn: "9429000000017" }));
    expect(statusOf(result)).toBe(302);
    const created = (await suppliers(app)).at(-1);
    expect(created).toMatchObject({ name: "Kōwhai Ridge Engineering Ltd", nzbn: "9429000000017" });
    expect((await requests(app))[0]?.supplier_id).toBe(created?.id);
  });
});

describe("a supplier's contact", () => {
  it("typed when logging for a known supplier is kept on the request, not written to the shared record", async () => {
    const { app, staff, southern } = await world();
    const result = await postLog(
      app,
      staff,
      logForm(staff, { supplierName: "Southern Insulation Co", supplierContactEmail: "new@southern.example" }),
    );
    expect(statusOf(result)).toBe(302);
    expect((await suppliers(app)).find((s) => s.id === southern.id)?.contact_email).toBeNull();
    expect((await requests(app))[0]).toMatchObject({ supplier_id: southern.id, contact_email: "new@southern.example" });
  });

  it("that a decline notice goes to is the one the decider's page shows", async () => {
    const { app, staff, manager } = await world();
    await postLog(
      app,
      staff,
      logForm(staff, { supplierName: "Acme Building Services Ltd", supplierContactEmail: "someone@acme.example" }),
    );
    const [stored] = await requests(app);
    const reference = stored!.reference;
    const page = dataOf<{ request: { noticeEmail: string | null } }>(
      await call(() =>
        requestLoader({
          request: app.request(`/requests/${reference}`, { user: manager }),
          params: { reference },
          context: app.context,
        }),
      ),
    );
    expect(page.request.noticeEmail).toBe("someone@acme.example");
    const body = new URLSearchParams({
      csrf: manager.csrf,
      intent: "decide",
      decision: "decline",
      revision: String(stored!.revision),
      conflict: "none",
      reason: "Our policy is to decline.",
      notifySupplier: "on",
    });
    const declined = await call(() =>
      requestAction({
        request: app.request(`/requests/${reference}`, { user: manager, body }),
        params: { reference },
        context: app.context,
      }),
    );
    expect(statusOf(declined)).toBe(302);
    const notices = await app.db
      .selectFrom("outbox")
      .select("to_addresses")
      .where("template", "=", "supplier-decline-notice")
      .execute();
    expect(notices.map((n) => JSON.parse(n.to_addresses))).toEqual([[page.request.noticeEmail]]);
  });
});

describe("the correction page", () => {
  it("changes the supplier and the arrival contact, audited with both names", async () => {
    const { app, staff, acme, southern } = await world();
    await postLog(app, staff, logForm(staff, { ...KOWHAI, useSupplierId: String(acme.id) }));
    const [stored] = await requests(app);
    const reference = stored!.reference;
    const body = new URLSearchParams({
      csrf: staff.csrf,
      revision: String(stored!.revision),
      supplierId: String(southern.id),
      supplierContactEmail: "hello@kowhairidge.example",
      requestType: stored!.request_type,
      enduring: "yes",
      channel: stored!.channel,
      receivedAt: "2026-11-20T09:30",
      asked: stored!.asked,
    });
    const result = await call(() =>
      editAction({
        request: app.request(`/requests/${reference}/edit`, { user: staff, body }),
        params: { reference },
        context: app.context,
      }),
    );
    expect(statusOf(result)).toBe(302);
    expect((await requests(app))[0]).toMatchObject({ supplier_id: southern.id, revision: stored!.revision + 1 });
    const [corrected] = await auditEvents(app, "request.correct");
    expect(corrected?.payload.changes).toEqual({
      supplier_id: {
        from: { id: acme.id, name: "Acme Building Services Ltd" },
        to: { id: southern.id, name: "Southern Insulation Co" },
      },
    });
  });

  it("refuses a supplier that is not one, changing nothing", async () => {
    const { app, staff } = await world();
    await postLog(app, staff, logForm(staff, { supplierName: "Southern Insulation Co" }));
    const [stored] = await requests(app);
    const reference = stored!.reference;
    const body = new URLSearchParams({
      csrf: staff.csrf,
      revision: String(stored!.revision),
      supplierId: "9999",
      requestType: stored!.request_type,
      enduring: "yes",
      channel: stored!.channel,
      receivedAt: "2026-11-20T09:30",
      asked: stored!.asked,
    });
    const result = await call(() =>
      editAction({
        request: app.request(`/requests/${reference}/edit`, { user: staff, body }),
        params: { reference },
        context: app.context,
      }),
    );
    expect(statusOf(result)).toBe(400);
    expect((await requests(app))[0]).toEqual(stored);
  });
});

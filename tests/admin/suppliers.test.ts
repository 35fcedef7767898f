import { describe, expect, it } from "vitest";
import { loader as suppliersLoader } from "~/routes/admin.suppliers._index";
import { action as supplierAction, loader as supplierLoader } from "~/routes/admin.suppliers.$id";
import { createTestApp, dataOf, statusOf, type TestApp } from "../helpers/app";
import { auditCount, auditEvents, load, location, logRequestAs, post } from "./kit";

/** Acme Ltd (id 1) with two requests, its duplicate ACME Limited (id 2) with one, Kōwhai Landscaping (id 3) with one. */
async function suppliersWorld(app: TestApp) {
  const admin = await app.addUser("admin@tautoko.test", ["admin"]);
  const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
  const acme1 = await logRequestAs(app, staff, "Acme Ltd");
  const duplicate = await logRequestAs(app, staff, "ACME Limited");
  const kowhai = await logRequestAs(app, staff, "Kōwhai Landscaping");
  const acme2 = await logRequestAs(app, staff, "acme ltd");
  return { admin, staff, requests: { acme1, acme2, duplicate, kowhai } };
}

const requestRows = (app: TestApp) =>
  app.db.selectFrom("requests").select(["id", "supplier_id", "revision", "updated_at"]).orderBy("id").execute();

describe("the supplier list", () => {
  it("shows each supplier with how many requests name it", async () => {
    const app = await createTestApp();
    const { admin } = await suppliersWorld(app);
    const { suppliers } = dataOf<{
      suppliers: Array<{ name: string; requestCount: number; mergedIntoId: number | null }>;
    }>(await load(app, suppliersLoader, "/admin/suppliers", admin));
    expect(suppliers.map((s) => [s.name, s.requestCount, s.mergedIntoId])).toEqual([
      ["ACME Limited", 1, null],
      ["Acme Ltd", 2, null],
      ["Kōwhai Landscaping", 1, null],
    ]);
  });
});

describe("merging a duplicate supplier", () => {
  it("moves its requests to the target, bumping their revisions, marks it merged, and audits the move", async () => {
    const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
    const { admin, requests } = await suppliersWorld(app);
    app.setNow("2026-11-24T22:20:00.000Z");

    const result = await post(
      app,
      supplierAction,
      "/admin/suppliers/2",
      admin,
      { intent: "merge", intoId: "1" },
      { id: "2" },
    );
    expect(statusOf(result)).toBe(302);
    expect(location(result)).toBe("/admin/suppliers/1?merged=1");

    expect(await requestRows(app)).toEqual([
      { id: requests.acme1, supplier_id: 1, revision: 1, updated_at: "2026-11-24T22:00:00.000Z" },
      { id: requests.duplicate, supplier_id: 1, revision: 2, updated_at: "2026-11-24T22:20:00.000Z" },
      { id: requests.kowhai, supplier_id: 3, revision: 1, updated_at: "2026-11-24T22:00:00.000Z" },
      { id: requests.acme2, supplier_id: 1, revision: 1, updated_at: "2026-11-24T22:00:00.000Z" },
    ]);
    const suppliers = await app.db.selectFrom("suppliers").select(["id", "merged_into_id"]).orderBy("id").execute();
    expect(suppliers).toEqual([
      { id: 1, merged_into_id: null },
      { id: 2, merged_into_id: 1 },
      { id: 3, merged_into_id: null },
    ]);
    const merged = await auditEvents(app, "supplier.merged");
    expect(merged.map((e) => ({ actor: e.actor_id, role: e.actor_role, at: e.at, payload: e.payload }))).toEqual([
      {
        actor: admin.id,
        role: "admin",
        at: "2026-11-24T22:20:00.000Z",
        payload: { fromId: 2, intoId: 1, requestIds: [requests.duplicate] },
      },
    ]);
    // The moved request's own timeline records the change that bumped its revision.
    const perRequest = await auditEvents(app, "request.supplierMerged");
    expect(perRequest.map((e) => ({ request: e.request_id, payload: e.payload }))).toEqual([
      { request: requests.duplicate, payload: { fromSupplierId: 2, intoSupplierId: 1 } },
    ]);

    // The duplicate's page says where it went and offers no further merge.
    const page = dataOf<{ mergedInto: { id: number; name: string } | null; mergeTargets: unknown[] }>(
      await load(app, supplierLoader, "/admin/suppliers/2", admin, { id: "2" }),
    );
    expect(page.mergedInto).toEqual({ id: 1, name: "Acme Ltd" });
    expect(page.mergeTargets).toEqual([]);
  });

  it("refuses merging into itself or into a merged supplier (400), and merging one already merged", async () => {
    const app = await createTestApp();
    const { admin } = await suppliersWorld(app);
    // Supplier `from` merged into `intoId` through the admin page's form.
    const merge = (from: string, intoId: string) =>
      post(app, supplierAction, `/admin/suppliers/${from}`, admin, { intent: "merge", intoId }, { id: from });
    expect(statusOf(await merge("2", "1"))).toBe(302);
    const before = { requests: await requestRows(app), audit: await auditEvents(app, "supplier.merged") };

    const itself = await merge("3", "3");
    expect(statusOf(itself)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(itself).fieldErrors.intoId).toBe(
      "A supplier cannot be merged into itself. Choose another.",
    );

    const intoMerged = await merge("3", "2");
    expect(statusOf(intoMerged)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(intoMerged).fieldErrors.intoId).toMatch(
      /was itself merged into another supplier/,
    );

    const again = await merge("2", "3");
    expect(statusOf(again)).toBe(409);

    for (const intoId of ["", "abc", "999", "-2"]) {
      const bad = await merge("3", intoId);
      expect(statusOf(bad), `intoId ${JSON.stringify(intoId)}`).toBe(400);
    }
    expect({ requests: await requestRows(app), audit: await auditEvents(app, "supplier.merged") }).toEqual(before);
  });
});

describe("editing a supplier", () => {
  it("saves the details and audits them before and after", async () => {
    const app = await createTestApp();
    const { admin } = await suppliersWorld(app);
    const result = await post(
      app,
      supplierAction,
      "/admin/suppliers/1",
      admin,
      {
        intent: "update",
        name: "Acme Building Services Ltd",
        nzbn: "9429 0412 34567",
        contactEmail: "hello@acme.example",
      },
      { id: "1" },
    );
    expect(statusOf(result)).toBe(302);
    expect(location(result)).toBe("/admin/suppliers/1?done=updated");
    const row = await app.db
      .selectFrom("suppliers")
      .select(["name", "nzbn", "contact_email"])
      .where("id", "=", 1)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      name: "Acme Building Services Ltd",
      nzbn: "9429041234567",
      contact_email: "hello@acme.example",
    });
    expect((await auditEvents(app, "supplier.updated")).map((e) => [e.actor_id, e.payload])).toEqual([
      [
        admin.id,
        {
          supplierId: 1,
          before: { name: "Acme Ltd", nzbn: null, contactEmail: null },
          after: { name: "Acme Building Services Ltd", nzbn: "9429041234567", contactEmail: "hello@acme.example" },
        },
      ],
    ]);

    // Clearing the optional details is an edit too.
    await post(
      app,
      supplierAction,
      "/admin/suppliers/1",
      admin,
      { intent: "update", name: "Acme Building Services Ltd", nzbn: "", contactEmail: "" },
      { id: "1" },
    );
    const cleared = await app.db
      .selectFrom("suppliers")
      .select(["nzbn", "contact_email"])
      .where("id", "=", 1)
      .executeTakeFirstOrThrow();
    expect(cleared).toEqual({ nzbn: null, contact_email: null });
  });

  const badInput: Array<[string, Record<string, string>, string, RegExp]> = [
    ["a 12-digit NZBN", { nzbn: "942904123456" }, "nzbn", /exactly 13 digits/],
    ["an NZBN with letters", { nzbn: "94290412345AB" }, "nzbn", /exactly 13 digits/],
    ["an invalid contact email", { contactEmail: "hello at acme" }, "contactEmail", /valid email/],
    ["a missing name", { name: "" }, "name", /supplier's name/],
    ["a 201-character name", { name: "A".repeat(201) }, "name", /at most 200 characters/],
  ];

  it.each(badInput)("refuses %s with 400 and changes nothing", async (_label, override, field, message) => {
    const app = await createTestApp();
    const { admin } = await suppliersWorld(app);
    const before = await auditCount(app);
    const fields = { intent: "update", name: "Acme Ltd", nzbn: "", contactEmail: "", ...override };
    const result = await post(app, supplierAction, "/admin/suppliers/1", admin, fields, { id: "1" });
    expect(statusOf(result)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors[field]).toMatch(message);
    const row = await app.db
      .selectFrom("suppliers")
      .select(["name", "nzbn", "contact_email"])
      .where("id", "=", 1)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "Acme Ltd", nzbn: null, contact_email: null });
    expect(await auditCount(app)).toBe(before);
  });

  it("refuses an NZBN another supplier already holds, pointing to a merge", async () => {
    const app = await createTestApp();
    const { admin } = await suppliersWorld(app);
    await post(
      app,
      supplierAction,
      "/admin/suppliers/3",
      admin,
      { intent: "update", name: "Kōwhai Landscaping", nzbn: "9429041234567" },
      { id: "3" },
    );
    const result = await post(
      app,
      supplierAction,
      "/admin/suppliers/1",
      admin,
      { intent: "update", name: "Acme Ltd", nzbn: "9429041234567" },
      { id: "1" },
    );
    expect(statusOf(result)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors.nzbn).toBe(
      '"Kōwhai Landscaping" already has this NZBN. If they are the same supplier, merge them instead.',
    );
  });

  it.each(["abc", "0", "12x", "424242"])("answers 404 for the supplier id %j in the address", async (id) => {
    const app = await createTestApp();
    const { admin } = await suppliersWorld(app);
    expect(statusOf(await load(app, supplierLoader, `/admin/suppliers/${id}`, admin, { id }))).toBe(404);
    expect(
      statusOf(
        await post(app, supplierAction, `/admin/suppliers/${id}`, admin, { intent: "update", name: "X" }, { id }),
      ),
    ).toBe(404);
  });
});

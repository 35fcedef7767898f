import SQLite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loader as searchLoader } from "~/routes/audit._index";
import { eachMatchingRequest, searchPageQuery, searchRequests } from "~/models/search.server";
import { searchQueryOf, SORTS, type SearchQuery } from "~/search/searchParams";
import { call, createTestApp, type TestApp } from "../helpers/app";
import { testEngine } from "../helpers/db";
import { addRequest, addSupplier } from "./seed";

/**
 * A known set of five requests (A–E), each filter and sort checked against
 * answers written out by hand.
 *
 *   ref    supplier              type               received (UTC)  state      decided               deadline
 *   A 0001 Kāinga Builders Ltd   written_reference  2026-03-10      declined*  2026-03-24 (default)  2026-03-24
 *   B 0002 Acme Plumbing         promotional_quote  2026-05-01      approved   2026-05-20 manager    2026-05-15
 *   C 0003 Acme Plumbing         case_study         2026-07-15      escalated  —                     2026-07-29
 *   D 0004 Zeta Signs            logo_or_name_use   2026-02-01      declined   2026-02-10 manager    2026-02-13
 *   E 0005 Beta Consulting       verbal             2026-09-01      drafting   —                     2026-06-30
 */
async function seeded() {
  const app = await createTestApp();
  const staff = await app.addUser("staff@agency.test", ["staff"], "Sam Staff");
  const manager = await app.addUser("manager@agency.test", ["procurement_manager"], "Mere Manager");
  const auditor = await app.addUser("auditor@agency.test", ["auditor"], "Ari Auditor");
  const admin = await app.addUser("admin@agency.test", ["admin"], "Ada Admin");
  const db = app.db;
  const kainga = await addSupplier(db, "Kāinga Builders Ltd");
  const acme = await addSupplier(db, "Acme Plumbing");
  const zeta = await addSupplier(db, "Zeta Signs");
  const beta = await addSupplier(db, "Beta Consulting");
  const base = { requester_id: staff.id };
  const A = await addRequest(db, {
    ...base,
    seq: 1,
    supplier_id: kainga,
    received_at: "2026-03-10T00:00:00.000Z",
    asked: "A reference for roofing work",
    state: "declined",
    declined_by_default: 1,
    decided_at: "2026-03-24T11:00:00.000Z",
    deadline_at: "2026-03-24T11:00:00.000Z",
  });
  const B = await addRequest(db, {
    ...base,
    seq: 2,
    supplier_id: acme,
    request_type: "promotional_quote",
    received_at: "2026-05-01T00:00:00.000Z",
    asked: "A quote for a brochure about Kāinga Ora homes",
    state: "approved",
    outcome: "endorse",
    decided_at: "2026-05-20T02:00:00.000Z",
    decided_by: manager.id,
    deadline_at: "2026-05-15T12:00:00.000Z",
  });
  const C = await addRequest(db, {
    ...base,
    seq: 3,
    supplier_id: acme,
    request_type: "case_study",
    received_at: "2026-07-15T00:00:00.000Z",
    asked: "A case study",
    deadline_at: "2026-07-29T12:00:00.000Z",
  });
  const D = await addRequest(db, {
    ...base,
    seq: 4,
    supplier_id: zeta,
    request_type: "logo_or_name_use",
    received_at: "2026-02-01T00:00:00.000Z",
    state: "declined",
    decided_at: "2026-02-10T03:00:00.000Z",
    decided_by: manager.id,
    deadline_at: "2026-02-13T11:00:00.000Z",
  });
  const E = await addRequest(db, {
    ...base,
    seq: 5,
    supplier_id: beta,
    request_type: "verbal",
    enduring: 0,
    received_at: "2026-09-01T00:00:00.000Z",
    state: "drafting",
    deadline_at: "2026-06-30T12:00:00.000Z",
  });
  // B's approved text, and its approval with one waived finding; E's review asked for changes (not an approval).
  const version = (request_id: number, number: number, text: string) =>
    db
      .insertInto("endorsement_versions")
      .values({
        request_id,
        number,
        based_on: null,
        author_id: staff.id,
        created_at: "2026-05-10T00:00:00.000Z",
        text,
        sha256: "0".repeat(64),
        findings: "[]",
        ruleset_version: "test",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const vB = await version(B.id, 1, "Acme Plumbing repaired 120 homes in Porirua for Kāinga Ora in 2025.");
  const vE = await version(E.id, 1, "Beta gave advice.");
  await db
    .insertInto("version_reviews")
    .values([
      {
        request_id: B.id,
        version_id: vB.id,
        reviewer_id: manager.id,
        created_at: "2026-05-20T02:00:00.000Z",
        outcome: "approved",
        review: JSON.stringify({ waivers: [{ rule: "x", start: 0, end: 4, reason: "checked" }], acknowledgements: [] }),
      },
      {
        request_id: E.id,
        version_id: vE.id,
        reviewer_id: manager.id,
        created_at: "2026-09-02T02:00:00.000Z",
        outcome: "changes_requested",
        review: JSON.stringify({ waivers: [{ rule: "x", start: 0, end: 4, reason: "n/a" }] }),
      },
    ])
    .execute();
  return { app, staff, manager, auditor, admin, ids: { A, B, C, D, E }, suppliers: { kainga, acme, zeta, beta } };
}

type Seeded = Awaited<ReturnType<typeof seeded>>;

async function refs(app: TestApp, url: string): Promise<string[]> {
  const query = searchQueryOf(new URL(url, "http://x").searchParams);
  const all: string[] = [];
  for await (const rows of eachMatchingRequest(app.db, query, 100)) all.push(...rows.map((r) => r.reference));
  return all;
}

const R = { A: "END-2026-0001", B: "END-2026-0002", C: "END-2026-0003", D: "END-2026-0004", E: "END-2026-0005" };

describe("the auditors' search", () => {
  it("filters give the known answers", async () => {
    const { app, manager, suppliers } = await seeded();
    const asc = "&sort=reference&dir=asc";
    expect(await refs(app, `/audit?state=declined${asc}`)).toEqual([R.A, R.D]);
    expect(await refs(app, `/audit?state=declined&state=drafting${asc}`)).toEqual([R.A, R.D, R.E]);
    expect(await refs(app, `/audit?outcome=endorse${asc}`)).toEqual([R.B]);
    expect(await refs(app, `/audit?type=case_study${asc}`)).toEqual([R.C]);
    expect(await refs(app, `/audit?supplier=${suppliers.acme}${asc}`)).toEqual([R.B, R.C]);
    expect(await refs(app, `/audit?decider=${manager.id}${asc}`)).toEqual([R.B, R.D]);
    // NZ days, both ends included: B was received at noon NZ time on 1 May.
    expect(await refs(app, `/audit?receivedFrom=2026-03-01&receivedTo=2026-05-01${asc}`)).toEqual([R.A, R.B]);
    expect(await refs(app, `/audit?loggedTo=2026-03-10${asc}`)).toEqual([R.A, R.D]);
    expect(await refs(app, `/audit?decidedFrom=2026-03-01${asc}`)).toEqual([R.A, R.B]);
    expect(await refs(app, `/audit?declinedByDefault=1${asc}`)).toEqual([R.A]);
    expect(await refs(app, `/audit?hasWaivers=1${asc}`)).toEqual([R.B]);
    // Blank fields (what the GET form sends for filters left empty) filter nothing.
    expect(await refs(app, `/audit?outcome=&supplier=&receivedFrom=&state=${asc}`)).toEqual([R.A, R.B, R.C, R.D, R.E]);
  });

  it("refuses a filter it cannot read in words, naming every one, rather than searching without it", async () => {
    const refusal = (() => {
      try {
        searchQueryOf(new URLSearchParams("state=nonsense&outcome=maybe&supplier=abc&receivedFrom=2026-02-31"));
      } catch (thrown) {
        return thrown;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(Response);
    const answer = refusal as Response;
    expect(answer.status).toBe(400);
    const text = await answer.text();
    expect(text).toMatch(/state must be one of: escalated, drafting/);
    expect(text).toMatch(/outcome must be one of: decline, endorse/);
    expect(text).toMatch(/supplier must be a whole number/);
    expect(text).toMatch(/receivedFrom must be a real date written YYYY-MM-DD/);
  });

  it("free text finds supplier, request and endorsement text, with or without macrons", async () => {
    const { app } = await seeded();
    const asc = "&sort=reference&dir=asc";
    expect(await refs(app, `/audit?q=K%C4%81inga${asc}`)).toEqual([R.A, R.B]); // Kāinga
    expect(await refs(app, `/audit?q=Kainga${asc}`)).toEqual([R.A, R.B]);
    expect(await refs(app, `/audit?q=KAINGA+builders${asc}`)).toEqual([R.A]);
    expect(await refs(app, `/audit?q=roof${asc}`)).toEqual([R.A]); // word beginnings match
    expect(await refs(app, `/audit?q=Porirua${asc}`)).toEqual([R.B]); // the endorsement text
    expect(await refs(app, `/audit?q=END-2026-0003${asc}`)).toEqual([R.C]);
    expect(await refs(app, `/audit?q=nowhere${asc}`)).toEqual([]);
  });

  it("the index follows later changes: a new version's text and a renamed supplier", async () => {
    const { app, ids, staff, suppliers } = await seeded();
    await app.db
      .insertInto("endorsement_versions")
      .values({
        request_id: ids.C.id,
        number: 1,
        based_on: null,
        author_id: staff.id,
        created_at: "2026-07-16T00:00:00.000Z",
        text: "Whakatū case study",
        sha256: "0".repeat(64),
        findings: "[]",
        ruleset_version: "test",
      })
      .execute();
    await app.db.updateTable("suppliers").set({ name: "Zephyr Signs" }).where("id", "=", suppliers.zeta).execute();
    expect(await refs(app, "/audit?q=whakatu")).toEqual([R.C]);
    expect(await refs(app, "/audit?q=zephyr")).toEqual([R.D]);
    expect(await refs(app, "/audit?q=zeta")).toEqual([]);
  });

  it("sorts by received date, deadline, decision date and reference, both ways", async () => {
    const { app } = await seeded();
    expect(await refs(app, "/audit?sort=received&dir=asc")).toEqual([R.D, R.A, R.B, R.C, R.E]);
    expect(await refs(app, "/audit?sort=received&dir=desc")).toEqual([R.E, R.C, R.B, R.A, R.D]);
    expect(await refs(app, "/audit?sort=deadline&dir=asc")).toEqual([R.D, R.A, R.B, R.E, R.C]);
    // Only decided requests have a decision date.
    expect(await refs(app, "/audit?sort=decided&dir=desc")).toEqual([R.B, R.A, R.D]);
    expect(await refs(app, "/audit?sort=reference&dir=desc")).toEqual([R.E, R.D, R.C, R.B, R.A]);
  });

  it("keyset pages have no duplicates and no gaps, for every sort and direction", async () => {
    const { app } = await seeded();
    // Ties on the sort value are broken by id.
    await addRequest(app.db, {
      requester_id: 1,
      supplier_id: 1,
      seq: 6,
      received_at: "2026-05-01T00:00:00.000Z",
      deadline_at: "2026-05-15T12:00:00.000Z",
      decided_at: "2026-05-20T02:00:00.000Z",
      state: "declined",
    });
    for (const sort of SORTS) {
      for (const direction of ["asc", "desc"] as const) {
        const query: SearchQuery = { filters: {}, sort, direction };
        const whole = (await searchRequests(app.db, query, { pageSize: 100 })).rows.map((r) => r.reference);
        const paged: string[] = [];
        let after: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof searchRequests>> = await searchRequests(
            app.db,
            { ...query, ...(after ? { after } : {}) },
            { pageSize: 2 },
          );
          paged.push(...page.rows.map((r) => r.reference));
          after = page.next;
        } while (after);
        expect(paged, `${sort} ${direction}`).toEqual(whole);
        expect(new Set(paged).size).toBe(paged.length);
        expect(paged.length).toBe(sort === "decided" ? 4 : 6);
      }
    }
  });

  it("the page answers auditors and managers, and refuses staff and admins", async () => {
    const { app, auditor, manager, staff, admin } = await seeded();
    const get = (user: typeof auditor, path = "/audit") =>
      call(() => searchLoader({ request: app.request(path, { user }), params: {}, context: app.context }));
    const page = await get(auditor, "/audit?q=kainga&sort=reference&dir=asc");
    expect(page).not.toBeInstanceOf(Response);
    expect((page as { rows: Array<{ reference: string }> }).rows.map((r) => r.reference)).toEqual([R.A, R.B]);
    expect(await get(manager)).not.toBeInstanceOf(Response);
    expect(((await get(staff)) as Response).status).toBe(403);
    expect(((await get(admin)) as Response).status).toBe(403);
  });

  it("hostile search text and cursors answer a page, never an error", async () => {
    const { app, auditor } = await seeded();
    for (const q of [
      '"',
      "*",
      "AND OR",
      "NEAR(",
      "(kainga",
      "kainga)",
      'a"b',
      "-",
      "^x",
      "col:x",
      "x AND (y OR",
      "\u0000",
      "'; drop table requests; --",
      "ā".repeat(500),
    ]) {
      const path = `/audit?${new URLSearchParams({ q, after: q, sort: "received" }).toString()}`;
      const result = await call(() =>
        searchLoader({ request: app.request(path, { user: auditor }), params: {}, context: app.context }),
      );
      expect(result, q).not.toBeInstanceOf(Response);
    }
    // Punctuation alone filters nothing out.
    expect(await refs(app, `/audit?q=${encodeURIComponent('"(*')}`)).toHaveLength(5);
  });

  // SQLite's query plans; PostgreSQL's planner chooses by its statistics.
  it.runIf(testEngine === "sqlite")(
    "each sort's query is served by an index: no table scan, no temporary B-tree for the order",
    async () => {
      const { app } = await seeded();
      const sqlite = new SQLite(app.file, { readonly: true });
      try {
        for (const sort of SORTS) {
          for (const direction of ["asc", "desc"] as const) {
            for (const after of [undefined, sort === "reference" ? "END-2026-0002~2" : "2026-05-01T00:00:00.000Z~2"]) {
              for (const filters of [{}, { declinedByDefault: true }, { outcome: "endorse" as const }]) {
                const compiled = searchPageQuery(
                  app.db,
                  { filters, sort, direction, ...(after ? { after } : {}) },
                  26,
                ).compile();
                const plan = sqlite
                  .prepare(`explain query plan ${compiled.sql}`)
                  .all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>;
                const details = plan.map((p) => p.detail);
                const label = `${sort} ${direction} after=${after ?? "-"} ${JSON.stringify(filters)}: ${details.join(" | ")}`;
                expect(
                  details.some((d) => /^SCAN requests$/.test(d)),
                  label,
                ).toBe(false);
                expect(
                  details.some((d) => d.includes("USE TEMP B-TREE FOR ORDER BY")),
                  label,
                ).toBe(false);
              }
            }
          }
        }
      } finally {
        sqlite.close();
      }
    },
  );
});

export type { Seeded };

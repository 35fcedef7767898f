import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { RequestState } from "#db/schema";
import { searchRequests } from "~/models/search.server";
import type { SearchFilters, SearchQuery, SortKey } from "~/search/searchParams";
import { SORTS } from "~/search/searchParams";
import { endOfNzDay, startOfNzDay } from "~/workflow/nzTime";
import { createTestApp } from "../helpers/app";
import { addRequest, addSupplier } from "./seed";

/**
 * The search against a brute-force reference: a few hundred requests whose
 * receipt times crowd together (exact ties, the same second, the same few
 * hours, either side of the search index's bucket edges), searched with
 * free text under every sort, both directions, with other filters, a page
 * at a time; every answer must equal filtering and sorting the rows by hand.
 * Some requests also have comments and decision reasons (issue 21, item 7),
 * written with and after the request, and the search must reach them.
 */

const BUCKET_MS = 2 ** 14 * 1000;
const EDGE = Math.ceil(Date.parse("2026-03-01T00:00:00Z") / BUCKET_MS) * BUCKET_MS;

/** Deterministic: the same rows on every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const SUPPLIERS = [
  "Kōwhai Ridge Engineering Ltd",
  "Kowhai Builders",
  "Ridgeway Plumbing",
  "Acme Plumbing",
  "Rīwai Landscapes",
  "Zeta Signs",
];
const WORDS = [
  "roofing",
  "reference",
  "case",
  "study",
  "brochure",
  "Porirua",
  "kōwhai",
  "ridge",
  "plumbing",
  "tender",
  "Kāinga",
  "ora",
];
/** Words only ever said about a request (comments, reasons), besides some of its own. */
const SAID_WORDS = ["tuatara", "pōhutukawa", "ridge", "tender", "porirua"];
const STATES: RequestState[] = ["escalated", "declined", "approved", "drafting", "withdrawn"];

interface Row {
  id: number;
  reference: string;
  year: number;
  seq: number;
  supplier_id: number;
  text: string;
  state: RequestState;
  received_at: string;
  deadline_at: string;
  decided_at: string | null;
}

async function seeded() {
  const app = await createTestApp();
  const staff = await app.addUser("staff@agency.test", ["staff"], "Sam Staff");
  const next = random(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const supplierIds: number[] = [];
  for (const name of SUPPLIERS) supplierIds.push(await addSupplier(app.db, name));
  // Times from a few crowded places: exact ties, a second apart, ms apart, and either side of a bucket edge.
  const instant = () => {
    const where = pick([
      EDGE,
      EDGE - 1000,
      EDGE + 1000,
      EDGE - BUCKET_MS,
      EDGE + 3 * BUCKET_MS,
      Date.parse("2025-06-01T00:00:00Z"),
      Date.parse("2024-01-01T00:00:00Z"),
    ]);
    const jitter = pick([0, 0, 1, 999, 1000, 60_000, 3_600_000, 86_400_000 * 3]);
    return new Date(where + (next() < 0.5 ? -jitter : jitter)).toISOString();
  };
  const rows: Row[] = [];
  for (let seq = 1; seq <= 360; seq++) {
    const supplier = pick(supplierIds);
    const asked = `${pick(WORDS)} ${pick(WORDS)} for ${pick(WORDS)}`;
    const state = pick(STATES);
    const reason = next() < 0.2 ? `${pick(SAID_WORDS)} ${pick(SAID_WORDS)}` : null;
    const received_at = instant();
    const decided = state === "declined" || state === "approved" ? instant() : null;
    const fields = {
      requester_id: staff.id,
      supplier_id: supplier,
      seq,
      received_at,
      asked,
      state,
      decided_at: decided,
      deadline_at: instant(),
      decision_reason: reason,
    };
    const { id, reference } = await addRequest(app.db, fields);
    const comment = next() < 0.3 ? `${pick(SAID_WORDS)} ${pick(WORDS)}` : null;
    if (comment) await addComment(app.db, id, staff.id, comment);
    rows.push({
      id,
      reference,
      year: 2026,
      seq,
      supplier_id: supplier,
      text: [reference, SUPPLIERS[supplierIds.indexOf(supplier)], asked, reason ?? "", comment ?? ""].join(" "),
      state,
      received_at,
      deadline_at: fields.deadline_at,
      decided_at: decided,
    });
  }
  return { app, rows, supplierIds, staff };
}

async function addComment(
  db: Awaited<ReturnType<typeof createTestApp>>["db"],
  requestId: number,
  authorId: number,
  body: string,
) {
  await db
    .insertInto("comments")
    .values({ request_id: requestId, author_id: authorId, body, created_at: "2026-03-02T00:00:00.000Z" })
    .execute();
}

/** Lower case, macrons and other marks dropped, split into words: what the index's tokenizer does to this text. */
const tokens = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? [];

function referenceAnswer(rows: Row[], query: SearchQuery): string[] {
  const f = query.filters;
  const words = tokens(f.text ?? "");
  const within = (value: string | null, days: { from?: string; to?: string } | undefined) =>
    !days ||
    (value !== null && (!days.from || value >= startOfNzDay(days.from)) && (!days.to || value < endOfNzDay(days.to)));
  const kept = rows.filter(
    (r) =>
      words.every((w) => tokens(r.text).some((t) => t.startsWith(w))) &&
      (!f.states?.length || f.states.includes(r.state)) &&
      (!f.supplierId || r.supplier_id === f.supplierId) &&
      within(r.received_at, f.received) &&
      within(r.decided_at, f.decided) &&
      (query.sort !== "decided" || r.decided_at !== null),
  );
  const value = (r: Row): [string | number, number] =>
    query.sort === "reference"
      ? [r.year * 1e9 + r.seq, 0]
      : [query.sort === "received" ? r.received_at : query.sort === "deadline" ? r.deadline_at : r.decided_at!, r.id];
  const sign = query.direction === "asc" ? 1 : -1;
  kept.sort((a, b) => {
    const [va, ia] = value(a);
    const [vb, ib] = value(b);
    return sign * (va < vb ? -1 : va > vb ? 1 : ia - ib);
  });
  return kept.map((r) => r.reference);
}

async function paged(
  app: Awaited<ReturnType<typeof createTestApp>>,
  query: SearchQuery,
  pageSize: number,
): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof searchRequests>> = await searchRequests(
      app.db,
      { ...query, ...(after ? { after } : {}) },
      { pageSize },
    );
    out.push(...page.rows.map((r) => r.reference));
    after = page.next;
  } while (after);
  return out;
}

const TEXTS = [
  "Kōwhai Ridge",
  "kowhai",
  "ridge",
  "ri",
  "k",
  "plumbing kainga",
  "END 2026 01",
  "porirua",
  "tuatara",
  "pohutukawa ridge",
  "nothing-like-this",
];

function filterSets(supplierIds: number[]): SearchFilters[] {
  return [
    {},
    { states: ["declined", "approved"] },
    { received: { from: "2026-02-28", to: "2026-03-02" } },
    { supplierId: supplierIds[0]! },
    { decided: { from: "2025-01-01" } },
  ];
}

async function expectSameAsReference(
  app: Awaited<ReturnType<typeof createTestApp>>,
  rows: Row[],
  supplierIds: number[],
) {
  let nonEmpty = 0;
  for (const text of TEXTS) {
    for (const filters of filterSets(supplierIds)) {
      for (const sort of SORTS as readonly SortKey[]) {
        for (const direction of ["asc", "desc"] as const) {
          const query: SearchQuery = { filters: { ...filters, text }, sort, direction };
          const expected = referenceAnswer(rows, query);
          if (expected.length > 0) nonEmpty++;
          const label = `${text} ${JSON.stringify(filters)} ${sort} ${direction}`;
          expect(
            (await searchRequests(app.db, query, { pageSize: 1000 })).rows.map((r) => r.reference),
            label,
          ).toEqual(expected);
          // Keyset pages, small enough to end inside a crowded bucket, one at the bench's page size.
          for (const size of sort === "received" ? [1, 4, 25] : [7])
            expect(await paged(app, query, size), `${label} pages of ${size}`).toEqual(expected);
        }
      }
    }
  }
  // The fixture is not vacuous: most combinations find something.
  expect(nonEmpty).toBeGreaterThan(TEXTS.length * 5 * 8 * 0.5);
}

// Thousands of queries (pages of one row included): on PostgreSQL each is a round trip to the server.
const BRUTE_FORCE_TIMEOUT = 600_000;

describe("free-text search against a brute-force reference", () => {
  it(
    "gives the same rows in the same order, a page at a time, for every sort and with other filters",
    async () => {
      const { app, rows, supplierIds } = await seeded();
      await expectSameAsReference(app, rows, supplierIds);
    },
    BRUTE_FORCE_TIMEOUT,
  );

  it(
    "still does after receipt times are corrected, a supplier is renamed, a version is saved, and comments and reasons are written",
    async () => {
      const { app, rows, supplierIds, staff } = await seeded();
      // Move some requests across bucket edges, both ways (the index re-keys them).
      for (const row of rows.filter((_, i) => i % 9 === 0)) {
        row.received_at = new Date(
          Date.parse(row.received_at) + (row.id % 2 === 0 ? BUCKET_MS * 5 : -BUCKET_MS * 7),
        ).toISOString();
        await app.db.updateTable("requests").set({ received_at: row.received_at }).where("id", "=", row.id).execute();
      }
      await app.db
        .updateTable("suppliers")
        .set({ name: "Ridgeline Plumbing" })
        .where("id", "=", supplierIds[2]!)
        .execute();
      for (const row of rows.filter((r) => r.supplier_id === supplierIds[2]))
        row.text = row.text.replace("Ridgeway Plumbing", "Ridgeline Plumbing");
      const target = rows[17]!;
      await app.db
        .insertInto("endorsement_versions")
        .values({
          request_id: target.id,
          number: 1,
          based_on: null,
          author_id: staff.id,
          created_at: "2026-03-02T00:00:00.000Z",
          text: "Kōwhai ridge porirua",
          sha256: "0".repeat(64),
          findings: "[]",
          ruleset_version: "test",
        })
        .execute();
      target.text += " Kōwhai ridge porirua";
      // Said later: a comment on some, a decision reason on others (the index follows both).
      for (const row of rows.filter((_, i) => i % 7 === 3)) {
        await addComment(app.db, row.id, staff.id, "tuatara");
        row.text += " tuatara";
      }
      for (const row of rows.filter((_, i) => i % 11 === 5)) {
        // Added to any reason it had, so the words it had are still there.
        await app.db
          .updateTable("requests")
          .set({ decision_reason: sql<string>`coalesce(decision_reason || ' ', '') || ${"Pōhutukawa"}` })
          .where("id", "=", row.id)
          .execute();
        row.text += " Pōhutukawa";
      }
      await expectSameAsReference(app, rows, supplierIds);
    },
    BRUTE_FORCE_TIMEOUT,
  );

  it("a cursor naming a day that does not exist starts again at the first page", async () => {
    const { app } = await seeded();
    const query: SearchQuery = { filters: { text: "ridge" }, sort: "received", direction: "desc" };
    const first = await searchRequests(app.db, query);
    expect((await searchRequests(app.db, { ...query, after: "2026-02-31T00:00:00.000Z~5" })).rows).toEqual(first.rows);
  });
});

import fc from "fast-check";
import { sql } from "kysely";
import type { DB } from "#db/client";
import { statusOf, TEST_ORIGIN, type TestUser } from "../helpers/app";

/** Text people and attackers send: random, huge, control characters, mixed scripts, markup. */
const SAMPLES = [
  "Kāinga Ora",
  "مرحبا بكم",
  "日本語のテキスト",
  "Ελληνικά",
  "𝕳𝖊𝖑𝖑𝖔 👩‍👩‍👧",
  "e\u0301\u0301\u0301",
  "\u202Egnp.exe",
  "\u200B\u200D\uFEFF",
  "<script>alert(1)</script>",
  `"><img src=x onerror=alert(1)>`,
  "'; drop table requests; --",
  "${7*7}{{7*7}}",
  "../../../../etc/passwd",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e309",
  "9".repeat(40),
  "2026-02-30T25:61",
  "/\\evil.example",
  "//evil.example",
  "/\t/evil.example",
  "javascript:alert(1)",
  " ",
  "\r\n\r\n",
  "\u0000",
];
const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  maxLength: 20,
});
const huge = fc
  .tuple(fc.constantFrom(5_001, 100_001, 300_000), fc.constantFrom("x", "é", "😀", "\u0000", "<"))
  .map(([n, c]) => c.repeat(n));

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SAMPLES) },
  { weight: 2, arbitrary: controlChars },
  { weight: 1, arbitrary: huge },
  {
    weight: 2,
    arbitrary: fc.array(fc.constantFrom(...SAMPLES), { minLength: 2, maxLength: 4 }).map((a) => a.join(" ")),
  },
);

export type Fields = Array<[string, string]>;

/** A field made hostile: hostile text, left out, or repeated (sensible and hostile values mixed). */
function spoiled(name: string, valid: fc.Arbitrary<string>): fc.Arbitrary<Fields> {
  const value = fc.oneof({ weight: 1, arbitrary: valid }, { weight: 2, arbitrary: hostileText });
  return fc.oneof(
    { weight: 4, arbitrary: hostileText.map((v): Fields => [[name, v]]) },
    { weight: 1, arbitrary: fc.constant<Fields>([]) },
    {
      weight: 1,
      arbitrary: fc.array(value, { minLength: 2, maxLength: 3 }).map((vs): Fields => vs.map((v) => [name, v])),
    },
  );
}

/**
 * Forms built around a valid one, in any field order: up to three fields
 * spoiled (hostile, missing or repeated) and the rest sensible, sometimes with
 * unexpected fields added — so inputs reach every check, and some are valid.
 * The CSRF token is spoiled now and then too.
 */
export function hostileForm(csrf: string, valid: Record<string, fc.Arbitrary<string> | string>): fc.Arbitrary<Fields> {
  const names = ["csrf", ...Object.keys(valid)];
  const sensible = [
    fc.constant(csrf),
    ...Object.values(valid).map((v) => (typeof v === "string" ? fc.constant(v) : v)),
  ];
  const spoilable = names.map((name, i) => fc.tuple(sensible[i]!, spoiled(name, sensible[i]!)));
  const extra = fc.array(
    fc.tuple(
      fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom("__proto__", "constructor", "intent[]", "")),
      hostileText,
    ),
    { maxLength: 2 },
  );
  return fc
    .tuple(
      fc.tuple(...spoilable),
      // The token is spoiled less often than the rest, so most inputs get past it.
      fc
        .tuple(
          fc.subarray(
            names.map((_, i) => i),
            { maxLength: 3 },
          ),
          fc.nat(9),
        )
        .map(([s, d]) => (d < 3 ? s : s.filter((i) => i !== 0))),
      fc.shuffledSubarray(
        names.map((_, i) => i),
        { minLength: names.length, maxLength: names.length },
      ),
      fc.oneof({ weight: 4, arbitrary: fc.constant<Array<[string, string]>>([]) }, { weight: 1, arbitrary: extra }),
    )
    .map(([values, spoilt, order, more]) => [
      ...order.flatMap((i): Fields => (spoilt.includes(i) ? values[i]![1] : [[names[i]!, values[i]![0]]])),
      ...more,
    ]);
}

export type Encoding = "urlencoded" | "multipart" | "malformed";
export const encodings = fc.constantFrom<Encoding>("urlencoded", "multipart", "malformed");

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD, as a browser would send them). */
function pct(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, "0")}`,
    )
    .join("");
}
const BROKEN_ESCAPES = ["%", "%Z", "%E0%A4", "%FF%FE", "%C0%AF", "+%2", "%%41", "%00", "&&=&=="];

/** The body and content type for the fields in the chosen encoding; "malformed" is urlencoded by hand with broken escapes. */
export function encode(fields: Fields, encoding: Encoding, breakAt: number): { body: BodyInit; contentType?: string } {
  if (encoding === "multipart") {
    const form = new FormData();
    for (const [k, v] of fields) form.append(k, v);
    return { body: form };
  }
  const parts = fields.map(
    ([k, v], i) =>
      `${pct(k)}=${pct(v)}${encoding === "malformed" && i % 3 === breakAt % 3 ? BROKEN_ESCAPES[breakAt % BROKEN_ESCAPES.length] : ""}`,
  );
  return { body: parts.join("&"), contentType: "application/x-www-form-urlencoded" };
}

export function postRequest(path: string, user: TestUser | null, body: BodyInit, contentType?: string): Request {
  const headers = new Headers({ Origin: TEST_ORIGIN });
  if (user) headers.set("Cookie", user.cookie);
  if (contentType) headers.set("Content-Type", contentType);
  return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", headers, body });
}

export interface Answer {
  status: number;
  /** What the person is told: the error page's text, or the form's message. */
  message: string;
  location: string | null;
}

/**
 * Runs an action and classifies its answer. A thrown Response is an answer
 * (a 403 or 404 page); anything else thrown would be a 500, so it fails here.
 */
export async function answerOf(run: () => Promise<unknown>): Promise<Answer> {
  let result: unknown;
  try {
    result = await run();
  } catch (thrown) {
    if (!(thrown instanceof Response))
      throw new Error(`the action threw instead of answering (a 500): ${String(thrown)}`);
    result = thrown;
  }
  const status = statusOf(result);
  if (result instanceof Response) {
    return {
      status,
      message: status >= 300 && status < 400 ? "" : await result.clone().text(),
      location: result.headers.get("Location"),
    };
  }
  const data = (
    result && typeof result === "object" && "data" in result ? (result as { data: unknown }).data : result
  ) as Record<string, unknown> | null;
  const fieldErrors = Object.values((data?.fieldErrors ?? {}) as Record<string, unknown>).filter(
    (m): m is string => typeof m === "string",
  );
  const message = [data?.formError, data?.error, ...fieldErrors]
    .filter((m): m is string => typeof m === "string" && m.length > 0)
    .join(" ");
  return { status, message, location: null };
}

/** What a valid change would alter: the domain's rows (sessions and sign-in attempts aside) and every request's state. */
export async function fingerprint(db: DB): Promise<{ rows: string; auditSeq: number }> {
  const tables = [
    "users",
    "user_roles",
    "suppliers",
    "requests",
    "attachments",
    "comments",
    "delegations",
    "outbox",
    "endorsement_versions",
    "reference_counters",
  ] as const;
  const counts: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts.push(`${table}=${rows[0]!.n}`);
  }
  const requests = await db
    .selectFrom("requests")
    .select(["id", "state", "revision", "deadline_at"])
    .orderBy("id")
    .execute();
  const users = await db.selectFrom("users").select(["id", "active", "email", "name"]).orderBy("id").execute();
  const state = requests.map((r) => `${r.id}:${r.state}:${r.revision}:${r.deadline_at}`).join(",");
  const people = users.map((u) => `${u.id}:${u.active}:${u.email}:${u.name}`).join(",");
  const seq = await sql<{ n: number | null }>`select max(seq) as n from audit_events`.execute(db);
  return { rows: [...counts, state, people].join("|"), auditSeq: seq.rows[0]!.n ?? 0 };
}

/** Audit events written since `afterSeq`: for a refused input only refusals and failed sign-ins may be recorded. */
export async function auditSince(db: DB, afterSeq: number): Promise<string[]> {
  const rows = await db.selectFrom("audit_events").select("action").where("seq", ">", afterSeq).execute();
  return rows.map((r) => r.action);
}

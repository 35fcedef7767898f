import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "~/cli/paths";

/** Dates no calendar has, and dates past what any record needs (issue 14, item 5). */
export const IMPOSSIBLE_DATES = ["2026-02-31", "2027-13-01", "0000-01-01", "9999-12-31", "2026-00-10", "+002026-01-01"];

/** Every field name a page sends a date in, and every query parameter a loader reads. */
export const DATE_FIELDS = ["newDeadlineDate", "startsOn", "endsOn", "validUntil", "newValidUntil", "receivedAt"];
export const QUERY_PARAMETERS = [
  "q",
  "state",
  "outcome",
  "type",
  "supplier",
  "decider",
  "receivedFrom",
  "receivedTo",
  "loggedFrom",
  "loggedTo",
  "decidedFrom",
  "decidedTo",
  "declinedByDefault",
  "hasWaivers",
  "sort",
  "dir",
  "after",
  "head",
  "a",
  "b",
  "from",
  "to",
];

export interface RouteFile {
  /** The route module's id as Remix names it, e.g. "routes/requests.$reference_.edit". */
  id: string;
  file: string;
  /** The URL of this route with its parameters filled in. */
  path: string;
}

/** A route file's URL (Remix v2 flat routes): "." separates segments, "[.]" is a literal dot, "_index" and a trailing "_" add none. */
export function routePath(name: string, params: Record<string, string>): string {
  const segments = name
    .replaceAll("[.]", "\u0000")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replaceAll("\u0000", ".").replace(/_$/, ""))
    .map((s) => (s.startsWith("$") ? (params[s.slice(1)] ?? "1") : s));
  return `/${segments.join("/")}`;
}

/** Every route in app/routes, so a route added later is probed without anyone listing it. */
export function routeFiles(params: Record<string, string>): RouteFile[] {
  const dir = path.join(PROJECT_ROOT, "app", "routes");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.tsx?$/.test(f))
    .sort()
    .map((f) => {
      const name = f.replace(/\.tsx?$/, "");
      return { id: `routes/${name}`, file: path.join(dir, f), path: routePath(name, params) };
    });
}

export interface Body {
  label: string;
  contentType?: string;
  body: string | Buffer;
}

/** Every kind of body that is not the form the page sends, each carrying the CSRF token where it could. */
export function hostileBodies(csrf: string): Body[] {
  const fields = `csrf=${encodeURIComponent(csrf)}&intent=decide&revision=1&conflict=none&reason=x`;
  const boundary = "----hostile";
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  return [
    { label: "JSON", contentType: "application/json", body: JSON.stringify({ csrf, intent: "decide" }) },
    { label: "JSON array", contentType: "application/json", body: "[1,2,{" },
    { label: "text/plain", contentType: "text/plain", body: fields },
    { label: "text/plain form encoding", contentType: "text/plain", body: `csrf=${csrf}\r\nintent=decide\r\n` },
    { label: "no content type", body: fields },
    { label: "XML", contentType: "application/xml", body: `<csrf>${csrf}</csrf>` },
    { label: "multipart without a boundary", contentType: "multipart/form-data", body: part("csrf", csrf) },
    {
      label: "multipart cut off mid-part",
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: `${part("csrf", csrf)}--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\ndeci`,
    },
    {
      label: "multipart with another boundary",
      contentType: "multipart/form-data; boundary=other",
      body: `${part("csrf", csrf)}--${boundary}--\r\n`,
    },
    {
      label: "multipart part without a disposition",
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: `--${boundary}\r\nContent-Type: text/plain\r\n\r\nx\r\n${part("csrf", csrf)}--${boundary}--\r\n`,
    },
    {
      label: "multipart with a file where none is taken",
      contentType: `multipart/form-data; boundary=${boundary}`,
      body: `${part("csrf", csrf)}--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    },
    {
      label: "urlencoded with broken escapes",
      contentType: "application/x-www-form-urlencoded",
      // A form that would otherwise be valid, so the broken escapes are what is tested; the intent is one of them.
      body: `csrf=${encodeURIComponent(csrf)}&intent=%E0%A4&revision=1&conflict=none&reason=x&%%41=%FF%FE&%`,
    },
    { label: "urlencoded, empty", contentType: "application/x-www-form-urlencoded", body: "" },
    {
      label: "urlencoded as UTF-16",
      contentType: "application/x-www-form-urlencoded; charset=utf-16",
      body: Buffer.from(fields, "utf16le"),
    },
    { label: "binary", contentType: "application/octet-stream", body: Buffer.from([0, 255, 254, 1, 0x1b, 0x5b]) },
  ];
}

/** Stack frames ("at fn (file:line:col)") or paths of the server's files: never in an answer. */
export function leaksInternals(text: string): string | null {
  if (/\n\s+at .+:\d+:\d+/.test(text)) return "a stack trace";
  if (text.includes(PROJECT_ROOT)) return "a server file path";
  if (text.includes("node_modules")) return "a node_modules path";
  return null;
}

/** The kinds of query parameter the shared parser (app/http/query.ts) refuses when a value is not one. */
export type QueryKind = "day" | "number" | "choice" | "flag" | "cursor" | "registerCursor";

/** Values that are not of each kind: each must be refused in words, never dropped. */
export const JUNK_QUERY_VALUES: Record<QueryKind, string[]> = {
  day: [...IMPOSSIBLE_DATES, "yesterday", "2026-3-1"],
  number: ["0", "-1", "1.5", "abc", "1e3", "9".repeat(20), "\u0000"],
  choice: ["nonsense", "DECLINED", "'; drop table requests; --"],
  flag: ["maybe", "yes please"],
  cursor: ["junk", "2026-02-31T00:00:00.000Z~5", "2026-01-01T00:00:00.000Z~abc"],
  registerCursor: [
    "junk",
    "approved~2026-02-31T00:00:00.000Z~5",
    "approved~2026-13-01T00:00:00.000Z~5",
    "approved~2026-01-01T00:00:00.000Z~abc",
    "void~2026-01-01T00:00:00.000Z~1",
  ],
};

/** A value of each kind that the parser accepts, to prove a listed parameter is really read. */
export const GOOD_QUERY_VALUES: Record<QueryKind, string> = {
  day: "2026-03-01",
  number: "1",
  choice: "",
  flag: "1",
  cursor: "2026-01-01T00:00:00.000Z~1",
  registerCursor: "approved~2026-01-01T00:00:00.000Z~1",
};

export type Reader = "staff" | "manager" | "admin" | "auditor";

export interface QueryFilters {
  /** Who may open the page, so the probe reaches its loader. */
  as: Reader;
  /** Each query parameter the loader reads, by kind; a choice names one good value. */
  parameters: Record<string, QueryKind | { choice: string }>;
}

const SEARCH_FILTERS: QueryFilters["parameters"] = {
  state: { choice: "declined" },
  outcome: { choice: "decline" },
  type: { choice: "case_study" },
  supplier: "number",
  decider: "number",
  receivedFrom: "day",
  receivedTo: "day",
  loggedFrom: "day",
  loggedTo: "day",
  decidedFrom: "day",
  decidedTo: "day",
  declinedByDefault: "flag",
  hasWaivers: "flag",
  sort: { choice: "deadline" },
  dir: { choice: "asc" },
};

/**
 * Every loader that reads its query, with what it reads (the test checks that
 * every route calling the shared parser is listed, and that no route reads the
 * query any other way).
 */
export function queryFilters(reference: string): Record<string, QueryFilters> {
  return {
    "/audit": { as: "auditor", parameters: SEARCH_FILTERS },
    "/audit/export.csv": { as: "auditor", parameters: SEARCH_FILTERS },
    "/audit/export.json": { as: "auditor", parameters: SEARCH_FILTERS },
    "/audit/verify": { as: "auditor", parameters: {} },
    "/register": {
      as: "manager",
      parameters: { view: { choice: "review_due" }, state: { choice: "approved" }, after: "registerCursor" },
    },
    "/queue": {
      as: "manager",
      parameters: { state: { choice: "escalated" }, type: { choice: "case_study" }, after: "cursor" },
    },
    "/suppliers/1": { as: "manager", parameters: { before: "number" } },
    "/requests": { as: "staff", parameters: { before: "number" } },
    "/requests/all": { as: "manager", parameters: { before: "number" } },
    "/admin/outbox": { as: "admin", parameters: { before: "number" } },
    "/admin/reassign": { as: "admin", parameters: { from: "number" } },
    [`/requests/${reference}/versions`]: { as: "staff", parameters: { a: "number", b: "number" } },
  };
}

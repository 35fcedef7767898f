import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/http/safeRedirect";
import { action as loginAction } from "~/routes/login";
import { call, createTestApp, TEST_ORIGIN, TEST_PASSWORD } from "../helpers/app";

/** Pieces attackers build redirect targets from: slashes, dot segments, encodings, backslashes, controls, look-alikes. */
const PIECES = [
  "/",
  "//",
  "\\",
  ".",
  "..",
  "./",
  "%2e",
  "%2E%2E",
  "%2f",
  "%2F%2F",
  "%5c",
  "%252f",
  "\t",
  "\n",
  "\r",
  "\u0000",
  "\u007f",
  "\u0085",
  " ",
  "%09",
  "%0a",
  "%00",
  "evil.example",
  "evil.example:443",
  "@",
  ":",
  "?",
  "#",
  "&",
  "=",
  "http:",
  "https://evil.example",
  "javascript:alert(1)",
  "\u3002",
  "\uff0f",
  "\u2044",
  "\u2215",
  "login",
  "requests",
  "END-2026-0001",
  "ā",
];
const target = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((p) => p.join("")),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 7 }).map((p) => `/${p.join("")}`),
  fc.string({ maxLength: 30 }),
);

/** Where a browser goes with this Location: the WHATWG URL parser drops tabs and newlines and reads "\" as "/". */
function landsOn(location: string): string {
  return new URL(location, TEST_ORIGIN).origin;
}

describe("redirectTo after signing in always lands on this site", () => {
  it("for any target built from dot segments, encodings, backslashes and control characters", () => {
    fc.assert(
      fc.property(target, (t) => {
        const location = safeRedirect(t, "/requests", TEST_ORIGIN);
        expect(location).toMatch(/^\/(?![/\\])/);
        expect([...location].some((c) => c < " " || (c >= "\u007f" && c <= "\u009f") || c === "\\")).toBe(false);
        expect(landsOn(location)).toBe(TEST_ORIGIN);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ["/.//evil.example/login", "/requests"],
    ["/./%2F/evil.example", "/%2F/evil.example"],
    ["/a/../..//evil.example", "/requests"],
    ["/requests/END-2026-0001?tab=audit", "/requests/END-2026-0001?tab=audit"],
    ["/audit?q=Kāinga", "/audit?q=K%C4%81inga"],
  ])("%s goes to %s", (t, expected) => {
    expect(safeRedirect(t, "/requests", TEST_ORIGIN)).toBe(expected);
  });

  it("through the sign-in action: every answer's Location is same-site", async () => {
    const app = await createTestApp();
    await app.addUser("aroha@tautoko.test", ["staff"]);
    await fc.assert(
      fc.asyncProperty(target, async (t) => {
        const request = new Request(`${TEST_ORIGIN}/login`, {
          method: "POST",
          headers: { Origin: TEST_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ email: "aroha@tautoko.test", password: TEST_PASSWORD, redirectTo: t }),
        });
        const answer = await call(() => loginAction({ request, params: {}, context: app.context }));
        expect(answer).toBeInstanceOf(Response);
        const location = (answer as Response).headers.get("Location")!;
        expect(landsOn(location)).toBe(TEST_ORIGIN);
        expect(location).toMatch(/^\/(?![/\\])/);
      }),
      { numRuns: 40 },
    );
  });
});

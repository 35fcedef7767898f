// Runs `npm run -s check-text -- FILE` for real, from a sub-directory of the
// project, as a person at a terminal would.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("../../..", import.meta.url));
let scratch: string;
let callerDirectory: string;

beforeAll(() => {
  // Inside the project, so that `npm run` finds package.json by walking up.
  scratch = mkdtempSync(path.join(projectRoot, "tests", ".tmp-check-text-"));
  callerDirectory = path.join(scratch, "drafts");
  mkdirSync(callerDirectory);
  mkdirSync(path.join(scratch, "shared"));
  writeFileSync(
    path.join(callerDirectory, "fair.txt"),
    "Kāinga Ora engaged Acme Ltd under contract C-123 from March 2024 to February 2025 to repair 120 homes in Porirua. The work was completed on schedule.",
  );
  writeFileSync(
    path.join(callerDirectory, "warning-only.txt"),
    "Acme supplied very tidy crews to Kainga Ora in 2024.\n",
  );
  writeFileSync(path.join(scratch, "shared", "puffery.txt"), "\uFEFFAcme is the best supplier to Kāinga Ora.\n");
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function checkTextCommand(...args: string[]) {
  // A person's shell has no INIT_CWD; npm sets it to where it was run.
  const { INIT_CWD: _ignored, ...environment } = process.env;
  const result = spawnSync("npm", ["run", "-s", "check-text", "--", ...args], {
    cwd: callerDirectory,
    env: environment,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const CONTRACT_FIELDS = ["column", "criterion", "end", "line", "match", "message", "rule", "severity", "start"];

// Each case starts npm, tsx and the language model; on a loaded machine that alone can take half a minute.
describe("npm run -s check-text -- FILE", { timeout: 180_000 }, () => {
  it("prints [] and exits 0 for a fair text", () => {
    const run = checkTextCommand("fair.txt");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("[]\n");
  });

  it("exits 0 when the findings are warnings only, printing them with the contract's fields", () => {
    const run = checkTextCommand("warning-only.txt");
    expect(run.status).toBe(0);
    const findings = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(findings).toEqual([
      {
        rule: "intensifier",
        criterion: "balanced",
        severity: "suggestion",
        message: expect.stringContaining('"very"'),
        start: 14,
        end: 18,
        line: 1,
        column: 15,
        match: "very",
      },
      {
        rule: "agency-name-misspelt",
        criterion: "accurate",
        severity: "warning",
        message: expect.stringContaining("Kāinga Ora"),
        start: 33,
        end: 43,
        line: 1,
        column: 34,
        match: "Kainga Ora",
        suggestion: "Kāinga Ora",
      },
    ]);
    expect(run.stdout).toBe(`${JSON.stringify(findings, null, 2)}\n`);
  });

  it("exits 1 for a text with an error, resolving the path from the caller's directory and ignoring a BOM", () => {
    const run = checkTextCommand("../shared/puffery.txt");
    expect(run.status).toBe(1);
    const findings = JSON.parse(run.stdout) as Record<string, unknown>[];
    for (const finding of findings) expect(Object.keys(finding).sort()).toEqual(CONTRACT_FIELDS);
    expect(findings.map(({ rule, severity, start, end, match }) => ({ rule, severity, start, end, match }))).toEqual([
      {
        rule: "period-not-stated",
        severity: "warning",
        start: 0,
        end: 41,
        match: "Acme is the best supplier to Kāinga Ora.\n",
      },
      {
        rule: "relationship-not-stated",
        severity: "warning",
        start: 0,
        end: 41,
        match: "Acme is the best supplier to Kāinga Ora.\n",
      },
      { rule: "superlative", severity: "error", start: 12, end: 16, match: "best" },
    ]);
  });

  it("exits 2 with a message on standard error when the file does not exist", () => {
    const run = checkTextCommand("no-such-draft.txt");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("cannot read no-such-draft.txt");
  });

  it("exits 2 when given a directory, or no file at all", () => {
    const directory = checkTextCommand(".");
    expect(directory.status).toBe(2);
    expect(directory.stderr).toContain("cannot read .");

    const none = checkTextCommand();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("Usage: npm run -s check-text -- FILE");
  });
});

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { checkText, normalizeText, RULES, RULESET_VERSION, rulesMarkdownTable } from "~/workflow/textChecks";

const spans = (text: string) => checkText(text).map(({ rule, start, end }) => [rule, start, end]);

describe("offsets, lines and columns", () => {
  it("counts offsets in the text with a precomposed macron", () => {
    const best = checkText("Kāinga Ora: the best.").find((finding) => finding.rule === "superlative");
    expect(best).toMatchObject({ start: 16, end: 20, line: 1, column: 17, match: "best" });
  });

  it("counts offsets in the NFC text when the macron was typed as a combining mark", () => {
    const typed = "Ka\u0304inga Ora: the best.";
    expect(typed.length).toBe(22);
    expect(normalizeText(typed)).toBe("Kāinga Ora: the best.");
    const findings = checkText(typed);
    expect(findings.find((finding) => finding.rule === "superlative")).toMatchObject({
      start: 16,
      end: 20,
      column: 17,
      match: "best",
    });
    // The whole-text findings span the normalised text, not the typed one.
    expect(findings.find((finding) => finding.rule === "period-not-stated")).toMatchObject({
      start: 0,
      end: 21,
      match: "Kāinga Ora: the best.",
    });
  });

  it("reports a misspelt name typed with a combining macron at its NFC position", () => {
    const misspelt = checkText("Our work for Ka\u0304inga ora in 2024 repaired homes.").filter(
      (finding) => finding.rule === "agency-name-misspelt",
    );
    expect(misspelt).toEqual([
      expect.objectContaining({
        start: 13,
        end: 23,
        line: 1,
        column: 14,
        match: "Kāinga ora",
        suggestion: "Kāinga Ora",
      }),
    ]);
  });

  it("gives lines and columns across \\r\\n, \\n and \\r line endings", () => {
    const text = "Acme repaired homes in 2024.\r\nNotes:\n  the best work.\rKainga Ora";
    expect(
      checkText(text).map(({ rule, start, end, line, column, match }) => ({ rule, start, end, line, column, match })),
    ).toEqual([
      { rule: "superlative", start: 43, end: 47, line: 3, column: 7, match: "best" },
      { rule: "agency-name-misspelt", start: 54, end: 64, line: 4, column: 1, match: "Kainga Ora" },
    ]);
  });

  it("counts characters outside the Basic Multilingual Plane as two code units", () => {
    const best = checkText("🏠 Acme is the best.").find((finding) => finding.rule === "superlative");
    expect(best).toMatchObject({ start: 15, end: 19, column: 16, match: "best" });
  });

  it("makes every match the slice of the NFC text between start and end", () => {
    const typed =
      "Our tenant Mere Smith (mere@example.co.nz, 021 123 4567) of 14 Smith Street says Acme is the best.\n" +
      "Ka\u0304inga ora will continue to use them; the Minister agrees. Costs fell 30%.";
    const normalised = typed.normalize("NFC");
    const findings = checkText(typed);
    expect(findings.length).toBeGreaterThan(8);
    for (const finding of findings) expect(finding.match).toBe(normalised.slice(finding.start, finding.end));
  });

  it("spans the whole text, even an empty one, for something missing", () => {
    expect(checkText("")).toEqual([
      expect.objectContaining({ rule: "period-not-stated", start: 0, end: 0, line: 1, column: 1, match: "" }),
      expect.objectContaining({ rule: "relationship-not-stated", start: 0, end: 0, line: 1, column: 1, match: "" }),
    ]);
  });
});

describe("order and shape of findings", () => {
  it("orders findings by start", () => {
    expect(spans("Acme is very good and always the best; we recommend them.")).toEqual([
      ["period-not-stated", 0, 57],
      ["relationship-not-stated", 0, 57],
      ["intensifier", 8, 12],
      ["absolute-claim", 22, 28],
      ["superlative", 33, 37],
      ["agency-recommendation", 39, 51],
    ]);
  });

  it("breaks ties by end, then by rule id", () => {
    expect(spans("best")).toEqual([
      ["period-not-stated", 0, 4],
      ["relationship-not-stated", 0, 4],
      ["superlative", 0, 4],
    ]);
    expect(spans("In 2024 Acme supplied the best-in-class best work.")).toEqual([
      ["superlative", 26, 39],
      ["superlative", 40, 44],
    ]);
  });

  it("leaves the suggestion key out when there is none, and sets it when there is", () => {
    const [superlative] = checkText("Acme supplied the best work in 2024.");
    expect(Object.keys(superlative!).sort()).toEqual(
      ["column", "criterion", "end", "line", "match", "message", "rule", "severity", "start"].sort(),
    );
    expect("suggestion" in superlative!).toBe(false);
    expect(JSON.stringify(superlative)).not.toContain("suggestion");

    const [misspelt] = checkText("Acme supplied Kainga Ora in 2024.");
    expect(misspelt).toMatchObject({ rule: "agency-name-misspelt", severity: "warning", suggestion: "Kāinga Ora" });
  });

  it("describes each finding with its rule's criterion, severity and a message quoting the match", () => {
    const [superlative] = checkText("Acme supplied the best work in 2024.");
    expect(superlative).toMatchObject({ rule: "superlative", criterion: "balanced", severity: "error" });
    expect(superlative!.message).toContain('"best"');
  });
});

describe("the ruleset as data", () => {
  it("has a version and unique rule ids", () => {
    expect(RULESET_VERSION).toMatch(/^\d{4}\.\d+\.\d+$/);
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("makes breaches of the policy errors, and only wording advice warnings or suggestions", () => {
    const bySeverity = (severity: string) =>
      RULES.filter((rule) => rule.severity === severity)
        .map((rule) => rule.id)
        .sort();
    expect(bySeverity("error")).toEqual(
      [
        "absolute-claim",
        "agency-recommendation",
        "competitor-comparison",
        "email-address",
        "future-promise",
        "named-person",
        "official-status",
        "phone-number",
        "political-content",
        "street-address",
        "superlative",
        "unevidenced-result",
      ].sort(),
    );
    expect(bySeverity("warning")).toEqual(
      [
        "agency-name-misspelt",
        "glowing-praise",
        "period-contradiction",
        "period-not-stated",
        "personal-details",
        "personal-view",
        "problem-dismissed",
        "relationship-not-stated",
        "weasel-words",
      ].sort(),
    );
    expect(bySeverity("suggestion")).toEqual(["intensifier"]);
  });

  it("puts every personal-information rule under privacy and political content under political neutrality", () => {
    const criterionOf = (id: string) => RULES.find((rule) => rule.id === id)?.criterion;
    for (const id of ["email-address", "phone-number", "street-address", "named-person"]) {
      expect(criterionOf(id)).toBe("privacy");
    }
    expect(criterionOf("political-content")).toBe("political_neutrality");
    expect(criterionOf("official-status")).toBe("objectivity");
    expect(criterionOf("relationship-not-stated")).toBe("complete");
  });

  it("renders the README table with one row per rule", () => {
    const table = rulesMarkdownTable().split("\n");
    expect(table[0]).toBe("| rule id | criterion | severity | what it catches |");
    expect(table).toHaveLength(RULES.length + 2);
    for (const rule of RULES) expect(table.some((row) => row.startsWith(`| \`${rule.id}\` |`))).toBe(true);
  });

  it("stays browser-safe: the module imports nothing from Node", () => {
    const folder = fileURLToPath(new URL("../../../app/workflow/textChecks", import.meta.url));
    for (const file of readdirSync(folder)) {
      const source = readFileSync(path.join(folder, file), "utf8");
      expect(source, file).not.toMatch(/from\s+["'](?:node:|fs|path|crypto)/);
    }
  });
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";
import { RULES, RULESET_VERSION, rulesMarkdownTable } from "~/workflow/textChecks";

const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

describe("the README stays true", () => {
  it("lists every text-check rule with its criterion and severity, and the ruleset version", () => {
    expect(readme).toContain(`ruleset ${RULESET_VERSION}`);
    // The generated table as it stands, header row and all, after a blank line so Markdown renders it as a table.
    expect(readme).toContain(`\n\n${rulesMarkdownTable()}\n`);
    for (const rule of RULES) {
      expect(readme).toContain(`| \`${rule.id}\` | \`${rule.criterion}\` | ${rule.severity} |`);
    }
  });

  it("names every environment variable the app reads", () => {
    const config = fs.readFileSync(path.join(PROJECT_ROOT, "app/config.server.ts"), "utf8");
    const envSchema = config.slice(config.indexOf("z.object({"), config.indexOf("});"));
    const variables = [...envSchema.matchAll(/^\s+([A-Z_]+):/gm)].map((m) => m[1]!);
    expect(variables.length).toBeGreaterThan(5);
    for (const v of variables) expect(readme, v).toContain(`| \`${v}\` |`);
  });

  it("documents the npm scripts people run", () => {
    for (const script of [
      "start",
      "test",
      "db:migrate",
      "db:seed",
      "user:create",
      "check-text",
      "audit:verify",
      "jobs:once",
    ]) {
      expect(packageJson.scripts[script], script).toBeDefined();
      expect(readme, script).toMatch(new RegExp(`npm (run (-s )?)?${script.replace(":", ":")}\\b`));
    }
  });
});

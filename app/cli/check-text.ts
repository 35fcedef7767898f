// `npm run -s check-text -- FILE`: prints the findings for the UTF-8 text in
// FILE as JSON; exits 1 if any finding is an error, 0 otherwise, and 2 when
// FILE cannot be read (DESIGN.md, "Contracts that stay stable").
import { readFileSync } from "node:fs";
import path from "node:path";

import { checkText } from "~/workflow/textChecks";

const USAGE = "Usage: npm run -s check-text -- FILE";

function readText(file: string): string {
  // `npm run` moves to the package root but records where it was run in INIT_CWD,
  // and FILE is relative to where the person typed the command.
  const resolved = path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
  const bytes = readFileSync(resolved);
  const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  return text;
}

function main(argv: readonly string[]): number {
  const file = argv[0];
  if (file === undefined || file === "") {
    process.stderr.write(`check-text: no file given.\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`check-text: cannot read ${file}: ${reason}\n`);
    return 2;
  }
  const findings = checkText(text);
  process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
  return findings.some((finding) => finding.severity === "error") ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));

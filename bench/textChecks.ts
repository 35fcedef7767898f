/**
 * `npm run -s bench:text-checks`: times `checkText` on 2,000-character drafts
 * (made from the blind corpus's texts) as the server runs it for live findings
 * and on save. Prints one JSON object; the key `check_text_2000_chars` holds
 * the median and p95 in milliseconds. The target is well under 50 ms.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PROJECT_ROOT } from "~/cli/paths";
import { checkText } from "~/workflow/textChecks";
import { quantile, round } from "./timing";

const LENGTH = 2000;
const RUNS = 300;

/** Every delivered draft, each extended with the next ones to exactly 2,000 characters. */
function drafts(): string[] {
  const file = path.join(PROJECT_ROOT, "tests/workflow/textChecks/blind/problems.json");
  const texts = (JSON.parse(readFileSync(file, "utf8")) as { text: string }[]).map((sample) => sample.text);
  return texts.map((_, first) => {
    let draft = "";
    for (let next = first; draft.length < LENGTH; next = (next + 1) % texts.length) draft += `${texts[next]}\n\n`;
    return draft.slice(0, LENGTH);
  });
}

function main() {
  const inputs = drafts();
  // Warm the model and the regexes, as a running server has.
  for (const draft of inputs.slice(0, 20)) checkText(draft);
  const samples: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const draft = inputs[run % inputs.length]!;
    const started = performance.now();
    checkText(draft);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const figures = {
    check_text_2000_chars: {
      median_ms: round(quantile(samples, 0.5)),
      p95_ms: round(quantile(samples, 0.95)),
      runs: samples.length,
    },
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
}

main();

/**
 * `npm run -s bench:verify-bound [-- --size N] [-- --rounds R] [-- --json]`:
 * chain verification if events were stored as the bytes their hashes cover,
 * measured rather than argued (see app/bench/verifyBound.server.ts). Uses the benchmark's cached
 * database of N requests (default 200,000; built when missing). Progress goes
 * to stderr; with --json, stdout holds one JSON object.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchDatabase } from "~/bench/bulk.server";
import { measureVerifyBound, storeHashedBytes } from "~/bench/verifyBound.server";

function parseArgs(argv: readonly string[]) {
  const options = { json: false, size: 200_000, rounds: 3 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--size" || arg === "--rounds") {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < (arg === "--size" ? 50 : 1)) {
        throw new Error(`${arg} takes a whole number (at least ${arg === "--size" ? 50 : 1}).`);
      }
      options[arg === "--size" ? "size" : "rounds"] = value;
    } else throw new Error(`Unknown option ${arg}. Use --size N, --rounds R and --json.`);
  }
  return options;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.json) console.log = console.error;
  const built = await benchDatabase(options.size, log);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-verify-bound-"));
  try {
    const stored = path.join(work, "stored.sqlite");
    log("Copying every event as the bytes its hash covers…");
    storeHashedBytes(built.file, stored);
    log(`Timing ${options.rounds} rounds of: the app's verifier, the stored-bytes and lean verifiers, SHA-256 alone…`);
    const bound = measureVerifyBound(built.file, stored, options.rounds);
    if (options.json) process.stdout.write(`${JSON.stringify(bound)}\n`);
    else {
      process.stdout.write(
        [
          `${bound.events.toLocaleString("en-NZ")} events, median of ${bound.rounds} rounds (µs per event; ratio = SHA-256 alone / verifier, target ≥ 0.5):`,
          `  SHA-256 alone           ${bound.sha256_us_per_event}`,
          `  the app's verifier      ${bound.app_us_per_event}  ratio ${bound.app_ratio}`,
          `  stored-bytes verifier   ${bound.stored_bytes_us_per_event}  ratio ${bound.stored_bytes_ratio}`,
          `  lean verifier           ${bound.lean_us_per_event}  ratio ${bound.lean_ratio}`,
        ].join("\n") + "\n",
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error("The measurement failed:", error);
  process.exit(1);
});

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";

/** The Markdown files a reader moves between: the README and everything under docs/. */
function markdownFiles(): string[] {
  const docs = fs.readdirSync(path.join(PROJECT_ROOT, "docs"), { recursive: true, encoding: "utf8" });
  return ["README.md", ...docs.filter((f) => f.endsWith(".md")).map((f) => path.join("docs", f))];
}

/** Relative link targets in a Markdown file (web addresses and in-page anchors left out). */
function relativeLinks(file: string): string[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1]!.split("#")[0]!)
    .filter((target) => target !== "" && !/^[a-z]+:/.test(target));
}

describe("the README and docs/", () => {
  it("link only to files and folders that exist", () => {
    const files = markdownFiles();
    expect(files.length).toBeGreaterThan(5);
    const broken = files.flatMap((file) =>
      relativeLinks(file)
        .filter((target) => !fs.existsSync(path.resolve(PROJECT_ROOT, path.dirname(file), target)))
        .map((target) => `${file} → ${target}`),
    );
    expect(broken).toEqual([]);
  });

  it("the README links to every page in docs/", () => {
    const readmeLinks = new Set(relativeLinks("README.md").map((t) => path.normalize(t)));
    for (const file of markdownFiles().filter((f) => path.dirname(f) === "docs")) {
      expect(readmeLinks, file).toContain(file);
    }
  });

  it("keeps the README short enough to read in five minutes: at most 250 lines", () => {
    const lines = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8").trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(250);
  });
});

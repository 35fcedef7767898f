// The drafting page's highlighted preview: every finding stays visible, even
// where two overlap (issue 20 item 11), and the text itself is unchanged.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { HighlightedText } from "~/components/HighlightedText";
import { checkText, type Finding } from "~/workflow/textChecks";

const marks = (html: string) => [...html.matchAll(/<mark [^>]*class="finding finding--(\w+)"[^>]*>([^<]*)<\/mark>/g)];
const plain = (html: string) => html.replace(/<[^>]+>/g, "");

describe("the highlighted preview", () => {
  it("marks both of two overlapping findings, the overlap at the more severe", () => {
    const text = "Acme did very good work.";
    const finding = (start: number, end: number, severity: Finding["severity"]): Finding => ({
      rule: severity === "error" ? "superlative" : "intensifier",
      criterion: "balanced",
      severity,
      message: "m",
      start,
      end,
      line: 1,
      column: start + 1,
      match: text.slice(start, end),
    });
    const html = renderToStaticMarkup(
      <HighlightedText text={text} findings={[finding(9, 18, "suggestion"), finding(14, 23, "error")]} />,
    );
    expect(marks(html).map(([, severity, piece]) => [severity, piece])).toEqual([
      ["suggestion", "very "],
      ["error", "good"],
      ["error", " work"],
    ]);
    expect(plain(html)).toBe(text);
  });

  it("shows the checker's findings on a real draft without changing its text", () => {
    const text = "Acme is the best contractor and we recommend them to everyone. Call Aroha on 021 555 0192.";
    const html = renderToStaticMarkup(<HighlightedText text={text} findings={checkText(text)} />);
    expect(marks(html).map(([, , piece]) => piece)).toEqual(
      expect.arrayContaining(["best", "we recommend", "to everyone", "Aroha", "021 555 0192"]),
    );
    expect(plain(html)).toBe(text);
  });
});

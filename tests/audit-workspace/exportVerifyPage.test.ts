import { describe, expect, it } from "vitest";
import type { ExportCheck } from "~/export/exportCheck";
import { loader as jsonLoader } from "~/routes/audit.export[.]json";
import { action as verifyAction } from "~/routes/audit.verify";
import { call, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { seeded } from "./exportFixtures";

/** The verify page's upload: what it says about files that are not, or no longer, an intact export. */

async function exported() {
  const { app, staff, auditor } = await seeded();
  const res = (await call(() =>
    jsonLoader({ request: app.request("/audit/export.json", { user: auditor }), params: {}, context: app.context }),
  )) as Response;
  return { app, staff, auditor, text: await res.text() };
}

async function upload(app: TestApp, user: TestUser, text: string, heldHead = "") {
  const body = new FormData();
  body.set("csrf", user.csrf);
  body.set("heldHead", heldHead);
  body.set("export", new File([text], "export.json", { type: "application/json" }));
  const result = await call(() =>
    verifyAction({ request: app.request("/audit/verify", { user, body }), params: {}, context: app.context }),
  );
  return { status: statusOf(result), check: dataOf<{ exportCheck: ExportCheck }>(result).exportCheck };
}

type Exported = {
  requests: Array<{ reference: string; event_seqs: number[] }>;
  events: Array<{ seq: number; payload: Record<string, unknown> }>;
};
const edited = (text: string, change: (e: Exported) => void) => {
  const exported = JSON.parse(text) as Exported;
  change(exported);
  return JSON.stringify(exported);
};

describe("the verify page checks an uploaded export", () => {
  it("names the event whose contents were edited in the file", async () => {
    const { app, auditor, text } = await exported();
    expect((await upload(app, auditor, text)).check).toMatchObject({ kind: "checked", ok: true, firstSeq: 1 });
    const changed = edited(text, (e) => (e.events[4]!.payload = { note: "edited" }));
    expect((await upload(app, auditor, changed)).check).toMatchObject({ ok: false, firstBadSeq: 5, head: null });
  });

  it("refuses a request naming a seq that is not its event", async () => {
    const { app, auditor, text } = await exported();
    // Seq 7 is the sign-in, which belongs to no request.
    const misnamed = edited(text, (e) => e.requests.find((r) => r.reference === "END-2026-0001")!.event_seqs.push(7));
    expect((await upload(app, auditor, misnamed)).check).toMatchObject({
      ok: false,
      firstBadSeq: null,
      misnamed: { reference: "END-2026-0001", seq: 7 },
    });
  });

  it("answers 400 in plain words for a file that is not an export, or a malformed held head", async () => {
    const { app, auditor, text } = await exported();
    for (const [file, held, words] of [
      ["not json {", "", "not JSON"],
      ['[{"seq":1}]', "", "not a Tautoko JSON export"],
      ['{"requests":[],"events":[]}', "", "holds no events"],
      [text, "abc", "64 characters"],
    ] as const) {
      const { status, check } = await upload(app, auditor, file, held);
      expect(status).toBe(400);
      expect(check).toMatchObject({ kind: "unreadable", message: expect.stringContaining(words) as unknown });
    }
  });

  it("is for auditors and managers only", async () => {
    const { app, staff, text } = await exported();
    expect((await upload(app, staff, text)).status).toBe(403);
  });
});

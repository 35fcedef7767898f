import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { OutcomeChart } from "~/components/audit/OutcomeChart";
import { loader as figuresLoader } from "~/routes/audit.figures";
import type { AuditFigures } from "~/models/figures.server";
import { call, createTestApp } from "../helpers/app";
import { addRequest, addSupplier } from "./seed";

describe("figures for auditors", () => {
  it("match the values worked out by hand on a seeded set", async () => {
    const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
    const staff = await app.addUser("staff@agency.test", ["staff"]);
    const auditor = await app.addUser("auditor@agency.test", ["auditor"]);
    const s = await addSupplier(app.db, "Supplier");
    const base = { requester_id: staff.id, supplier_id: s };
    // 1: 1 Apr 01:00 NZ (still Q2 though 31 Mar in UTC); default decline on 16 Apr: 9 working days (Good Friday 3 Apr and Easter Monday 6 Apr off).
    await addRequest(app.db, {
      ...base,
      seq: 1,
      received_at: "2026-03-31T12:00:00.000Z",
      state: "declined",
      declined_by_default: 1,
      decided_at: "2026-04-15T13:00:00.000Z",
    });
    // 2: 30 Mar NZ (Q1), case study approved on Thu 2 Apr: 3 working days.
    await addRequest(app.db, {
      ...base,
      seq: 2,
      received_at: "2026-03-30T10:00:00.000Z",
      request_type: "case_study",
      state: "approved",
      outcome: "endorse",
      decided_at: "2026-04-02T00:00:00.000Z",
      valid_until: "2027-04-02T11:00:00.000Z",
    });
    // 3: verbal, declined the next day: 1.
    await addRequest(app.db, {
      ...base,
      seq: 3,
      received_at: "2026-05-05T00:00:00.000Z",
      request_type: "verbal",
      enduring: 0,
      state: "declined",
      decided_at: "2026-05-06T00:00:00.000Z",
    });
    // 4: undecided, Q4.
    await addRequest(app.db, { ...base, seq: 4, received_at: "2026-10-01T00:00:00.000Z" });
    // 5: cancelled, Q3: no decision.
    await addRequest(app.db, {
      ...base,
      seq: 5,
      received_at: "2026-07-01T00:00:00.000Z",
      request_type: "other",
      state: "cancelled",
    });
    // 6: logo use approved Mon 3 Aug → Mon 10 Aug: 5; valid until 31 Jan 2027, within 90 days.
    await addRequest(app.db, {
      ...base,
      seq: 6,
      received_at: "2026-08-03T00:00:00.000Z",
      request_type: "logo_or_name_use",
      state: "approved",
      outcome: "endorse",
      decided_at: "2026-08-10T00:00:00.000Z",
      valid_until: "2027-01-31T11:00:00.000Z",
    });
    // 7: logged on King's Birthday (1 Jun), approved Wed 3 Jun: 2; valid until June 2027, not soon.
    await addRequest(app.db, {
      ...base,
      seq: 7,
      received_at: "2026-06-01T00:00:00.000Z",
      state: "approved",
      outcome: "endorse",
      decided_at: "2026-06-03T00:00:00.000Z",
      valid_until: "2027-06-01T12:00:00.000Z",
    });

    const figures = (await call(() =>
      figuresLoader({ request: app.request("/audit/figures", { user: auditor }), params: {}, context: app.context }),
    )) as AuditFigures;
    const zero = {
      written_reference: 0,
      promotional_quote: 0,
      case_study: 0,
      logo_or_name_use: 0,
      verbal: 0,
      other: 0,
    };
    // Each request in one column, where it stands now.
    const none = { endorse: 0, declinedByManager: 0, declinedByDefault: 0, undecided: 0, cancelled: 0 };
    expect(figures.quarters).toEqual([
      { quarter: "2026 Q1", total: 1, ...none, endorse: 1, byType: { ...zero, case_study: 1 } },
      {
        quarter: "2026 Q2",
        total: 3,
        ...none,
        endorse: 1,
        declinedByManager: 1,
        declinedByDefault: 1,
        byType: { ...zero, written_reference: 2, verbal: 1 },
      },
      {
        quarter: "2026 Q3",
        total: 2,
        ...none,
        endorse: 1,
        cancelled: 1,
        byType: { ...zero, other: 1, logo_or_name_use: 1 },
      },
      { quarter: "2026 Q4", total: 1, ...none, undecided: 1, byType: { ...zero, written_reference: 1 } },
    ]);
    expect(figures.defaultRate).toEqual({ declinedByDefault: 1, decided: 5, rate: 0.2 });
    // Working days 9, 3, 1, 5, 2 → median 3.
    expect(figures.toDecision).toEqual({ median: 3, count: 5 });
    expect(figures.dueSoon.map((r) => r.reference)).toEqual(["END-2026-0006"]);

    const svg = renderToString(createElement(OutcomeChart, { quarters: figures.quarters }));
    expect(svg).toContain("<svg");
    expect(svg).toContain("2026 Q2: Declined by default 1");
  });
});

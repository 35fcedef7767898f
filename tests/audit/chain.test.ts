import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import {
  GENESIS_HASH,
  canonicalEventJson,
  canonicalJsonOfStoredEvent,
  computeEventHash,
  formatVerifyResult,
  verifyAuditEvents,
  type AuditEventFields,
  type StoredAuditEvent,
} from "~/audit/chain";

const firstEvent: AuditEventFields = {
  seq: 1,
  at: "2026-11-24T22:50:00.000Z",
  actor_id: 7,
  actor_role: "staff",
  on_behalf_of_id: null,
  action: "request.log",
  request_id: 1,
  from_state: null,
  to_state: "escalated",
  payload: { reference: "END-2026-0001", supplier: "Kōwhai Print Ltd", enduring: false },
};

// Spelled out by hand: keys sorted, nulls kept, no whitespace, UTF-8 as is.
const FIRST_EVENT_C =
  '{"action":"request.log","actor_id":7,"actor_role":"staff","at":"2026-11-24T22:50:00.000Z",' +
  '"from_state":null,"on_behalf_of_id":null,' +
  '"payload":{"enduring":false,"reference":"END-2026-0001","supplier":"Kōwhai Print Ltd"},' +
  '"request_id":1,"seq":1,"to_state":"escalated"}';
// sha256(64 zeros + FIRST_EVENT_C), computed once with Python's hashlib.
const FIRST_EVENT_HASH = "516b0e0e731e37299153ab743d1017caec9db3970d7a77438f596b6d1371e51a";

/** An independent forger: a few lines of the documented recipe, as an auditor would write them. */
function chainOf(events: AuditEventFields[]): StoredAuditEvent[] {
  let prev = "0".repeat(64);
  return events.map((fields) => {
    const hash = createHash("sha256")
      .update(prev + canonicalize(fields))
      .digest("hex");
    const stored = { ...fields, payload: canonicalize(fields.payload) ?? "", prev_hash: prev, hash };
    prev = hash;
    return stored;
  });
}

function eventNumber(seq: number): AuditEventFields {
  return { ...firstEvent, seq, action: `request.step-${seq}`, payload: { step: seq } };
}

describe("the recipe", () => {
  it("starts the chain from 64 zeros", () => {
    expect(GENESIS_HASH).toBe("0000000000000000000000000000000000000000000000000000000000000000");
  });

  it("writes C as RFC 8785 canonical JSON of the column-named fields", () => {
    expect(canonicalEventJson(firstEvent)).toBe(FIRST_EVENT_C);
  });

  it("hashes the UTF-8 of prev_hash followed by C", () => {
    expect(computeEventHash(GENESIS_HASH, firstEvent)).toBe(FIRST_EVENT_HASH);
  });

  it("leaves out anything that is not one of the ten fields", () => {
    const withExtra = { ...firstEvent, hash: "x", prev_hash: "y", note: "not hashed" } as AuditEventFields;
    expect(canonicalEventJson(withExtra)).toBe(FIRST_EVENT_C);
  });
});

describe("C built from a stored row (the verifier's fast path)", () => {
  const awkward: AuditEventFields[] = [
    firstEvent,
    {
      seq: 2,
      at: "2026-11-25T01:02:03.004Z",
      actor_id: null,
      actor_role: null,
      on_behalf_of_id: null,
      action: "sign_in.failed",
      request_id: null,
      from_state: null,
      to_state: null,
      payload: {},
    },
    {
      seq: 1234567,
      at: "2026-12-31T23:59:59.999Z",
      actor_id: 9007199254740991,
      actor_role: "procurement_manager",
      on_behalf_of_id: 42,
      action: 'request.decide "quoted" \\ back/slash',
      request_id: 0,
      from_state: "in_review",
      to_state: "approved",
      payload: {
        reason: "Tēnā koe — “smart quotes”, emoji 🌏, tab\t, newline\n, NUL\u0000, \u2028 and \u007f",
        numbers: [0, -0, 1.5, -2e-7, 1e21, 123456789012, 0.1],
        nested: { z: null, a: [true, false, null, { é: 1, e: 2, "€": 3, "\u0080": 4 }], "": "empty key" },
        "10": "digit keys sort as strings",
        "9": "so 9 comes after 10",
      },
    },
  ];

  it.each(awkward.map((event) => [event.action, event] as const))("equals canonicalize() for %s", (_action, event) => {
    const [stored] = chainOf([event]);
    expect(canonicalJsonOfStoredEvent(stored!)).toBe(canonicalize(event));
  });

  it("pins the awkward payload's canonical form by hand", () => {
    const [, , awkwardEvent] = awkward;
    expect(canonicalize(awkwardEvent!.payload)).toBe(
      '{"10":"digit keys sort as strings","9":"so 9 comes after 10",' +
        '"nested":{"":"empty key","a":[true,false,null,{"e":2,"\u0080":4,"é":1,"€":3}],"z":null},' +
        '"numbers":[0,0,1.5,-2e-7,1e+21,123456789012,0.1],' +
        '"reason":"Tēnā koe — “smart quotes”, emoji 🌏, tab\\t, newline\\n, NUL\\u0000, \u2028 and \u007f"}',
    );
  });
});

describe("verifying a chain", () => {
  const intact = chainOf([1, 2, 3, 4].map(eventNumber));
  const heads = intact.map((event) => event.hash);

  it("accepts an intact chain and reports its length and head", () => {
    expect(verifyAuditEvents(intact)).toEqual({ ok: true, count: 4, head: heads[3], firstBadSeq: null });
  });

  it("accepts an empty chain with no head", () => {
    expect(verifyAuditEvents([])).toEqual({ ok: true, count: 0, head: null, firstBadSeq: null });
  });

  it("reports the first event whose content no longer matches its hash", () => {
    const tampered = intact.map((e) => (e.seq === 3 ? { ...e, to_state: "approved" } : e));
    expect(verifyAuditEvents(tampered)).toEqual({ ok: false, count: 4, head: heads[3], firstBadSeq: 3 });
  });

  it("catches a payload rewritten to an equivalent but non-canonical text", () => {
    const tampered = intact.map((e) => (e.seq === 2 ? { ...e, payload: '{ "step": 2 }' } : e));
    expect(verifyAuditEvents(tampered).firstBadSeq).toBe(2);
  });

  it("reports a broken link when prev_hash is not the previous hash", () => {
    const tampered = intact.map((e) => (e.seq === 2 ? { ...e, prev_hash: GENESIS_HASH } : e));
    expect(verifyAuditEvents(tampered)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it("reports the first seq after a gap", () => {
    const withGap = intact.filter((e) => e.seq !== 2);
    expect(verifyAuditEvents(withGap)).toEqual({ ok: false, count: 3, head: heads[3], firstBadSeq: 3 });
  });

  it("requires the chain to start at seq 1 from 64 zeros", () => {
    expect(verifyAuditEvents(intact.slice(1))).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it("finds an earlier head only when every link up to it is intact", () => {
    expect(verifyAuditEvents(intact, { head: heads[1] })).toMatchObject({ ok: true, containsHead: true });
    const brokenBefore = intact.map((e) => (e.seq === 1 ? { ...e, action: "forged" } : e));
    expect(verifyAuditEvents(brokenBefore, { head: heads[1] })).toMatchObject({ ok: false, containsHead: false });
    const brokenAfter = intact.map((e) => (e.seq === 4 ? { ...e, action: "forged" } : e));
    expect(verifyAuditEvents(brokenAfter, { head: heads[1] })).toMatchObject({
      ok: false,
      firstBadSeq: 4,
      containsHead: true,
    });
  });

  it("does not find a head that is not in the chain", () => {
    expect(verifyAuditEvents(intact, { head: "ab".repeat(32) })).toMatchObject({ ok: true, containsHead: false });
  });

  it("prints one JSON line in the documented key order", () => {
    expect(formatVerifyResult({ ok: false, count: 4, head: "ab".repeat(32), firstBadSeq: 3 })).toBe(
      `{"ok":false,"count":4,"head":"${"ab".repeat(32)}","firstBadSeq":3}`,
    );
    expect(formatVerifyResult({ ok: true, count: 0, head: null, firstBadSeq: null, containsHead: false })).toBe(
      '{"ok":true,"count":0,"head":null,"firstBadSeq":null,"containsHead":false}',
    );
  });
});

import { describe, expect, it } from "vitest";
import { createTestApp } from "../helpers/app";
import { checkDatabase, soakFactor, startWriter, untilAcknowledged, type Writer } from "./invariants";

describe("crash safety: a writer killed with SIGKILL at random moments", () => {
  it(
    "loses nothing acknowledged and never leaves a change without its audit event and emails",
    async () => {
      const app = await createTestApp();
      const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
      const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
      await app.db.destroy(); // the writer and the checks each open the file themselves, like separate processes

      const kills = 8 * soakFactor();
      const acknowledged: ReturnType<Writer["acknowledged"]> = [];
      // Writers load a few ahead (start-up takes seconds); each touches the file only when told to go, after the checks.
      const AHEAD = 3;
      const waiting: Writer[] = [];
      let started = 0;
      const topUp = () => {
        while (waiting.length < AHEAD && started < kills) {
          waiting.push(startWriter(app.env, staff.id, manager.id));
          started += 1;
        }
      };
      for (let k = 0; k < kills; k++) {
        topUp();
        const writer = waiting.shift()!;
        await writer.ready();
        writer.go();
        await untilAcknowledged(writer, 1);
        // A random moment inside a burst: mid-transaction, mid-commit, or between two.
        await new Promise((r) => setTimeout(r, Math.random() * 500));
        await writer.kill();
        acknowledged.push(...writer.acknowledged());

        const after = await checkDatabase(app.config);
        expect(after.problems, `after kill ${k + 1}`).toEqual([]);
        expect(after.integrity).toBe("ok");
        expect(after.chain.ok).toBe(true);
        const byId = new Map(after.requests.map((r) => [r.id, r]));
        // The writer is the only one changing a request, so the stored revision is at least what it last saw committed,
        // and when equal the state is the one it saw.
        const lastSeen = new Map<number, { revision: number; state: string }>();
        for (const a of acknowledged) lastSeen.set(a.id, { revision: a.revision, state: a.state });
        for (const [id, seen] of lastSeen) {
          const stored = byId.get(id);
          expect(stored, `request ${id} acknowledged before kill ${k + 1}`).toBeDefined();
          expect(stored!.revision).toBeGreaterThanOrEqual(seen.revision);
          if (stored!.revision === seen.revision) expect(stored!.state).toBe(seen.state);
        }
        for (const a of acknowledged) if (a.body) expect(after.comments).toContain(a.body);
      }
      console.log(
        `[reliability] crash safety: ${kills} SIGKILLs injected, ${acknowledged.length} acknowledged transitions, 0 lost`,
      );
    },
    60_000 * soakFactor(),
  );
});

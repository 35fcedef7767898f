import type { DB } from "#db/client";
import { recordAuditEvent, type AuditEventInput } from "~/audit/audit.server";

/** Each anonymous source gets one event per kind of refusal in this window; its repeats become one counted event. */
export const FOLD_WINDOW_MS = 60_000;
/** Sources tracked at once; past this, new sources share one fold, so memory stays bounded under a spoofed flood. */
const MAX_SOURCES = 10_000;

interface Fold {
  event: AuditEventInput;
  windowEndsAt: number;
  repeats: number;
  lastAt: string;
}

/**
 * Refusals of anonymous traffic (cross-site posts, sign-in failures) are still
 * audited, but one source cannot flood the chain: the first refusal of a kind
 * in a window is written as it happens, and the repeats are written once, as
 * one event with their count (`payload.repeats`), when the window ends.
 */
export class RefusalFolder {
  private readonly folds = new Map<string, Fold>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: DB,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.timer = setInterval(() => void this.flush(false), FOLD_WINDOW_MS);
    this.timer.unref();
  }

  /** Records `event` for `source` (an address, or an address and an account), or counts it as a repeat. */
  async record(source: string, event: AuditEventInput): Promise<void> {
    const at = Date.parse(event.at);
    const key = this.keyFor(`${event.action}\u0000${source}`);
    const fold = this.folds.get(key);
    if (fold && at < fold.windowEndsAt) {
      fold.repeats += 1;
      fold.lastAt = event.at;
      return;
    }
    if (fold) await this.writeRepeats(key, fold);
    this.folds.set(key, { event, windowEndsAt: at + FOLD_WINDOW_MS, repeats: 0, lastAt: event.at });
    await recordAuditEvent(this.db, event);
  }

  /** Writes the counted repeats of every window that has ended (all of them when `everything`). */
  async flush(everything = true): Promise<void> {
    const now = this.now().getTime();
    for (const [key, fold] of [...this.folds]) {
      if (everything || now >= fold.windowEndsAt) await this.writeRepeats(key, fold);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private keyFor(key: string): string {
    return this.folds.has(key) || this.folds.size < MAX_SOURCES ? key : "\u0000many";
  }

  private async writeRepeats(key: string, fold: Fold): Promise<void> {
    this.folds.delete(key);
    if (fold.repeats === 0) return;
    await recordAuditEvent(this.db, {
      ...fold.event,
      at: fold.lastAt,
      payload: { ...fold.event.payload, repeats: fold.repeats, firstAt: fold.event.at, lastAt: fold.lastAt },
    });
  }
}

const folders = new WeakMap<DB, RefusalFolder>();

/** The one folder of this database handle, shared by the HTTP layer and the sign-in action. */
export function refusalFolderFor(db: DB): RefusalFolder {
  let folder = folders.get(db);
  if (!folder) {
    folder = new RefusalFolder(db);
    folders.set(db, folder);
  }
  return folder;
}

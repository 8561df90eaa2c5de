/**
 * Wakes a request waiting for a case's next view. The registry announces each view it takes (NOTIFY on
 * `case_views`, src/registry/case-views.ts), so a message's answer is read the moment the case publishes it rather
 * than at the next poll. One listener per Db, started by the first wait. Until it listens, and while its connection
 * is lost, a wait ends at its timeout, so the caller's poll still finds the answer.
 */
import { caseViewChannel } from '../registry/case-views';
import type { Db } from '../registry/db';

export interface ViewWait {
  /** Settles at the case's next view notice or at the timeout, whichever comes first. */
  settled: Promise<void>;
  /** Ends the wait now (the answer was found another way). */
  cancel(): void;
}

class ViewNotices {
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(db: Db) {
    // Without a listener (a Db that cannot listen, or one whose LISTEN failed), every wait ends at its timeout.
    void db.listen?.(caseViewChannel, (caseNumber) => this.wake(caseNumber)).catch(() => undefined);
  }

  wait(caseNumber: string, withinMs: number): ViewWait {
    let end = () => {};
    const settled = new Promise<void>((resolve) => {
      const timer = setTimeout(() => end(), withinMs);
      end = () => {
        clearTimeout(timer);
        const waiters = this.waiting.get(caseNumber);
        waiters?.delete(end);
        if (waiters?.size === 0) this.waiting.delete(caseNumber);
        resolve();
      };
      const waiters = this.waiting.get(caseNumber) ?? new Set();
      waiters.add(end);
      this.waiting.set(caseNumber, waiters);
    });
    return { settled, cancel: () => end() };
  }

  private wake(caseNumber: string): void {
    for (const end of [...(this.waiting.get(caseNumber) ?? [])]) end();
  }
}

const noticesByDb = new WeakMap<Db, ViewNotices>();

/** A wait for the case's next published view, at most `withinMs`. Start it before reading, so no notice is missed. */
export function nextViewOf(db: Db, caseNumber: string, withinMs: number): ViewWait {
  let notices = noticesByDb.get(db);
  if (!notices) noticesByDb.set(db, (notices = new ViewNotices(db)));
  return notices.wait(caseNumber, withinMs);
}

import type { CaseEvent } from '../domain/case';
import { appendAuditEntry } from '../registry/audit';
import type { ActivityDeps } from '.';

export interface AuditEntry {
  caseNumber: string;
  /** The event's index in the case's event list: a retried append is recognised as a duplicate. */
  sequence: number;
  event: CaseEvent;
}

export function createAuditActivities(deps: Pick<ActivityDeps, 'db'>) {
  async function recordCaseEvent(entry: AuditEntry): Promise<{ hash: string; duplicate: boolean }> {
    return appendAuditEntry(deps.db, entry);
  }
  return {
    recordCaseEvent,
    /** Several consecutive events in one activity, in order: keeps a case's history short. */
    async recordCaseEvents(batch: { caseNumber: string; fromSequence: number; events: CaseEvent[] }): Promise<number> {
      for (const [offset, event] of batch.events.entries())
        await recordCaseEvent({ caseNumber: batch.caseNumber, sequence: batch.fromSequence + offset, event });
      return batch.events.length;
    },
  };
}

import { ApplicationFailure } from '@temporalio/common';
import type { CaseEvent } from '../domain/case';
import { appendAuditEntry, auditFailure, recordAuditConflict } from '../registry/audit';
import type { ActivityDeps } from '.';

export interface AuditEntry {
  caseNumber: string;
  /** The event's index in the case's event list: a retried append is recognised as a duplicate. */
  sequence: number;
  event: CaseEvent;
}

/** The sequences of a batch the registry refused (each kept beside as a conflict note). */
export interface AuditBatchResult {
  conflicts: { sequence: number; type: string }[];
}

export function createAuditActivities(deps: Pick<ActivityDeps, 'db'>) {
  async function recordCaseEvent(entry: AuditEntry): Promise<{ hash: string; duplicate: boolean }> {
    return appendAuditEntry(deps.db, entry);
  }
  return {
    recordCaseEvent,
    /**
     * Several consecutive events in one activity, in order: keeps a case's history short. An event the registry
     * refuses (a different one already stands under its sequence) is recorded beside it and reported, so the case
     * can put itself in front of a person instead of failing every workflow task.
     */
    async recordCaseEvents(batch: {
      caseNumber: string;
      fromSequence: number;
      events: CaseEvent[];
    }): Promise<AuditBatchResult> {
      const conflicts: AuditBatchResult['conflicts'] = [];
      for (const [offset, event] of batch.events.entries()) {
        const entry = { caseNumber: batch.caseNumber, sequence: batch.fromSequence + offset, event };
        try {
          await recordCaseEvent(entry);
        } catch (error) {
          if (!(error instanceof ApplicationFailure && error.type === auditFailure.conflict)) throw error;
          await recordAuditConflict(deps.db, entry);
          conflicts.push({ sequence: entry.sequence, type: event.type });
        }
      }
      return { conflicts };
    },
  };
}

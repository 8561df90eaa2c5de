import { ApplicationFailure } from '@temporalio/common';
import type { CaseEvent, CaseState } from '../domain/case';
import { appendAuditEntry, recordAuditConflict } from '../registry/audit';
import { recordCaseQueue } from '../registry/case-queue';
import { recordCaseView } from '../registry/case-views';
import { AuditConflict, InvalidAuditSequence } from '../registry/errors';
import { failureTypes } from './failure-types';
import type { ActivityDeps } from './deps';
import { countEscalation } from './metrics';

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

/** The registry's refusals as the failures a case sees: neither is worth a retry. */
function asFailure(error: unknown): unknown {
  if (error instanceof AuditConflict)
    return ApplicationFailure.create({ type: failureTypes.auditConflict, message: error.message, nonRetryable: true });
  if (error instanceof InvalidAuditSequence)
    return ApplicationFailure.create({
      type: failureTypes.invalidAuditSequence,
      message: error.message,
      nonRetryable: true,
    });
  return error;
}

export function createAuditActivities(deps: Pick<ActivityDeps, 'db' | 'sealView'>) {
  async function recordCaseEvent(entry: AuditEntry): Promise<{ hash: string; duplicate: boolean }> {
    try {
      const appended = await appendAuditEntry(deps.db, entry);
      if (!appended.duplicate) countEscalation(entry.event);
      return appended;
    } catch (error) {
      throw asFailure(error);
    }
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
      /** The case's state as of this batch, published for the API to read (src/registry/case-views.ts). */
      view?: { revision: number; state: CaseState };
    }): Promise<AuditBatchResult> {
      const conflicts: AuditBatchResult['conflicts'] = [];
      for (const [offset, event] of batch.events.entries()) {
        const entry = { caseNumber: batch.caseNumber, sequence: batch.fromSequence + offset, event };
        try {
          const appended = await appendAuditEntry(deps.db, entry);
          if (!appended.duplicate) countEscalation(event);
        } catch (error) {
          if (!(error instanceof AuditConflict)) throw asFailure(error);
          await recordAuditConflict(deps.db, entry);
          conflicts.push({ sequence: entry.sequence, type: event.type });
        }
      }
      if (batch.view && deps.sealView)
        await recordCaseView(deps.db, batch.caseNumber, {
          revision: batch.view.revision,
          sealed: await deps.sealView(batch.view.state),
        });
      // The desk's work queue: the same state's non-personal facts, in columns a queue can sort on.
      if (batch.view) await recordCaseQueue(deps.db, batch.view.revision, batch.view.state);
      return { conflicts };
    },
  };
}

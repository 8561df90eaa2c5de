import { ApplicationFailure } from '@temporalio/common';
import type { CaseEvent, CaseState } from '../domain/case';
import { appendAuditEntry, appendWorkflowBatch, recordAuditConflict } from '../registry/audit';
import { recordCaseQueueIn } from '../registry/case-queue';
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
      const { caseNumber, view } = batch;
      const sealed = view && deps.sealView ? await deps.sealView(view.state) : undefined;
      // The events, the view and the desk's queue facts (the same state's non-personal columns) in one transaction.
      const outcome = await appendWorkflowBatch(deps.db, batch, async (tx) => {
        if (!view) return;
        if (sealed !== undefined) await recordCaseView(tx, caseNumber, { revision: view.revision, sealed });
        await recordCaseQueueIn(tx, view.revision, view.state);
      }).catch((error: unknown) => {
        throw asFailure(error);
      });
      for (const event of outcome.appended) countEscalation(event);
      for (const refusal of outcome.refused) await recordAuditConflict(deps.db, { caseNumber, ...refusal });
      return { conflicts: outcome.refused.map(({ sequence, event }) => ({ sequence, type: event.type })) };
    },
  };
}

/** The activities a case calls, by concern: its audit trail, and the partners and people it waits on. */
import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { AuditActivities, PartnerActivities } from '../../activities';
import { failureTypes } from '../../activities/failure-types';

const auditRetry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '5m',
  nonRetryableErrorTypes: [failureTypes.auditConflict],
};
// The audit trail must not lose an event: retried until the registry answers.
export const auditOptions = { startToCloseTimeout: '30s', retry: auditRetry } satisfies ActivityOptions;
export const audit = proxyActivities<AuditActivities>(auditOptions);
// Cases whose histories recorded audit markers replay them until their next batch switches them over.
export const auditInTask = proxyLocalActivities<Pick<AuditActivities, 'recordCaseEvents'>>({
  startToCloseTimeout: '30s',
  retry: auditRetry,
});

/**
 * A partner call may take up to two minutes, but an attempt the server stops hearing from (the worker heartbeats
 * while it runs: src/workers/activity-heartbeats.ts) is retried after 30 s: a task or a result a fault lost held a
 * case for the whole two minutes before.
 */
export const partnerCallOptions = {
  startToCloseTimeout: '2m',
  heartbeatTimeout: '30s',
  retry: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '10m',
    maximumAttempts: 10,
    nonRetryableErrorTypes: [failureTypes.partnerRejection],
  },
} satisfies ActivityOptions;

export const partners = proxyActivities<PartnerActivities>(partnerCallOptions);

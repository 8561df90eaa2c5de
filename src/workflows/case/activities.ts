/** The activities a case calls, by concern: its audit trail, and the partners and people it waits on. */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities';

const auditRetry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '5m',
  nonRetryableErrorTypes: ['AuditConflict'],
};
// The audit trail must not lose an event: retried until the registry answers.
export const audit = proxyActivities<CaseActivities>({ startToCloseTimeout: '30s', retry: auditRetry });
// Cases whose histories recorded audit markers replay them until their next batch switches them over.
export const auditInTask = proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '30s', retry: auditRetry });

export const partners = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2m',
  retry: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '10m',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['PartnerRejection'],
  },
});

/** The activities a case calls, by concern: its audit trail, and the partners and people it waits on. */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { AuditActivities, PartnerActivities } from '../../activities';
import { failureTypes } from '../../activities/failure-types';

const auditRetry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '5m',
  nonRetryableErrorTypes: [failureTypes.auditConflict],
};
// The audit trail must not lose an event: retried until the registry answers.
export const audit = proxyActivities<AuditActivities>({ startToCloseTimeout: '30s', retry: auditRetry });
// Cases whose histories recorded audit markers replay them until their next batch switches them over.
export const auditInTask = proxyLocalActivities<Pick<AuditActivities, 'recordCaseEvents'>>({
  startToCloseTimeout: '30s',
  retry: auditRetry,
});

export const partners = proxyActivities<PartnerActivities>({
  startToCloseTimeout: '2m',
  retry: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '10m',
    maximumAttempts: 10,
    nonRetryableErrorTypes: [failureTypes.partnerRejection],
  },
});

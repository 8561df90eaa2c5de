import { idempotencyKey } from '../domain/idempotency-keys';
import type { Recipient } from '../domain/recipients';
import type { ActivityDeps } from './deps';
import type { NotificationKind } from './ports';
import { partnerCall } from './partner-call';

export interface StaffNotice {
  caseNumber: string;
  kind: Extract<NotificationKind, 'reminder' | 'escalation' | 'follow-up-task' | 'case-update'>;
  to: Recipient;
  /** References, stages, deadlines: never a child's name. */
  variables: Record<string, string>;
  /** `<step>` of the idempotency key `<caseNumber>:<step>`. */
  step: string;
}

export function createNotifyActivities(deps: Pick<ActivityDeps, 'notifier' | 'staff' | 'publicBaseUrl'>) {
  return {
    /** Tells the receiving clinician that the child's health summary is there: a link, never its content. */
    async announceHealthSummary({ caseNumber, clinicianId }: { caseNumber: string; clinicianId: string }) {
      const to = deps.staff.addressOf({ role: 'clinician', id: clinicianId });
      return partnerCall(() =>
        deps.notifier.send({
          kind: 'health-summary-available',
          caseNumber,
          to,
          variables: { caseNumber, link: `${deps.publicBaseUrl}/cases/${caseNumber}/health/summary` },
          idempotencyKey: idempotencyKey(caseNumber, 'health-summary-available'),
        }),
      );
    },
    async notify(notice: StaffNotice): Promise<{ messageId: string; duplicate: boolean }> {
      const to = 'staff' in notice.to ? deps.staff.addressOf({ role: notice.to.staff, id: notice.to.id }) : notice.to;
      return partnerCall(() =>
        deps.notifier.send({
          kind: notice.kind,
          caseNumber: notice.caseNumber,
          to,
          variables: { caseNumber: notice.caseNumber, ...notice.variables },
          idempotencyKey: idempotencyKey(notice.caseNumber, notice.step),
        }),
      );
    },
  };
}

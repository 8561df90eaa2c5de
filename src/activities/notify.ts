import type { ActivityDeps } from '.';
import type { Language, NotificationKind } from './ports';
import { partnerCall } from './partner-call';

/** A member of staff or partner desk; a claimant or child is addressed directly. */
export type Recipient =
  | { staff: 'coordinator' | 'supervisor' | 'neutral-desk' | 'lab' | 'caseworker'; id?: string }
  | { address: string; language: Language };

export interface StaffNotice {
  caseNumber: string;
  kind: Extract<NotificationKind, 'reminder' | 'escalation' | 'follow-up-task' | 'case-update'>;
  to: Recipient;
  /** References, stages, deadlines: never a child's name. */
  variables: Record<string, string>;
  /** `<step>` of the idempotency key `<caseNumber>:<step>`. */
  step: string;
}

export function createNotifyActivities(deps: Pick<ActivityDeps, 'notifier' | 'staff'>) {
  return {
    async notify(notice: StaffNotice): Promise<{ messageId: string; duplicate: boolean }> {
      const to = 'staff' in notice.to ? deps.staff.addressOf({ role: notice.to.staff, id: notice.to.id }) : notice.to;
      return partnerCall(() =>
        deps.notifier.send({
          kind: notice.kind,
          caseNumber: notice.caseNumber,
          to,
          variables: { caseNumber: notice.caseNumber, ...notice.variables },
          idempotencyKey: `${notice.caseNumber}:${notice.step}`,
        }),
      );
    },
  };
}

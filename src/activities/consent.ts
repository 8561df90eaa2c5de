import type { ConsentRole } from '../domain/case';
import { idempotencyKey, steps } from '../domain/idempotency-keys';
import { signConsentToken } from '../consent/token';
import type { ActivityDeps } from './deps';
import type { Language } from './ports';
import { partnerCall } from './partner-call';

export interface ConsentRequest {
  caseNumber: string;
  consenteeId: string;
  role: ConsentRole;
  to: { address: string; language: Language };
  /** Epoch milliseconds: the consent deadline, when the link stops working. */
  expiresAt: number;
  /** 0 for the request, 1 … for reminders; each is sent once. */
  reminder: number;
  /** Which round of asking: a resumed case asks again with a fresh link. */
  round: number;
  /** The start (epoch ms) of the wait this message belongs to: a wait reopened after a hold sends afresh. */
  wait: number;
}

export function createConsentActivities(deps: Pick<ActivityDeps, 'notifier' | 'consentTokenSecret' | 'publicBaseUrl'>) {
  return {
    async requestConsent(request: ConsentRequest): Promise<{ messageId: string; duplicate: boolean }> {
      const token = signConsentToken(deps.consentTokenSecret, {
        caseNumber: request.caseNumber,
        consenteeId: request.consenteeId,
        role: request.role,
        language: request.to.language,
        expiresAt: request.expiresAt,
      });
      return partnerCall(() =>
        deps.notifier.send({
          kind: request.reminder === 0 ? 'consent-request' : 'consent-reminder',
          caseNumber: request.caseNumber,
          to: request.to,
          variables: {
            caseNumber: request.caseNumber,
            link: `${deps.publicBaseUrl}/consent/${token}`,
            role: request.role,
            deadline: new Date(request.expiresAt).toISOString(),
          },
          idempotencyKey: idempotencyKey(
            request.caseNumber,
            steps.consentMessage(request.consenteeId, request.round, request.wait, request.reminder),
          ),
        }),
      );
    },
  };
}

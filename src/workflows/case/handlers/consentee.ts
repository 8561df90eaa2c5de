/** Messages about a consent: the answer of the person asked, and a withdrawal before departure. */
import { compensationFor } from '../../../domain/compensation';
import { recordConsentUpdate, rejection, withdrawConsentUpdate } from '../../messages';
import { reject, type CaseMessages } from './messages';

export function registerConsenteeMessages(messages: CaseMessages): void {
  const { run } = messages;
  const { state } = run;

  messages.on(
    recordConsentUpdate,
    ({ actor, consenteeId, decision, views, healthSharing }) => {
      const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId)!;
      consent.decision = decision;
      consent.at = run.now();
      if (views !== undefined) consent.views = views;
      if (healthSharing !== undefined) consent.healthSharing = healthSharing;
      if (decision === 'given')
        return messages.answer(run.record('consent-given', actor, `${consent.role} ${consenteeId}`));
      run.record('consent-refused', actor, `${consent.role} ${consenteeId}`);
      return messages.answer(run.openDispute('consent-refused', actor, true));
    },
    {
      validator: ({ actor, consenteeId }) => {
        messages.requireStage('recordConsent');
        const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId);
        if (!consent) reject(rejection.invalid, `${consenteeId} is not asked for consent in this case`);
        messages.requireSender('recordConsent', actor, { consent });
        if (consent.decision)
          reject(
            rejection.invalid,
            `this consent was already answered (${consent.decision}): a consent link works once`,
          );
      },
    },
  );

  messages.on(
    withdrawConsentUpdate,
    ({ actor, consenteeId, reason }) => {
      const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId)!;
      consent.decision = 'withdrawn';
      consent.at = run.now();
      run.record('consent-withdrawn', actor, reason ? `${consenteeId}: ${reason}` : consenteeId);
      run.owe(compensationFor(state.bookings, `consent withdrawn by ${consenteeId}`));
      return messages.answer(run.openDispute('consent-withdrawn', actor, true));
    },
    {
      validator: ({ actor, consenteeId }) => {
        messages.requireStage('withdrawConsent');
        const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId);
        if (!consent) reject(rejection.invalid, `${consenteeId} is not asked for consent in this case`);
        if (consent.decision !== 'given') reject(rejection.invalid, `${consenteeId} has no consent to withdraw`);
        messages.requireSender('withdrawConsent', actor, { consent });
      },
    },
  );
}

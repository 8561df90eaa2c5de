/** The health summary's status, as the API tells the case after each write, review or change of care team. */
import { recordHealthSummaryStatusUpdate, rejection, withdrawHealthSharingUpdate } from '../../messages';
import { reject, type CaseMessages } from './messages';

export function registerHealthMessages(messages: CaseMessages): void {
  const { run } = messages;
  const { state } = run;

  messages.on(
    recordHealthSummaryStatusUpdate,
    ({ actor, complete, reviewed, revision, receivingClinicianId }) => {
      const known = state.healthSummary;
      // Two writes may reach the case out of order: the registry's later revision stands.
      if (!known || revision >= known.revision)
        state.healthSummary = {
          complete,
          reviewed,
          revision,
          ...(receivingClinicianId ? { receivingClinicianId } : {}),
          ...(known?.announcedAt ? { announcedAt: known.announcedAt } : {}),
        };
      return messages.answer(run.record('health-summary-status', actor, undefined, { complete, reviewed, revision }));
    },
    {
      validator: ({ actor }) => {
        messages.requireStage('recordHealthSummaryStatus');
        messages.requireSender('recordHealthSummaryStatus', actor);
      },
    },
  );

  // Honoured at once: the API reads the case's view before it shows the escort or the receiving clinician anything.
  messages.on(
    withdrawHealthSharingUpdate,
    ({ actor, consenteeId }) => {
      const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId)!;
      consent.healthSharing = 'withdrawn';
      return messages.answer(run.record('health-sharing-withdrawn', actor, consenteeId));
    },
    {
      validator: ({ actor, consenteeId }) => {
        messages.requireStage('withdrawHealthSharing');
        messages.requireSender('withdrawHealthSharing', actor);
        const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId);
        if (!consent) reject(rejection.invalid, `${consenteeId} is not asked for consent in this case`);
        if (consent.healthSharing !== 'given')
          reject(rejection.invalid, `${consenteeId} has not consented to sharing the child's health information`);
      },
    },
  );
}

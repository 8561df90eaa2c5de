/** The health summary's status, as the API tells the case after each write, review or change of care team. */
import { recordHealthSummaryStatusUpdate } from '../../messages';
import type { CaseMessages } from './messages';

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
}

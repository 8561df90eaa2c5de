/** Messages from a neutral reviewer: the verification sign-off, and the decision on a dispute. */
import { countedEvents } from '../../../domain/events';
import { destinationOf } from '../../../domain/identification';
import { afterDisputeDecision, decisionChanges } from '../../../domain/disputes';
import { decideDisputeUpdate, rejection, signVerificationUpdate } from '../../messages';
import { reject, type CaseMessages } from './messages';

export function registerReviewerMessages(messages: CaseMessages): void {
  const { run } = messages;
  const { state } = run;

  messages.on(
    signVerificationUpdate,
    ({ actor, decision, note }) => {
      state.verification = { decision, by: actor, at: run.now() };
      if (decision === 'rejected') {
        run.record('verification-rejected', actor, note);
        return messages.answer(run.openDispute('verification-rejected', actor, false, note));
      }
      const to = destinationOf(run.registration.claimants);
      if (to) state.route.to = to;
      const event = run.record(countedEvents.verified, actor, note, to ? { to } : undefined);
      run.moveTo('consent');
      return messages.answer(event);
    },
    {
      validator: ({ actor }) => {
        messages.requireStage('signVerification');
        messages.requireSender('signVerification', actor);
      },
    },
  );

  messages.on(
    decideDisputeUpdate,
    ({ actor, disputeId, decision, note }) => {
      const open = state.disputes.find((candidate) => candidate.id === disputeId)!;
      open.decision = { decision, by: actor, at: run.now(), ...(note ? { note } : {}) };
      const event = run.record(countedEvents.disputeDecided, actor, `${disputeId}: ${decision}`, {
        decision,
        reason: open.reason,
      });
      const next = afterDisputeDecision(open, decision);
      if (next.outcome) {
        run.close(next.outcome, actor);
        return messages.answer(event);
      }
      const changes = decisionChanges(state, next.stage);
      if (changes.recordChecks) state.recordChecks = changes.recordChecks;
      if (changes.dnaRequired) state.dna.required = true;
      if (changes.consents) state.consents = changes.consents;
      run.moveTo(next.stage);
      return messages.answer(event);
    },
    {
      validator: ({ actor, disputeId }) => {
        messages.requireStage('decideDispute');
        messages.requireSender('decideDispute', actor);
        const open = state.disputes[state.disputes.length - 1];
        if (!open || open.id !== disputeId || open.decision)
          reject(rejection.invalid, `no open dispute ${disputeId} in this case; the open one is ${open?.id ?? 'none'}`);
      },
    },
  );
}

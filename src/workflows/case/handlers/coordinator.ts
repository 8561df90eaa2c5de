/** Messages from the coordinator who runs the case: details, a DNA request, a dispute, hold, resume, withdrawal. */
import {
  holdUpdate,
  provideIdentityDetailsUpdate,
  raiseDisputeUpdate,
  rejection,
  requestDnaUpdate,
  resumeUpdate,
  withdrawUpdate,
} from '../../messages';
import { reject, type CaseMessages } from './messages';

export function registerCoordinatorMessages(messages: CaseMessages): void {
  const { run } = messages;
  const { state } = run;

  messages.on(
    provideIdentityDetailsUpdate,
    (details) => {
      const current = run.registration;
      state.registration = {
        ...current,
        child: { ...current.child, ...details.child },
        claimants: details.claimants ?? current.claimants,
        documents: { ...current.documents, ...details.documents },
      };
      return messages.answer(run.record('identity-details-provided', details.actor));
    },
    {
      validator: (details) => {
        messages.requireStage('provideIdentityDetails');
        messages.requireSender('provideIdentityDetails', details.actor);
        if (details.claimants && details.claimants.length === 0)
          reject(rejection.invalid, 'a case needs at least one claimant: leave claimants out to keep the current ones');
      },
    },
  );

  messages.on(
    requestDnaUpdate,
    ({ actor, reason }) => {
      state.dna.required = true;
      state.dna.reasons.push('coordinator-request');
      const event = run.record('dna-requested', actor, reason);
      if (state.stage === 'verification') run.moveTo('dna-testing');
      return messages.answer(event);
    },
    {
      validator: ({ actor }) => {
        messages.requireStage('requestDna');
        messages.requireSender('requestDna', actor);
        if (state.dna.reasons.includes('coordinator-request'))
          reject(rejection.invalid, 'a DNA test was already requested for this case');
      },
    },
  );

  messages.on(
    raiseDisputeUpdate,
    ({ actor, reason, note }) => messages.answer(run.openDispute(reason, actor, false, note)),
    {
      validator: ({ actor }) => {
        messages.requireStage('raiseDispute');
        messages.requireSender('raiseDispute', actor);
      },
    },
  );

  messages.on(holdUpdate, ({ actor, reason }) => messages.answer(run.putOnHold(actor, reason)), {
    validator: ({ actor }) => {
      messages.requireStage('hold');
      messages.requireSender('hold', actor);
    },
  });

  messages.on(
    resumeUpdate,
    ({ actor }) => {
      const resumeStage = state.hold?.resumeStage ?? 'identification';
      delete state.hold;
      run.moveTo(resumeStage);
      return messages.answer(run.record('case-resumed', actor, resumeStage));
    },
    {
      validator: ({ actor }) => {
        messages.requireStage('resume');
        messages.requireSender('resume', actor);
      },
    },
  );

  messages.on(
    withdrawUpdate,
    ({ actor, reason }) => {
      run.record('case-withdrawn', actor, reason);
      return messages.answer(run.close('withdrawn', actor));
    },
    {
      validator: ({ actor }) => {
        messages.requireStage('withdraw');
        messages.requireSender('withdraw', actor);
      },
    },
  );
}

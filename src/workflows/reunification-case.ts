/**
 * One child's case, from registration to closure. A main loop runs one stage at a time inside a cancellation scope;
 * messages change the state and, where they move the case, cancel the running stage. Every wait goes through
 * `waitFor` (case/waits.ts), which reminds, escalates up the policy's ladder and, with the ladder exhausted, puts the
 * case on hold.
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
} from '@temporalio/workflow';
import type { CaseInput, CaseState } from '../domain/case';
import { compensationFor } from '../domain/compensation';
import { initialCaseState } from '../domain/initial-state';
import { auditCaughtUp, auditTrail } from './case/audit';
import { compensate } from './case/compensation';
import { registerConsenteeMessages } from './case/handlers/consentee';
import { registerHealthMessages } from './case/handlers/health';
import { registerCoordinatorMessages } from './case/handlers/coordinator';
import { registerJourneyMessages } from './case/handlers/journey';
import { registerLabMessages, registerLabResultSignal } from './case/handlers/lab';
import { registerMessagePassing } from './case/handlers/messages';
import { registerReviewerMessages } from './case/handlers/reviewer';
import { CaseRun, system } from './case/run';
import { runStage } from './case/stages';
import { changes } from './case/changes';

/** One child's case, from registration to closure. */
export async function reunificationCase(input: CaseInput): Promise<CaseState> {
  const state: CaseState = input.state ?? initialCaseState(input);
  const run = new CaseRun(input, state);

  // The order of registration is the order messages buffered before the first task are applied in: keep it.
  const messagesAfterHandlers = run.takes(changes.messagesAfterHandlers);
  const messages = registerMessagePassing(run, { listenNow: !messagesAfterHandlers });
  registerLabResultSignal(run);
  registerCoordinatorMessages(messages);
  registerReviewerMessages(messages);
  registerConsenteeMessages(messages);
  registerJourneyMessages(messages);
  registerLabMessages(messages);
  registerHealthMessages(messages);
  if (messagesAfterHandlers) messages.listen();

  run.syncSearchAttributes();
  const auditing = auditTrail(run);
  const publishing = run.attributes.whenSettled ? run.attributes.publish() : undefined;

  while (state.stage !== 'closed') {
    if (state.compensation) await compensate(run);
    if (run.continueAsNewDue() || run.newRunBeforeStage()) {
      // The view of the stage a message just began is published by this run, not after the new run's first task.
      const audited = run.takes(changes.auditedBeforeNewRun);
      await condition(() => (!audited || auditCaughtUp(run)) && allHandlersFinished());
      run.attributes.upsertChanged();
      await continueAsNew<typeof reunificationCase>({ ...input, state });
    }
    const scope = new CancellationScope();
    run.stageScope = scope;
    try {
      await scope.run(() => runStage(run, state.stage));
    } catch (error) {
      if (!isCancellation(error)) {
        if (!(error instanceof ActivityFailure)) throw error;
        // Any later failure cancels what was booked and leaves the case with a person.
        run.owe(compensationFor(state.bookings, `${error.activityType} failed`));
        const cause = error.cause instanceof ApplicationFailure ? error.cause.type : error.cause?.name;
        run.putOnHold(system, `${error.activityType} failed (${cause ?? 'error'}); resume to try again`);
      }
    } finally {
      run.stageScope = undefined;
      scope.cancel();
    }
  }
  if (state.compensation) await compensate(run);
  await condition(() => auditCaughtUp(run) && allHandlersFinished());
  run.attributes.upsertChanged();
  void auditing;
  void publishing;
  return state;
}

/**
 * How people's messages reach a case: each update registered with its validator, and the same message sent as the
 * `caseMessage` signal dispatched to that validator and handler, its answer kept in the case's state. Queries too.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import { senderRefusal, type CaseMessageName, type SenderFacts } from '../../../domain/authorisation';
import type { Actor, CaseEvent, CaseState, MessageAnswer } from '../../../domain/case';
import { stageConflict, type MessageName } from '../../../domain/next-step';
import {
  caseMessageSignal,
  caseStateQuery,
  messageAnswerQuery,
  rejection,
  type MessageOutcome,
  type RejectionType,
} from '../../messages';
import type { CaseRun } from '../run';

/** Answers kept for repeats of a message: a client retries within minutes, long before this many newer ones. */
const keptAnswers = 100;

export function reject(type: RejectionType, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** What a case's message handlers share: its run, the rules every validator applies, and the registration. */
export class CaseMessages {
  /**
   * Each update's handler and validator, by name, for the same message sent as a signal. A signal's validator runs
   * again on replay (an update's does not): a change to what a validator refuses needs a patch, like any change.
   */
  private readonly handlers = new Map<string, { apply: (arg: never) => unknown; validate: (arg: never) => void }>();

  constructor(readonly run: CaseRun) {}

  on<Ret, Arg>(
    update: UpdateDefinition<Ret, [Arg]>,
    apply: (arg: Arg) => Ret,
    options: { validator: (arg: Arg) => void },
  ): void {
    setHandler(update, apply, options);
    this.handlers.set(update.name, { apply, validate: options.validator });
  }

  requireStage(message: MessageName): void {
    const conflict = stageConflict(message, this.run.state.stage);
    if (conflict) reject(rejection.stageConflict, conflict);
  }

  /** Refuses a message from someone who may not send it (domain/authorisation.ts). */
  requireSender(message: CaseMessageName, actor: Actor, facts: Omit<SenderFacts, 'coordinatorId'> = {}): void {
    const refusal = senderRefusal(message, actor, { coordinatorId: this.run.state.coordinator.id, ...facts });
    if (refusal) reject(rejection.wrongParty, refusal);
  }

  /** What an accepted message answers: the case's stage now and the event that recorded the message. */
  answer(event: CaseEvent): MessageOutcome {
    const result = { stage: this.run.state.stage, event };
    this.run.syncSearchAttributes();
    return result;
  }

  /** Takes the `caseMessage` signal from here on (and any that arrived before). */
  listen(): void {
    setHandler(caseMessageSignal, (message) => this.dispatch(message));
  }

  dispatch({ messageId, name, args }: { messageId: string; name: string; args: unknown[] }): void {
    const { state } = this.run;
    if (state.answers?.some((answer) => answer.messageId === messageId)) return;
    const handler = this.handlers.get(name);
    const arg = args[0] as never;
    const refusal = (error: unknown): MessageAnswer => ({
      messageId,
      accepted: false,
      type: (error instanceof ApplicationFailure && error.type) || rejection.invalid,
      message: error instanceof Error ? error.message : String(error),
    });
    let answer: MessageAnswer;
    try {
      if (!handler) reject(rejection.invalid, `a case does not take a message named ${name}`);
      handler.validate(arg);
    } catch (error) {
      // As with an update, whatever a validator throws refuses the message and leaves the case as it was.
      answer = refusal(error);
      state.answers = [...(state.answers ?? []), answer].slice(-keptAnswers);
      this.run.viewDue = true;
      return;
    }
    try {
      answer = { messageId, accepted: true, result: handler.apply(arg) };
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
      answer = refusal(error);
    }
    state.answers = [...(state.answers ?? []), answer].slice(-keptAnswers);
    this.run.viewDue = true;
  }
}

/**
 * The case's queries and the `caseMessage` signal; the messages themselves are registered by party. A signal that
 * arrived before the run's first task (one sent while the case continued as new) is delivered the moment its
 * handler is set: with `listenNow` false the caller sets it with `listen()` once every message is registered, so
 * such a message finds its handler. Runs from before that change set it first, and replay them that way.
 */
export function registerMessagePassing(run: CaseRun, { listenNow }: { listenNow: boolean }): CaseMessages {
  const messages = new CaseMessages(run);
  const { state } = run;
  setHandler(caseStateQuery, () => {
    const { answers: _answers, ...shown } = state;
    return shown as CaseState;
  });
  if (listenNow) messages.listen();
  setHandler(
    messageAnswerQuery,
    (messageId) => state.answers?.find((answer) => answer.messageId === messageId) ?? null,
  );
  return messages;
}

/**
 * One run of a case: its state and the few methods that change it (record an event, move to a stage, put on hold,
 * close, open a dispute). Stages, waits and message handlers act on the case through its run.
 */
import { patched, workflowInfo, type CancellationScope } from '@temporalio/workflow';
import { changes, changesTakenAtStart, type Change } from './changes';
import type { Actor, CaseEvent, CaseInput, CaseOutcome, CaseStage, CaseState, DisputeReason } from '../../domain/case';
import { compensationOnClosing } from '../../domain/compensation';
import { nextDisputeId } from '../../domain/disputes';
import { countedEvents } from '../../domain/events';
import { beginsInNewRun } from '../../domain/run-length';
import type { CasePolicy } from '../../domain/policy';
import { SearchAttributeSync } from './search-attribute-sync';

export const system: Actor = { id: 'homeward', role: 'system' };

export class CaseRun {
  readonly state: CaseState;
  readonly policy: CasePolicy;
  readonly caseNumber: string;
  readonly attributes: SearchAttributeSync;
  /** The running stage's scope: a message that moves the case cancels it. */
  stageScope: CancellationScope | undefined;
  /** The case changed since it last published its view (src/registry/case-views.ts). */
  viewDue = true;
  publishingViews = false;
  batchInFlight = false;
  /** The changes of case/changes.ts this run took at its start: it records no marker for any of them. */
  private readonly takenAtStart: ReadonlySet<Change>;

  constructor(input: CaseInput, state: CaseState) {
    this.policy = input.policy;
    this.state = state;
    this.caseNumber = state.caseNumber;
    this.takenAtStart = changesTakenAtStart();
    // A run begun on this version publishes views from its start. One whose trail came caught up (its predecessor's
    // last batch ran) has no event to batch, and an answer that records none (a refusal) waited for its first event.
    // Both changes a view needs came before this one; an earlier run learns it at its first batch.
    this.publishingViews = this.takenAtStart.has(changes.auditedBeforeNewRun);
    this.attributes = new SearchAttributeSync(state, input.policy, this.takes(changes.searchAttributesWhenSettled));
  }

  /** Whether the case takes a change here: always for a run begun with it, else as `patched()` says. */
  takes(change: Change): boolean {
    return this.takenAtStart.has(change) || patched(change);
  }

  get registration(): CaseState['registration'] {
    return this.state.registration;
  }

  now(): string {
    return new Date().toISOString();
  }

  record(type: string, actor: Actor, detail?: string, data?: CaseEvent['data']): CaseEvent {
    const event: CaseEvent = { at: this.now(), type, actor, stage: this.state.stage };
    if (detail !== undefined) event.detail = detail;
    if (data !== undefined) event.data = data;
    this.state.events.push(event);
    this.viewDue = true;
    return event;
  }

  syncSearchAttributes(): void {
    this.viewDue = true;
    this.attributes.request();
  }

  /** Pending actions belong to a stage: a new stage starts with none. */
  enterStage(stage: CaseStage): void {
    if (this.state.stage !== stage) {
      this.state.stage = stage;
      this.state.pending = [];
    }
    this.syncSearchAttributes();
  }

  /**
   * The running stage moves the case on, unless a message (a hold, a withdrawal, an audit conflict) already moved it
   * while the stage's last results came in: the stage was cancelled then, and the message's stage stands.
   */
  setStage(stage: CaseStage): void {
    if (this.stageMoved()) return;
    this.enterStage(stage);
  }

  stageMoved(): boolean {
    return this.stageScope?.consideredCancelled === true;
  }

  /** A message moved the case: the running stage stops, the main loop runs the new one. */
  moveTo(stage: CaseStage): void {
    this.enterStage(stage);
    this.stageScope?.cancel();
  }

  close(outcome: CaseOutcome, actor: Actor): CaseEvent {
    const { state } = this;
    state.outcome = outcome;
    this.owe(compensationOnClosing(state.bookings, outcome));
    this.moveTo('closed');
    return this.record(countedEvents.closed, actor, undefined, { outcome });
  }

  putOnHold(actor: Actor, reason: string): CaseEvent {
    const resumeStage = this.state.stage;
    this.state.hold = { since: this.now(), reason, by: actor, resumeStage };
    const event = this.record('case-on-hold', actor, reason);
    this.moveTo('on-hold');
    return event;
  }

  openDispute(reason: DisputeReason, actor: Actor, bestInterestsReview: boolean, note?: string): CaseEvent {
    const { state } = this;
    const id = nextDisputeId(state.disputes);
    state.disputes.push({
      id,
      reason,
      bestInterestsReview,
      openedBy: actor,
      openedAt: this.now(),
      raisedInStage: state.stage,
    });
    const event = this.record(
      countedEvents.disputeOpened,
      actor,
      note ? `${id} ${reason}: ${note}` : `${id} ${reason}`,
      { reason, bestInterestsReview },
    );
    this.moveTo(bestInterestsReview ? 'best-interests-review' : 'dispute');
    return event;
  }

  /** Bookings to cancel before the case goes on (case/compensation.ts); an earlier reason stands when none is due. */
  owe(compensation: CaseState['compensation']): void {
    if (compensation) this.state.compensation = compensation;
  }

  continueAsNewDue(): boolean {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= this.policy.continueAsNewAfterEvents;
  }

  /** The next stage begins in a new run: the history has grown long enough to slow a reply (domain/run-length.ts). */
  newRunBeforeStage(): boolean {
    return beginsInNewRun(workflowInfo().historyLength, this.policy) && this.takes(changes.newRunBeforeStage);
  }
}

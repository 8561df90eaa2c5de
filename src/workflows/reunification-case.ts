/**
 * One child's case, from registration to closure. A main loop runs one stage at a time inside a cancellation scope;
 * messages change the state and, where they move the case, cancel the running stage. Every wait goes through
 * `waitFor`, which reminds, escalates up the policy's ladder and, with the ladder exhausted, puts the case on hold.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
  ActivityFailure,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import type { CaseActivities } from '../activities';
import type { Recipient } from '../activities/notify';
import type { AuditBatchResult } from '../activities/audit';
import type {
  Actor,
  CaseEvent,
  CaseInput,
  CaseOutcome,
  CaseStage as Stage,
  CaseState,
  ConsentRecord,
  DisputeReason,
  FollowUp,
  MessageAnswer,
  PendingAction,
  RegistryName,
  WaitingOn,
  WaitName,
} from '../domain/case';
import { consentsRequired, consentStatus } from '../domain/consent';
import { escalationSummary, escalationTarget, nextWaitStep } from '../domain/deadlines';
import { checkLabResult, dnaRequired, dnaVerdict, sampleIdFor } from '../domain/dna';
import { countedEvents } from '../domain/events';
import { followUpNotYet } from '../domain/follow-ups';
import { claimantIdOf, destinationOf, missingDetails } from '../domain/identification';
import { afterDisputeDecision, stageConflict, type MessageName } from '../domain/next-step';
import type { EscalationLevel as Rung } from '../domain/policy';
import {
  caseMessageSignal,
  caseStateQuery,
  confirmHandoverUpdate,
  decideDisputeUpdate,
  holdUpdate,
  labResultSignal,
  messageAnswerQuery,
  provideIdentityDetailsUpdate,
  raiseDisputeUpdate,
  recordConsentUpdate,
  recordFollowUpUpdate,
  recordTransitEventUpdate,
  recordTravelDocumentsUpdate,
  rejection,
  requestDnaUpdate,
  resumeUpdate,
  signVerificationUpdate,
  withdrawConsentUpdate,
  withdrawUpdate,
  type MessageOutcome,
  type RejectionType,
} from './messages';
import {
  CaseNumber,
  CaseStage,
  DestinationCountry,
  Escalated,
  EscalationLevel,
  NextDeadline,
  OriginCountry,
} from './search-attributes';

/**
 * The audit trail is written by regular activities: nothing a case records is written from inside a workflow task,
 * so a task that times out on a killed worker or whose completion the server refuses leaves nothing behind, and a
 * task's commands never depend on when an update arrives in it (bench/findings/README.md). Appends are idempotent
 * per (case, sequence), so a batch written twice, or by a run that has since continued as new, is harmless.
 */
const auditTrailActivity = 'audit-trail-as-activity';
/** Cases from this version publish their state to the registry with each audit batch (src/registry/case-views.ts). */
const caseViews = 'case-views';
/** A copy of plain JSON state, taken when a batch is scheduled. */
const structuredCloneOf = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const auditRetry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '5m',
  nonRetryableErrorTypes: ['AuditConflict'],
};
// The audit trail must not lose an event: retried until the registry answers.
const audit = proxyActivities<CaseActivities>({ startToCloseTimeout: '30s', retry: auditRetry });
// Cases whose histories recorded audit markers replay them until their next batch switches them over.
const auditInTask = proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '30s', retry: auditRetry });

const partners = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2m',
  retry: {
    initialInterval: '5s',
    backoffCoefficient: 2,
    maximumInterval: '10m',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['PartnerRejection'],
  },
});

const system: Actor = { id: 'homeward', role: 'system' };
/** Answers kept for repeats of a message: a client retries within minutes, long before this many newer ones. */
const keptAnswers = 100;
const registries: RegistryName[] = ['civil', 'medical', 'school'];
const staffRoles = ['coordinator', 'supervisor'] as const;
const neutralRoles = ['reviewer', 'supervisor'] as const;

interface WaitSpec {
  id: string;
  kind: string;
  waitingOn: WaitingOn;
  party?: string;
  wait: WaitName;
}

interface WaitHooks {
  /** Sends reminder number `reminder`; by default the party waited on is reminded by a staff notice. */
  remind?: (reminder: number, action: PendingAction) => Promise<unknown>;
  /** A count that rises when something (an incident, a missed visit) must escalate at once. */
  urgentCount?: () => number;
  /** With the ladder exhausted: put the case on hold (default), or stay with the top of the ladder. */
  whenExhausted?: 'hold' | 'stay';
}

/** One child's case, from registration to closure. */
export async function reunificationCase(input: CaseInput): Promise<CaseState> {
  const { policy } = input;
  const state: CaseState = input.state ?? initialState(input);
  const caseNumber = state.caseNumber;
  let stageScope: CancellationScope | undefined;
  let lastAttributes = '';

  // ---- recording and search attributes -------------------------------------------------------------------------

  const now = () => new Date().toISOString();

  function record(type: string, actor: Actor, detail?: string, data?: CaseEvent['data']): CaseEvent {
    const event: CaseEvent = { at: now(), type, actor, stage: state.stage };
    if (detail !== undefined) event.detail = detail;
    if (data !== undefined) event.data = data;
    state.events.push(event);
    viewDue = true;
    return event;
  }

  let attributesDue = false;
  /** The case changed since it last published its view (src/registry/case-views.ts). */
  let viewDue = true;
  let publishingViews = false;
  let batchInFlight = false;
  /**
   * Cases started from this version publish their search attributes once the activation's code has settled (a
   * condition is checked only after the microtasks drain), so the changes of one workflow task make one upsert, one
   * write to the visibility store. Earlier cases keep the microtask upsert their histories recorded, which made up
   * to three per task (bench/RESULTS.md).
   */
  const attributesWhenSettled = patched('search-attributes-when-settled');
  function syncSearchAttributes(): void {
    viewDue = true;
    if (attributesDue) return;
    attributesDue = true;
    if (attributesWhenSettled) return;
    void Promise.resolve().then(() => {
      attributesDue = false;
      upsertChangedAttributes();
    });
  }

  async function publishAttributes(): Promise<void> {
    for (;;) {
      await condition(() => attributesDue);
      attributesDue = false;
      upsertChangedAttributes();
    }
  }

  function upsertChangedAttributes(): void {
    const summary = escalationSummary(state.pending, policy);
    const wanted = {
      stage: state.stage,
      escalated: summary.escalated,
      level: summary.level,
      next: summary.nextDeadline ?? null,
      to: state.route.to ?? null,
    };
    const key = JSON.stringify(wanted);
    if (key === lastAttributes) return;
    const previous = lastAttributes ? (JSON.parse(lastAttributes) as typeof wanted) : undefined;
    lastAttributes = key;
    const updates: SearchAttributeUpdatePair[] = [];
    if (previous?.stage !== wanted.stage) updates.push({ key: CaseStage, value: wanted.stage });
    if (previous?.escalated !== wanted.escalated) updates.push({ key: Escalated, value: wanted.escalated });
    if (previous?.level !== wanted.level) updates.push({ key: EscalationLevel, value: wanted.level });
    if (previous?.next !== wanted.next)
      updates.push({ key: NextDeadline, value: wanted.next === null ? null : new Date(wanted.next) });
    if (previous?.to !== wanted.to && wanted.to !== null) updates.push({ key: DestinationCountry, value: wanted.to });
    if (!previous)
      updates.push({ key: CaseNumber, value: caseNumber }, { key: OriginCountry, value: state.route.from });
    upsertSearchAttributes(updates);
  }

  /** Pending actions belong to a stage: a new stage starts with none. */
  function enterStage(stage: Stage): void {
    if (state.stage !== stage) {
      state.stage = stage;
      state.pending = [];
    }
    syncSearchAttributes();
  }

  /**
   * The running stage moves the case on, unless a message (a hold, a withdrawal, an audit conflict) already moved it
   * while the stage's last results came in: the stage was cancelled then, and the message's stage stands.
   */
  function setStage(stage: Stage): void {
    if (stageMoved()) return;
    enterStage(stage);
  }

  const stageMoved = () => stageScope?.consideredCancelled === true;

  /** A message moved the case: the running stage stops, the main loop runs the new one. */
  function moveTo(stage: Stage): void {
    enterStage(stage);
    stageScope?.cancel();
  }

  function close(outcome: CaseOutcome, actor: Actor): CaseEvent {
    state.outcome = outcome;
    if (outcome !== 'reunited' && state.bookings.some((booking) => booking.status === 'active'))
      state.compensation = { reason: `case closed: ${outcome}` };
    moveTo('closed');
    return record(countedEvents.closed, actor, undefined, { outcome });
  }

  function putOnHold(actor: Actor, reason: string): CaseEvent {
    const resumeStage = state.stage;
    state.hold = { since: now(), reason, by: actor, resumeStage };
    const event = record('case-on-hold', actor, reason);
    moveTo('on-hold');
    return event;
  }

  function openDispute(reason: DisputeReason, actor: Actor, bestInterestsReview: boolean, note?: string): CaseEvent {
    const id = `D${state.disputes.length + 1}`;
    state.disputes.push({
      id,
      reason,
      bestInterestsReview,
      openedBy: actor,
      openedAt: now(),
      raisedInStage: state.stage,
    });
    const event = record(countedEvents.disputeOpened, actor, note ? `${id} ${reason}: ${note}` : `${id} ${reason}`, {
      reason,
      bestInterestsReview,
    });
    moveTo(bestInterestsReview ? 'best-interests-review' : 'dispute');
    return event;
  }

  const continueAsNewDue = () => {
    const info = workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= policy.continueAsNewAfterEvents;
  };

  // ---- waits ---------------------------------------------------------------------------------------------------

  function openPending(spec: WaitSpec): PendingAction {
    const existing = state.pending.find((action) => action.id === spec.id);
    if (existing) return existing;
    const since = Date.now();
    const action: PendingAction = {
      id: spec.id,
      kind: spec.kind,
      waitingOn: spec.waitingOn,
      since: new Date(since).toISOString(),
      dueAt: new Date(since + policy.waits[spec.wait].deadline).toISOString(),
      remindersSent: 0,
      escalationLevel: 0,
      wait: spec.wait,
    };
    if (spec.party !== undefined) action.party = spec.party;
    state.pending.push(action);
    syncSearchAttributes();
    return action;
  }

  function closePending(id: string): void {
    state.pending = state.pending.filter((action) => action.id !== id);
    syncSearchAttributes();
  }

  const step = (name: string, action: PendingAction) =>
    `${name}-${action.id.replace(/:/g, '-')}-${Date.parse(action.since)}`;

  function staffFor(waitingOn: WaitingOn, party?: string): Recipient {
    if (waitingOn === 'reviewer') return { staff: 'neutral-desk' };
    if (waitingOn === 'lab') return { staff: 'lab', id: party };
    return { staff: 'coordinator', id: state.coordinator.id };
  }

  function rungRecipient(rung: Rung): Recipient {
    return rung === 'coordinator' ? { staff: 'coordinator', id: state.coordinator.id } : { staff: rung };
  }

  async function escalate(action: PendingAction, cause: string): Promise<void> {
    const level = Math.min(action.escalationLevel + 1, policy.escalationLadder.length);
    if (level === action.escalationLevel) return;
    action.escalationLevel = level;
    const to = escalationTarget(level, policy);
    state.escalations.push({ pendingActionId: action.id, level, to, at: now() });
    record('escalated', system, `${action.kind} (${cause}) to ${to}`, { level, to, waitingOn: action.waitingOn });
    syncSearchAttributes();
    await partners.notify({
      caseNumber,
      kind: 'escalation',
      to: rungRecipient(to),
      variables: { stage: state.stage, waitingOn: action.waitingOn, action: action.kind, cause, level: String(level) },
      step: step(`escalation-${level}`, action),
    });
  }

  async function waitFor(spec: WaitSpec, done: () => boolean, hooks: WaitHooks = {}): Promise<void> {
    const stage = state.stage;
    const action = openPending(spec);
    let urgentSeen = hooks.urgentCount?.() ?? 0;
    const urgent = () => (hooks.urgentCount?.() ?? 0) > urgentSeen;
    for (;;) {
      if (done()) {
        closePending(action.id);
        return;
      }
      const next = nextWaitStep(action, policy.waits[spec.wait], policy);
      const staying = next.kind === 'exhausted' && hooks.whenExhausted === 'stay';
      const timeout = staying ? undefined : Math.max(1, next.at - Date.now());
      const woken = await condition(
        () => done() || state.stage !== stage || urgent() || continueAsNewDue(),
        timeout as number,
      );
      if (state.stage !== stage) throw new CancelledFailure('the case moved on');
      if (done()) continue;
      if (urgent()) {
        urgentSeen = hooks.urgentCount?.() ?? 0;
        await escalate(action, 'reported');
        continue;
      }
      if (continueAsNewDue()) throw new CancelledFailure('continue-as-new');
      if (woken) continue;
      if (next.kind === 'reminder') {
        action.remindersSent = next.reminder;
        record('reminder-sent', system, `${action.kind} ${action.party ?? action.waitingOn}`, {
          reminder: next.reminder,
        });
        if (hooks.remind) await hooks.remind(next.reminder, action);
        else
          await partners.notify({
            caseNumber,
            kind: 'reminder',
            to: staffFor(action.waitingOn, action.party),
            variables: { stage: state.stage, action: action.kind, dueAt: action.dueAt },
            step: step(`reminder-${next.reminder}`, action),
          });
      } else if (next.kind === 'escalation') {
        await escalate(action, 'deadline passed');
      } else {
        putOnHold(system, `no answer from ${action.waitingOn} for ${action.kind} after the escalation ladder`);
        throw new CancelledFailure('on hold');
      }
    }
  }

  // ---- stages --------------------------------------------------------------------------------------------------

  const registration = () => state.registration;

  async function identification(): Promise<void> {
    const missing = () => missingDetails(registration(), policy, now(), state.registeredAt);
    if (missing().length > 0) {
      if (!state.identification) {
        state.identification = { missing: missing() };
        record('details-requested', system, missing().join(', '));
      }
      await waitFor(
        { id: 'identity-details', kind: 'identity-details', waitingOn: 'coordinator', wait: 'identification' },
        () => missing().length === 0,
      );
    }
    state.identification = { missing: [], completedAt: now() };
    record('identification-completed', system);
    setStage('record-checks');
  }

  async function checkRegistry(registry: RegistryName): Promise<void> {
    const action = openPending({
      id: `record-check:${registry}`,
      kind: 'record-check',
      waitingOn: 'registry',
      party: registry,
      wait: 'recordCheck',
    });
    const documents = registration().documents ?? {};
    const documentReference = {
      civil: documents.civilRegistryReference,
      medical: documents.medicalRecordReference,
      school: documents.schoolRecordReference,
    }[registry];
    const since = Date.parse(action.since);
    const due = Date.parse(action.dueAt);
    // An unavailable registry is asked again at each reminder point and at the deadline, then escalated.
    const askAgainAt = [...policy.waits.recordCheck.remindAt.map((fraction) => since + fraction * (due - since)), due];
    for (let attempt = 1; ; attempt++) {
      const result = await partners.checkRecord({
        caseNumber,
        registry,
        attempt,
        round: state.disputes.filter((dispute) => dispute.decision?.decision === 're-verify-records').length + 1,
        ...(documentReference ? { documentReference } : {}),
      });
      if (result.outcome !== 'unavailable' || attempt > askAgainAt.length) {
        state.recordChecks.push({
          registry,
          outcome: result.outcome,
          at: now(),
          ...(result.reference ? { reference: result.reference } : {}),
        });
        record('record-checked', system, `${registry}: ${result.outcome}`, { registry, outcome: result.outcome });
        if (result.outcome === 'unavailable') await escalate(action, `${registry} registry unavailable`);
        closePending(action.id);
        return;
      }
      const at = askAgainAt[attempt - 1]!;
      await condition(() => false, Math.max(1, at - Date.now()));
      if (attempt <= policy.waits.recordCheck.remindAt.length) action.remindersSent = attempt;
    }
  }

  async function recordChecks(): Promise<void> {
    const unchecked = registries.filter((registry) => !state.recordChecks.some((check) => check.registry === registry));
    await Promise.all(unchecked.map(checkRegistry));
    if (stageMoved()) return;
    const decision = dnaRequired({
      child: registration().child,
      recordChecks: state.recordChecks,
      coordinatorRequested: state.dna.reasons.includes('coordinator-request'),
      policy,
      now: now(),
      registeredAt: state.registeredAt,
    });
    const matched = state.dna.samples.some((sample) => sample.result?.outcome === 'match');
    state.dna.required = decision.required;
    state.dna.reasons = decision.reasons;
    record(
      'record-checks-completed',
      system,
      state.recordChecks.map((check) => `${check.registry}: ${check.outcome}`).join(', '),
    );
    if (decision.required && !matched) {
      record('dna-required', system, decision.reasons.join(', '));
      setStage('dna-testing');
    } else setStage('verification');
  }

  async function dnaTesting(): Promise<void> {
    for (;;) {
      const latest = state.dna.samples[state.dna.samples.length - 1];
      if (!latest || latest.result) {
        const sampleId = sampleIdFor(caseNumber, state.dna.samples);
        const orderedAt = now();
        const ordered = { sampleId, labId: policy.dnaLabId, orderedAt };
        // The lab may answer before the order's activity completes (its worker killed after the lab took it): the
        // case knows the sample from the moment it orders it, so that result is taken, not ignored as unknown.
        const knownBeforeOrder = patched('sample-known-before-order');
        if (knownBeforeOrder) state.dna.samples.push(ordered);
        // Not cancellable: once a lab holds an order, the case knows about it.
        await CancellationScope.nonCancellable(() =>
          partners.orderDnaSample({
            caseNumber,
            labId: policy.dnaLabId,
            sampleId,
            collectedBy: state.coordinator.id,
            orderedAt,
          }),
        );
        if (!knownBeforeOrder) state.dna.samples.push(ordered);
        record('sample-ordered', system, `${sampleId} from ${policy.dnaLabId}`);
      }
      const sample = state.dna.samples[state.dna.samples.length - 1]!;
      await waitFor(
        {
          id: `lab-result:${sample.sampleId}`,
          kind: 'lab-result',
          waitingOn: 'lab',
          party: sample.labId,
          wait: 'labResult',
        },
        () => sample.result !== undefined,
      );
      if (stageMoved()) return;
      const verdict = dnaVerdict(state.dna.samples, policy);
      if (verdict.next === 'verification') return setStage('verification');
      if (verdict.next === 'dispute') {
        openDispute(verdict.reason, system, false);
        return;
      }
      record('dna-retest', system, `${sample.sampleId} inconclusive`);
    }
  }

  async function verification(): Promise<void> {
    await waitFor(
      { id: 'verification', kind: 'verification', waitingOn: 'reviewer', wait: 'verification' },
      () => false,
    );
  }

  function contactOf(consent: ConsentRecord): { address: string; language: 'uk' | 'ru' | 'en' } | undefined {
    const { child, claimants } = registration();
    if (consent.role !== 'guardian')
      return child.email ? { address: child.email, language: child.language } : undefined;
    const index = claimants.findIndex((claimant, i) => claimantIdOf(claimant, i) === consent.consenteeId);
    const claimant = claimants[index];
    return claimant?.email ? { address: claimant.email, language: claimant.language } : undefined;
  }

  /** `wait` (the wait's start) keys the message: every wait, first or reopened after a hold, gets its own link. */
  async function askForConsent(
    consent: ConsentRecord,
    reminder: number,
    expiresAt: number,
    wait: number,
  ): Promise<void> {
    const to = contactOf(consent);
    if (to)
      await partners.requestConsent({
        caseNumber,
        consenteeId: consent.consenteeId,
        role: consent.role,
        to,
        expiresAt,
        reminder,
        round: consent.round ?? 1,
        wait,
      });
    // Without an email address, the coordinator's caseworkers deliver the link in person.
    else
      await partners.notify({
        caseNumber,
        kind: 'case-update',
        to: { staff: 'caseworker', id: state.coordinator.id },
        variables: { task: 'deliver-consent-request', consenteeId: consent.consenteeId, reminder: String(reminder) },
        step: `consent-delivery-${consent.consenteeId}-${consent.round ?? 1}-${wait}-${reminder}`,
      });
  }

  async function awaitConsent(consent: ConsentRecord): Promise<void> {
    const spec: WaitSpec = {
      id: `consent:${consent.consenteeId}`,
      kind: 'consent',
      waitingOn: consent.role === 'guardian' ? 'guardian' : 'child',
      party: consent.consenteeId,
      wait: 'consent',
    };
    const action = openPending(spec);
    const wait = Date.parse(action.since);
    if (consent.requestedInWait !== wait) {
      // A link sent before a hold expired with that wait's deadline: the reopened wait sends a fresh one.
      await askForConsent(consent, 0, Date.parse(action.dueAt), wait);
      record(
        consent.requestedAt ? 'consent-asked-again' : 'consent-requested',
        system,
        `${consent.role} ${consent.consenteeId}`,
      );
      consent.requestedAt ??= now();
      consent.requestedInWait = wait;
    }
    await waitFor(spec, () => consent.decision === 'given', {
      remind: (reminder, pending) =>
        askForConsent(consent, reminder, Date.parse(pending.dueAt), Date.parse(pending.since)),
    });
  }

  async function consent(): Promise<void> {
    if (state.consents.length === 0)
      state.consents = consentsRequired({
        child: registration().child,
        claimants: registration().claimants,
        policy,
        now: now(),
        registeredAt: state.registeredAt,
      });
    await Promise.all(state.consents.filter((record) => record.decision !== 'given').map(awaitConsent));
    if (consentStatus(state.consents) !== 'complete') return;
    record(countedEvents.consentGiven, system, state.consents.map((c) => `${c.role} ${c.consenteeId}`).join(', '));
    setStage('travel-documents');
  }

  const roundOf = (kind: 'travel-documents' | 'transit') =>
    state.bookings.filter((booking) => booking.kind === kind).length + 1;
  const activeBooking = (kind: 'travel-documents' | 'transit') =>
    state.bookings.find((booking) => booking.kind === kind && booking.status === 'active');

  async function travelDocuments(): Promise<void> {
    const to = state.route.to;
    if (!to)
      throw ApplicationFailure.nonRetryable('a case reaches travel documents only once verified', 'NoDestination');
    if (!activeBooking('travel-documents')) {
      const { applicationReference } = await CancellationScope.nonCancellable(() =>
        partners.requestTravelDocuments({ caseNumber, from: state.route.from, to, round: roundOf('travel-documents') }),
      );
      state.bookings.push({
        kind: 'travel-documents',
        reference: applicationReference,
        status: 'active',
        bookedAt: now(),
      });
      record('travel-documents-requested', system, applicationReference);
    }
    await waitFor(
      { id: 'travel-documents', kind: 'travel-documents', waitingOn: 'authority', wait: 'travelDocuments' },
      () => state.travelDocuments !== undefined,
    );
    setStage('transit-booking');
  }

  async function transitBooking(): Promise<void> {
    const to = state.route.to!;
    if (!activeBooking('transit')) {
      const { bookingReference } = await CancellationScope.nonCancellable(() =>
        partners.bookTransit({
          caseNumber,
          from: state.route.from,
          to,
          medicalSupport: true,
          round: roundOf('transit'),
        }),
      );
      state.bookings.push({ kind: 'transit', reference: bookingReference, status: 'active', bookedAt: now() });
      record(countedEvents.travelScheduled, system, bookingReference, { from: state.route.from, to });
    }
    setStage('departure');
  }

  async function departure(): Promise<void> {
    await waitFor(
      { id: 'departure', kind: 'departure', waitingOn: 'escort', wait: 'departure' },
      () => state.transit?.departedAt !== undefined,
      { urgentCount: () => state.transit?.incidents.length ?? 0 },
    );
    setStage('in-transit');
  }

  async function inTransit(): Promise<void> {
    await waitFor(
      { id: 'arrival', kind: 'arrival', waitingOn: 'escort', wait: 'transit' },
      () => state.transit?.arrivedAt !== undefined,
      { urgentCount: () => state.transit?.incidents.length ?? 0 },
    );
    setStage('handover');
  }

  async function handover(): Promise<void> {
    await waitFor(
      { id: 'handover', kind: 'handover', waitingOn: 'guardian', wait: 'handover' },
      () => state.handover?.escortSignedAt !== undefined && state.handover.guardianSignedAt !== undefined,
    );
    record(countedEvents.returned, system, undefined, { from: state.route.from, to: state.route.to ?? '' });
    const handedOverAt = Date.now();
    state.followUps = policy.followUpsAfterHandover.map((offset, index) => ({
      id: `follow-up-${index + 1}`,
      dueAt: new Date(handedOverAt + offset).toISOString(),
      status: 'scheduled',
    }));
    setStage('aftercare');
  }

  async function followUp(visit: FollowUp): Promise<void> {
    if (visit.status === 'scheduled') {
      const stage = state.stage;
      await condition(
        () => state.stage !== stage || visit.status !== 'scheduled' || continueAsNewDue(),
        Math.max(1, Date.parse(visit.dueAt) - Date.now()),
      );
      if (state.stage !== stage) throw new CancelledFailure('the case moved on');
      if (visit.status === 'scheduled' && continueAsNewDue()) throw new CancelledFailure('continue-as-new');
      if (visit.status === 'scheduled') {
        visit.status = 'due';
        record('follow-up-due', system, visit.id);
        await partners.notify({
          caseNumber,
          kind: 'follow-up-task',
          to: { staff: 'coordinator', id: state.coordinator.id },
          variables: { followUpId: visit.id, dueAt: visit.dueAt },
          step: `follow-up-task-${visit.id}`,
        });
      }
    }
    await waitFor(
      { id: `follow-up:${visit.id}`, kind: 'follow-up', waitingOn: 'coordinator', party: visit.id, wait: 'followUp' },
      () => visit.status === 'completed',
      { urgentCount: () => visit.missedVisits ?? 0 },
    );
  }

  async function aftercare(): Promise<void> {
    await Promise.all(state.followUps.filter((visit) => visit.status !== 'completed').map(followUp));
    if (!stageMoved()) close('reunited', system);
  }

  async function onHold(): Promise<void> {
    await waitFor({ id: 'hold-review', kind: 'hold-review', waitingOn: 'coordinator', wait: 'hold' }, () => false, {
      whenExhausted: 'stay',
    });
  }

  async function dispute(): Promise<void> {
    const open = state.disputes[state.disputes.length - 1];
    await waitFor(
      { id: `dispute:${open?.id ?? 'D0'}`, kind: state.stage, waitingOn: 'reviewer', wait: 'dispute' },
      () => false,
    );
  }

  async function runStage(stage: Stage): Promise<void> {
    switch (stage) {
      case 'registered':
        return setStage('identification');
      case 'identification':
        return identification();
      case 'record-checks':
        return recordChecks();
      case 'dna-testing':
        return dnaTesting();
      case 'verification':
        return verification();
      case 'consent':
        return consent();
      case 'dispute':
      case 'best-interests-review':
        return dispute();
      case 'travel-documents':
        return travelDocuments();
      case 'transit-booking':
        return transitBooking();
      case 'departure':
        return departure();
      case 'in-transit':
        return inTransit();
      case 'handover':
        return handover();
      case 'aftercare':
        return aftercare();
      case 'on-hold':
        return onHold();
      case 'closed':
        return;
    }
  }

  /** Cancels what was booked, newest first, and records each cancellation. */
  async function compensate(): Promise<void> {
    const reason = state.compensation?.reason ?? 'compensation';
    const active = state.bookings.filter((booking) => booking.status === 'active').reverse();
    for (const booking of active) {
      try {
        await CancellationScope.nonCancellable(() =>
          booking.kind === 'transit'
            ? partners.cancelTransit({ caseNumber, bookingReference: booking.reference })
            : partners.cancelTravelDocuments({ caseNumber, applicationReference: booking.reference }),
        );
        booking.status = 'cancelled';
        booking.cancelledAt = now();
        record('booking-cancelled', system, `${booking.kind} ${booking.reference}: ${reason}`, { kind: booking.kind });
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        record('booking-cancellation-failed', system, `${booking.kind} ${booking.reference}`, { kind: booking.kind });
        await CancellationScope.nonCancellable(() =>
          partners.notify({
            caseNumber,
            kind: 'escalation',
            to: { staff: 'supervisor' },
            variables: { task: 'cancel-booking-by-hand', kind: booking.kind, reference: booking.reference },
            step: `cancel-by-hand-${booking.reference}`,
          }),
        );
      }
    }
    if (!state.transit?.departedAt) delete state.transit;
    delete state.travelDocuments;
    delete state.compensation;
  }

  // ---- messages ------------------------------------------------------------------------------------------------

  function reject(type: RejectionType, message: string): never {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  }
  function requireStage(message: MessageName): void {
    const conflict = stageConflict(message, state.stage);
    if (conflict) reject(rejection.stageConflict, conflict);
  }
  function requireRole(actor: Actor, roles: readonly string[], what: string): void {
    if (!roles.includes(actor.role)) reject(rejection.wrongParty, `only a ${roles.join(' or ')} may ${what}`);
  }
  function requireNeutral(actor: Actor, what: string): void {
    requireRole(actor, neutralRoles, what);
    if (actor.id === state.coordinator.id)
      reject(rejection.wrongParty, `the case's coordinator may not ${what}: another reviewer must do it`);
  }
  const outcome = (event: CaseEvent): MessageOutcome => ({ stage: state.stage, event });
  const done = <T>(result: T): T => {
    syncSearchAttributes();
    return result;
  };

  setHandler(caseStateQuery, () => {
    const { answers: _answers, ...shown } = state;
    return shown as CaseState;
  });

  /**
   * Each update's handler and validator, by name, for the same message sent as a signal. A signal's validator runs
   * again on replay (an update's does not): a change to what a validator refuses needs a patch, like any change.
   */
  const messageHandlers = new Map<string, { apply: (arg: never) => MessageOutcome; validate: (arg: never) => void }>();
  function onMessage<Arg>(
    update: UpdateDefinition<MessageOutcome, [Arg]>,
    apply: (arg: Arg) => MessageOutcome,
    options: { validator: (arg: Arg) => void },
  ): void {
    setHandler(update, apply, options);
    messageHandlers.set(update.name, { apply, validate: options.validator });
  }

  setHandler(caseMessageSignal, ({ messageId, name, args }) => {
    if (state.answers?.some((answer) => answer.messageId === messageId)) return;
    const handler = messageHandlers.get(name);
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
      viewDue = true;
      return;
    }
    try {
      answer = { messageId, accepted: true, result: handler.apply(arg) };
    } catch (error) {
      if (!(error instanceof ApplicationFailure)) throw error;
      answer = refusal(error);
    }
    state.answers = [...(state.answers ?? []), answer].slice(-keptAnswers);
    viewDue = true;
  });

  setHandler(
    messageAnswerQuery,
    (messageId) => state.answers?.find((answer) => answer.messageId === messageId) ?? null,
  );

  setHandler(labResultSignal, (result) => {
    const check = checkLabResult(state.dna.samples, result);
    if (check.accept) {
      state.dna.samples[check.sampleIndex]!.result = {
        outcome: result.outcome,
        resultReference: result.resultReference,
        receivedAt: now(),
      };
      record('lab-result', { id: result.labId, role: 'lab' }, `${result.sampleId}: ${result.outcome}`, {
        outcome: result.outcome,
      });
    } else if (!check.repeat)
      record('lab-result-ignored', { id: result.labId, role: 'lab' }, `${result.sampleId}: ${check.reason}`);
  });

  onMessage(
    provideIdentityDetailsUpdate,
    (details) => {
      const current = registration();
      state.registration = {
        ...current,
        child: { ...current.child, ...details.child },
        claimants: details.claimants ?? current.claimants,
        documents: { ...current.documents, ...details.documents },
      };
      return done(outcome(record('identity-details-provided', details.actor)));
    },
    {
      validator: (details) => {
        requireStage('provideIdentityDetails');
        requireRole(details.actor, staffRoles, 'supply identity details');
        if (details.claimants && details.claimants.length === 0)
          reject(rejection.invalid, 'a case needs at least one claimant: leave claimants out to keep the current ones');
      },
    },
  );

  onMessage(
    requestDnaUpdate,
    ({ actor, reason }) => {
      state.dna.required = true;
      state.dna.reasons.push('coordinator-request');
      const event = record('dna-requested', actor, reason);
      if (state.stage === 'verification') moveTo('dna-testing');
      return done(outcome(event));
    },
    {
      validator: ({ actor }) => {
        requireStage('requestDna');
        requireRole(actor, staffRoles, 'request a DNA test');
        if (state.dna.reasons.includes('coordinator-request'))
          reject(rejection.invalid, 'a DNA test was already requested for this case');
      },
    },
  );

  onMessage(raiseDisputeUpdate, ({ actor, reason, note }) => done(outcome(openDispute(reason, actor, false, note))), {
    validator: ({ actor }) => {
      requireStage('raiseDispute');
      requireRole(actor, staffRoles, 'raise a dispute');
    },
  });

  onMessage(holdUpdate, ({ actor, reason }) => done(outcome(putOnHold(actor, reason))), {
    validator: ({ actor }) => {
      requireStage('hold');
      requireRole(actor, staffRoles, 'put a case on hold');
    },
  });

  onMessage(
    resumeUpdate,
    ({ actor }) => {
      const resumeStage = state.hold?.resumeStage ?? 'identification';
      delete state.hold;
      moveTo(resumeStage);
      return done(outcome(record('case-resumed', actor, resumeStage)));
    },
    {
      validator: ({ actor }) => {
        requireStage('resume');
        requireRole(actor, staffRoles, 'resume a case');
      },
    },
  );

  onMessage(
    withdrawUpdate,
    ({ actor, reason }) => {
      record('case-withdrawn', actor, reason);
      return done(outcome(close('withdrawn', actor)));
    },
    {
      validator: ({ actor }) => {
        requireStage('withdraw');
        requireRole(actor, staffRoles, 'withdraw a case');
      },
    },
  );

  onMessage(
    signVerificationUpdate,
    ({ actor, decision, note }) => {
      state.verification = { decision, by: actor, at: now() };
      if (decision === 'rejected') {
        record('verification-rejected', actor, note);
        return done(outcome(openDispute('verification-rejected', actor, false, note)));
      }
      const to = destinationOf(registration().claimants);
      if (to) state.route.to = to;
      const event = record(countedEvents.verified, actor, note, to ? { to } : undefined);
      moveTo('consent');
      return done(outcome(event));
    },
    {
      validator: ({ actor }) => {
        requireStage('signVerification');
        requireNeutral(actor, 'sign off a verification');
      },
    },
  );

  onMessage(
    decideDisputeUpdate,
    ({ actor, disputeId, decision, note }) => {
      const open = state.disputes.find((candidate) => candidate.id === disputeId)!;
      open.decision = { decision, by: actor, at: now(), ...(note ? { note } : {}) };
      const event = record(countedEvents.disputeDecided, actor, `${disputeId}: ${decision}`, {
        decision,
        reason: open.reason,
      });
      const next = afterDisputeDecision(open, decision);
      if (next.outcome) {
        close(next.outcome, actor);
        return done(outcome(event));
      }
      if (next.stage === 'record-checks') state.recordChecks = [];
      if (next.stage === 'dna-testing') state.dna.required = true;
      if (next.stage === 'consent')
        for (const entry of state.consents)
          if (entry.decision === 'refused' || entry.decision === 'withdrawn') {
            delete entry.decision;
            delete entry.at;
            delete entry.requestedAt;
            entry.round = (entry.round ?? 1) + 1;
          }
      moveTo(next.stage);
      return done(outcome(event));
    },
    {
      validator: ({ actor, disputeId }) => {
        requireStage('decideDispute');
        requireNeutral(actor, 'decide a dispute');
        const open = state.disputes[state.disputes.length - 1];
        if (!open || open.id !== disputeId || open.decision)
          reject(rejection.invalid, `no open dispute ${disputeId} in this case; the open one is ${open?.id ?? 'none'}`);
      },
    },
  );

  onMessage(
    recordConsentUpdate,
    ({ actor, consenteeId, decision, views }) => {
      const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId)!;
      consent.decision = decision;
      consent.at = now();
      if (views !== undefined) consent.views = views;
      if (decision === 'given') return done(outcome(record('consent-given', actor, `${consent.role} ${consenteeId}`)));
      record('consent-refused', actor, `${consent.role} ${consenteeId}`);
      return done(outcome(openDispute('consent-refused', actor, true)));
    },
    {
      validator: ({ actor, consenteeId }) => {
        requireStage('recordConsent');
        const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId);
        if (!consent) reject(rejection.invalid, `${consenteeId} is not asked for consent in this case`);
        const role = consent.role === 'guardian' ? 'guardian' : 'child';
        if (actor.id !== consenteeId || actor.role !== role)
          reject(rejection.wrongParty, 'a consent can only be answered by the person it was asked of');
        if (consent.decision)
          reject(
            rejection.invalid,
            `this consent was already answered (${consent.decision}): a consent link works once`,
          );
      },
    },
  );

  onMessage(
    withdrawConsentUpdate,
    ({ actor, consenteeId, reason }) => {
      const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId)!;
      consent.decision = 'withdrawn';
      consent.at = now();
      record('consent-withdrawn', actor, reason ? `${consenteeId}: ${reason}` : consenteeId);
      if (state.bookings.some((booking) => booking.status === 'active'))
        state.compensation = { reason: `consent withdrawn by ${consenteeId}` };
      return done(outcome(openDispute('consent-withdrawn', actor, true)));
    },
    {
      validator: ({ actor, consenteeId }) => {
        requireStage('withdrawConsent');
        const consent = state.consents.find((candidate) => candidate.consenteeId === consenteeId);
        if (!consent) reject(rejection.invalid, `${consenteeId} is not asked for consent in this case`);
        if (consent.decision !== 'given') reject(rejection.invalid, `${consenteeId} has no consent to withdraw`);
        const self = actor.id === consenteeId && (actor.role === 'guardian' || actor.role === 'child');
        if (!self && !(staffRoles as readonly string[]).includes(actor.role))
          reject(
            rejection.wrongParty,
            'a consent can be withdrawn by the person who gave it, or recorded by a coordinator',
          );
      },
    },
  );

  onMessage(
    recordTravelDocumentsUpdate,
    ({ actor, documentReference }) => {
      state.travelDocuments = { documentReference, issuedAt: now() };
      return done(outcome(record('travel-documents-issued', actor, documentReference)));
    },
    {
      validator: ({ actor }) => {
        requireStage('recordTravelDocuments');
        requireRole(actor, staffRoles, 'record travel documents');
        if (state.travelDocuments) reject(rejection.invalid, 'travel documents are already recorded for this case');
      },
    },
  );

  onMessage(
    recordTransitEventUpdate,
    ({ actor, event, note }) => {
      const transit = (state.transit ??= { incidents: [] });
      if (event === 'departed') transit.departedAt = now();
      if (event === 'arrived') transit.arrivedAt = now();
      if (event === 'incident') transit.incidents.push({ at: now(), ...(note ? { note } : {}) });
      return done(outcome(record(event === 'incident' ? 'transit-incident' : event, actor, note)));
    },
    {
      validator: ({ actor, event }) => {
        requireStage('recordTransitEvent');
        requireRole(actor, staffRoles, 'record a transit event');
        if (event === 'departed' && state.stage !== 'departure')
          reject(rejection.stageConflict, `the child has already departed; the case is in stage ${state.stage}`);
        if (event === 'arrived' && state.stage !== 'in-transit')
          reject(rejection.stageConflict, 'an arrival can be recorded only after the departure');
      },
    },
  );

  onMessage(
    confirmHandoverUpdate,
    ({ actor, signedBy }) => {
      const signatures = (state.handover ??= {});
      if (signedBy === 'escort') signatures.escortSignedAt = now();
      else signatures.guardianSignedAt = now();
      return done(outcome(record('handover-signed', actor, signedBy)));
    },
    {
      validator: ({ actor, signedBy }) => {
        requireStage('confirmHandover');
        if (signedBy === 'escort') requireRole(actor, staffRoles, "record the escort's signature");
        else requireRole(actor, [...staffRoles, 'guardian'], "record the guardian's signature");
        const signed = signedBy === 'escort' ? state.handover?.escortSignedAt : state.handover?.guardianSignedAt;
        if (signed) reject(rejection.invalid, `the ${signedBy} already signed the handover`);
      },
    },
  );

  onMessage(
    recordFollowUpUpdate,
    ({ actor, followUpId, outcome: visitOutcome, areas }) => {
      const visit = state.followUps.find((candidate) => candidate.id === followUpId)!;
      if (visitOutcome === 'missed') {
        visit.status = 'missed';
        visit.missedVisits = (visit.missedVisits ?? 0) + 1;
        return done(outcome(record('follow-up-missed', actor, followUpId)));
      }
      visit.status = 'completed';
      visit.completedAt = now();
      if (areas) visit.areas = areas;
      return done(outcome(record(countedEvents.followUpDone, actor, followUpId)));
    },
    {
      validator: ({ actor, followUpId, outcome: visitOutcome }) => {
        requireStage('recordFollowUp');
        requireRole(actor, staffRoles, 'record a follow-up visit');
        const visit = state.followUps.find((candidate) => candidate.id === followUpId);
        if (!visit)
          reject(
            rejection.invalid,
            `no follow-up ${followUpId}; this case has ${state.followUps.map((f) => f.id).join(', ')}`,
          );
        if (visit.status === 'completed') reject(rejection.invalid, `follow-up ${followUpId} is already completed`);
        const notYet = followUpNotYet(visit, visitOutcome, now(), policy);
        if (notYet) reject(rejection.invalid, notYet);
      },
    },
  );

  // ---- the main loop -------------------------------------------------------------------------------------------

  syncSearchAttributes();
  const auditing = auditTrail();
  const publishing = attributesWhenSettled ? publishAttributes() : undefined;

  while (state.stage !== 'closed') {
    if (state.compensation) await compensate();
    if (continueAsNewDue()) {
      await condition(allHandlersFinished);
      upsertChangedAttributes();
      await continueAsNew<typeof reunificationCase>({ ...input, state });
    }
    const scope = new CancellationScope();
    stageScope = scope;
    try {
      await scope.run(() => runStage(state.stage));
    } catch (error) {
      if (!isCancellation(error)) {
        if (!(error instanceof ActivityFailure)) throw error;
        // Any later failure cancels what was booked and leaves the case with a person.
        if (state.bookings.some((booking) => booking.status === 'active'))
          state.compensation = { reason: `${error.activityType} failed` };
        const cause = error.cause instanceof ApplicationFailure ? error.cause.type : error.cause?.name;
        putOnHold(system, `${error.activityType} failed (${cause ?? 'error'}); resume to try again`);
      }
    } finally {
      stageScope = undefined;
      scope.cancel();
    }
  }
  if (state.compensation) await compensate();
  await condition(
    () =>
      (state.auditedEvents ?? 0) >= state.events.length &&
      !batchInFlight &&
      !(viewDue && publishingViews) &&
      allHandlersFinished(),
  );
  upsertChangedAttributes();
  void auditing;
  void publishing;
  return state;

  /**
   * Appends every event to the registry's audit trail, in order, and publishes the case's state beside it for the
   * API to read; survives continue-as-new through the cursor and the view's revision.
   */
  async function auditTrail(): Promise<void> {
    for (;;) {
      await condition(() => (state.auditedEvents ?? 0) < state.events.length || (viewDue && publishingViews));
      const from = state.auditedEvents ?? 0;
      const events = state.events.slice(from);
      const viaActivity = patched(auditTrailActivity);
      publishingViews = viaActivity && patched(caseViews);
      let view: { revision: number; state: CaseState } | undefined;
      if (publishingViews) {
        viewDue = false;
        state.viewRevision = (state.viewRevision ?? 0) + 1;
        view = { revision: state.viewRevision, state: structuredCloneOf(state) };
      }
      batchInFlight = true;
      const result: AuditBatchResult | number = await (viaActivity ? audit : auditInTask).recordCaseEvents({
        caseNumber,
        fromSequence: from,
        events,
        ...(view ? { view } : {}),
      });
      batchInFlight = false;
      state.auditedEvents = from + events.length;
      // Histories from before refusals were reported hold a bare count here.
      const conflicts = typeof result === 'number' ? [] : result.conflicts;
      if (conflicts.length > 0) auditRefused(conflicts);
    }
  }

  /**
   * The registry holds different events under some of this case's sequences (a defect or tampering): it kept the
   * case's own beside them. A person checks the trail before the case goes on.
   */
  function auditRefused(conflicts: AuditBatchResult['conflicts']): void {
    const which = conflicts.map((conflict) => `${conflict.type} (#${conflict.sequence})`).join(', ');
    const reason = `the audit trail holds different events where this case recorded ${which}; the case's own are kept beside them: check the trail, then resume`;
    if (state.stage === 'closed' || state.stage === 'on-hold') record('audit-conflict', system, reason);
    else putOnHold(system, reason);
  }
}

function initialState(input: CaseInput): CaseState {
  const from = input.registration.child.currentLocation.country;
  return {
    caseNumber: input.caseNumber,
    stage: 'registered',
    coordinator: input.coordinator,
    registeredAt: input.registeredAt,
    route: { from },
    pending: [],
    recordChecks: [],
    dna: { required: false, reasons: [], samples: [] },
    consents: [],
    disputes: [],
    bookings: [],
    followUps: [],
    escalations: [],
    events: [
      {
        at: input.registeredAt,
        type: countedEvents.registered,
        actor: input.coordinator,
        stage: 'registered',
        data: { from },
      },
    ],
    registration: input.registration,
    auditedEvents: 0,
  };
}

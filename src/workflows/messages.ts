/**
 * Every signal, update and query a case accepts. Imported by the workflows and by the API, so both sides share
 * one definition. A message that does not apply is rejected by the update's validator with an ApplicationFailure
 * whose type is one of `RejectionType`; the API maps each type to one HTTP status.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  Actor,
  CaseEvent,
  CaseStage,
  CaseState,
  DisputeDecision,
  LabOutcome,
  FollowUp,
  MessageAnswer,
} from '../domain/case';
import type { Claimant, Registration } from '../domain/registration';

/** Failure types a validator or handler rejects a message with. */
export const rejection = {
  /** The case is not in a stage where the message applies (HTTP 409). */
  stageConflict: 'StageConflict',
  /** The message comes from a party not allowed to send it (HTTP 403). */
  wrongParty: 'WrongParty',
  /** The message refers to something unknown in this case, or already recorded (HTTP 422). */
  invalid: 'InvalidMessage',
  /** A partner's report names something the case does not have, e.g. a sample it never ordered (HTTP 404). */
  unknown: 'UnknownReference',
  /** A partner's report contradicts what the case already recorded from it (HTTP 409). */
  contradicts: 'ContradictsRecord',
} as const;
export type RejectionType = (typeof rejection)[keyof typeof rejection];

/** What an accepted update answers: where the case stands now and the event that recorded it. */
export interface MessageOutcome {
  stage: CaseStage;
  event: CaseEvent;
}

export interface IdentityDetails {
  actor: Actor;
  child?: Partial<Registration['child']>;
  claimants?: Claimant[];
  documents?: Registration['documents'];
}

export interface LabResult {
  labId: string;
  sampleId: string;
  /** The lab's own reference for this result: a repeat with the same reference changes nothing. */
  resultReference: string;
  outcome: LabOutcome;
}

export const caseStateQuery = defineQuery<CaseState>('caseState');

/**
 * A person's message to a case, sent as a signal: `name` is the update it stands for, `args` that update's
 * arguments. Signals are events in the case's history, so a worker that replays it after a crash meets each
 * message where the live run met it; an update is placed by the core SDK from its own bookkeeping, which after a
 * crash can differ from the live run (bench/findings/README.md). The answer is read with `messageAnswerQuery`.
 */
export interface CaseMessage {
  messageId: string;
  name: string;
  args: unknown[];
}
export const caseMessageSignal = defineSignal<[CaseMessage]>('caseMessage');
export const messageAnswerQuery = defineQuery<MessageAnswer | null, [string]>('messageAnswer');

/** Kept for cases whose histories hold it; labs report through `reportLabResultUpdate`, refused like any message. */
export const labResultSignal = defineSignal<[LabResult]>('labResult');

/** A lab's report: `actor` is the lab's API key, `labId` the lab it speaks for. */
export interface LabReport extends LabResult {
  actor: Actor;
}
/** `recorded` is false for a repeat of the result the case already has. */
export interface LabReportOutcome {
  stage: CaseStage;
  recorded: boolean;
}
export const reportLabResultUpdate = defineUpdate<LabReportOutcome, [LabReport]>('reportLabResult');

export const provideIdentityDetailsUpdate = defineUpdate<MessageOutcome, [IdentityDetails]>('provideIdentityDetails');
export const requestDnaUpdate = defineUpdate<MessageOutcome, [{ actor: Actor; reason: string }]>('requestDna');
export const raiseDisputeUpdate = defineUpdate<
  MessageOutcome,
  [{ actor: Actor; reason: 'competing-claim' | 'contradictory-records' | 'coordinator'; note?: string }]
>('raiseDispute');
export const holdUpdate = defineUpdate<MessageOutcome, [{ actor: Actor; reason: string }]>('hold');
export const resumeUpdate = defineUpdate<MessageOutcome, [{ actor: Actor }]>('resume');
export const withdrawUpdate = defineUpdate<MessageOutcome, [{ actor: Actor; reason: string }]>('withdraw');

export const signVerificationUpdate = defineUpdate<
  MessageOutcome,
  [{ actor: Actor; decision: 'verified' | 'rejected'; note?: string }]
>('signVerification');
export const decideDisputeUpdate = defineUpdate<
  MessageOutcome,
  [{ actor: Actor; disputeId: string; decision: DisputeDecision; note?: string }]
>('decideDispute');

export const recordConsentUpdate = defineUpdate<
  MessageOutcome,
  [
    {
      actor: Actor;
      consenteeId: string;
      decision: 'given' | 'refused';
      views?: string;
      healthSharing?: 'given' | 'refused';
    },
  ]
>('recordConsent');
export const withdrawConsentUpdate = defineUpdate<
  MessageOutcome,
  [{ actor: Actor; consenteeId: string; reason?: string }]
>('withdrawConsent');

export const recordTravelDocumentsUpdate = defineUpdate<MessageOutcome, [{ actor: Actor; documentReference: string }]>(
  'recordTravelDocuments',
);
export const recordTransitEventUpdate = defineUpdate<
  MessageOutcome,
  [{ actor: Actor; event: 'departed' | 'incident' | 'arrived'; note?: string }]
>('recordTransitEvent');
export const confirmHandoverUpdate = defineUpdate<MessageOutcome, [{ actor: Actor; signedBy: 'escort' | 'guardian' }]>(
  'confirmHandover',
);
/**
 * What a case learns of its child's health summary, which lives sealed in the registry: whether it is complete and
 * reviewed, at which revision, and the receiving clinician's staff reference. Never any of its content.
 */
export interface HealthSummaryStatusMessage {
  actor: Actor;
  complete: boolean;
  reviewed: boolean;
  revision: number;
  receivingClinicianId?: string;
}
export const recordHealthSummaryStatusUpdate = defineUpdate<MessageOutcome, [HealthSummaryStatusMessage]>(
  'recordHealthSummaryStatus',
);

/** A guardian withdraws the sharing of the child's health information, told to a coordinator. */
export const withdrawHealthSharingUpdate = defineUpdate<MessageOutcome, [{ actor: Actor; consenteeId: string }]>(
  'withdrawHealthSharing',
);

export const recordFollowUpUpdate = defineUpdate<
  MessageOutcome,
  [{ actor: Actor; followUpId: string; outcome: 'completed' | 'missed'; areas?: NonNullable<FollowUp['areas']> }]
>('recordFollowUp');

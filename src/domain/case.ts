/**
 * The shape of a case as the workflow holds it and the API shows it. Plain JSON types only (no classes, no Map),
 * so state survives continue-as-new intact. No zod here: workflow code imports this module.
 */
import type { EscalationLevel } from './policy';
import type { Registration } from './registration';
import type { CasePolicy } from './policy';

export const caseStages = [
  'registered',
  'identification',
  'record-checks',
  'dna-testing',
  'verification',
  'consent',
  'best-interests-review',
  'dispute',
  'travel-documents',
  'transit-booking',
  'departure',
  'in-transit',
  'handover',
  'aftercare',
  'on-hold',
  'closed',
] as const;
export type CaseStage = (typeof caseStages)[number];

export const caseOutcomes = ['reunited', 'not-a-match', 'withdrawn', 'declined'] as const;
export type CaseOutcome = (typeof caseOutcomes)[number];

export const actorRoles = [
  'coordinator',
  'reviewer',
  'supervisor',
  'lab',
  'guardian',
  'child',
  'system',
  'escort',
  'clinician',
] as const;
export type ActorRole = (typeof actorRoles)[number];

/** Who did something. `id` is a staff, partner or claimant reference, never a person's name. */
export interface Actor {
  id: string;
  role: ActorRole;
}

/** Who a pending action waits on. */
export const waitingOnParties = [
  'coordinator',
  'reviewer',
  'lab',
  'guardian',
  'child',
  'registry',
  'escort',
  'authority',
  'clinician',
] as const;
export type WaitingOn = (typeof waitingOnParties)[number];

export interface PendingAction {
  /** Stable for the life of the wait, e.g. `consent:claimant-1` or `lab-result:S-1`. */
  id: string;
  kind: string;
  waitingOn: WaitingOn;
  /** Claimant id, lab id or registry name, where the wait is on one party. */
  party?: string;
  since: string;
  dueAt: string;
  remindersSent: number;
  /** 0 until the deadline passes; then 1, 2, 3 … up the ladder. */
  escalationLevel: number;
  /** Which of the policy's waits times this action (its reminders and ladder). */
  wait?: WaitName;
}

export type WaitName = keyof CasePolicy['waits'];

export interface CaseEvent {
  at: string;
  type: string;
  actor: Actor;
  stage: CaseStage;
  /** Short, free of personal data: references, outcomes and reasons only. */
  detail?: string;
  /** Structured, non-personal facts the registry counts, e.g. `{ to: 'UA' }` on `identity-verified`. */
  data?: Record<string, string | number | boolean>;
}

export type RegistryName = 'civil' | 'medical' | 'school';
/**
 * What a registry said of the child's record. `no-reference`: the coordinator gave no reference for this registry, so
 * it was not asked (a registry can only check a record it is pointed at); it is no evidence either way.
 */
export type RecordCheckOutcome = 'consistent' | 'contradictory' | 'not-found' | 'unavailable' | 'no-reference';

export interface RecordCheck {
  registry: RegistryName;
  outcome: RecordCheckOutcome;
  reference?: string;
  at: string;
}

export type LabOutcome = 'match' | 'exclusion' | 'inconclusive';

export interface DnaSample {
  sampleId: string;
  labId: string;
  orderedAt: string;
  result?: { outcome: LabOutcome; resultReference: string; receivedAt: string };
}

export type ConsentRole = 'guardian' | 'child' | 'adult';
export type ConsentDecision = 'given' | 'refused' | 'withdrawn';

export interface ConsentRecord {
  /** A claimant id, or `child` for the child or young adult themselves. */
  consenteeId: string;
  role: ConsentRole;
  /** When the consent link was first sent. */
  requestedAt?: string;
  /** The wait (its start, epoch ms) the last link was sent in: a wait reopened after a hold sends a fresh link. */
  requestedInWait?: number;
  /** How many times this person has been asked: a best-interests review may ask again. */
  round?: number;
  decision?: ConsentDecision;
  at?: string;
  /** The child's views are recorded at every age, even where their consent is not required. */
  views?: string;
  /**
   * Whether the health summary may be shared with the journey's escort and the receiving clinician, asked with the
   * consent; withdrawn on its own or with the consent.
   */
  healthSharing?: 'given' | 'refused' | 'withdrawn';
}

export type DisputeReason =
  | 'dna-exclusion'
  | 'contradictory-records'
  | 'competing-claim'
  | 'consent-refused'
  | 'coordinator'
  | 'verification-rejected'
  | 'dna-inconclusive'
  | 'consent-withdrawn';

export type DisputeDecision = 'resume' | 're-verify-records' | 're-verify-dna' | 'close-not-a-match';

export interface Dispute {
  id: string;
  reason: DisputeReason;
  /** A refusal by a child or guardian is a best-interests review, not a plain dispute. */
  bestInterestsReview: boolean;
  openedBy: Actor;
  openedAt: string;
  /** The stage the case was in when the dispute opened: where `resume` returns to. */
  raisedInStage?: CaseStage;
  decision?: { decision: DisputeDecision; by: Actor; at: string; note?: string };
}

export type BookingKind = 'travel-documents' | 'transit';

export interface Booking {
  kind: BookingKind;
  reference: string;
  status: 'active' | 'cancelled';
  bookedAt: string;
  cancelledAt?: string;
}

export interface FollowUp {
  id: string;
  dueAt: string;
  status: 'scheduled' | 'due' | 'completed' | 'missed';
  completedAt?: string;
  areas?: Array<'school' | 'counselling' | 'medical'>;
  /** Visits recorded as missed: each escalates at once; the follow-up stays open until completed. */
  missedVisits?: number;
}

export interface Escalation {
  pendingActionId: string;
  level: number;
  to: EscalationLevel;
  at: string;
}

/** What a case answered a message sent to it: the update's result, or why it refused. */
export type MessageAnswer =
  | { messageId: string; accepted: true; result: unknown }
  | { messageId: string; accepted: false; type: string; message: string };

export interface HealthSummaryStatus {
  complete: boolean;
  reviewed: boolean;
  /** The summary's revision in the registry these flags are about. */
  revision: number;
  /** The staff reference of the receiving clinician, told at the handover that the summary is there. */
  receivingClinicianId?: string;
  /** When the receiving clinician was told. */
  announcedAt?: string;
}

/** The full state of a case: what the `caseState` query returns. */
export interface CaseState {
  caseNumber: string;
  stage: CaseStage;
  outcome?: CaseOutcome;
  coordinator: Actor;
  registeredAt: string;
  /** Where the child is now and where their verified family is: never assumed to be one direction. */
  route: { from: string; to?: string };
  hold?: { since: string; reason: string; by: Actor; resumeStage: CaseStage };
  pending: PendingAction[];
  recordChecks: RecordCheck[];
  dna: {
    required: boolean;
    reasons: string[];
    samples: DnaSample[];
    /** The sample whose result the DNA stage waits for; unset once its verdict is taken. */
    awaitedSample?: string;
  };
  verification?: { decision: 'verified' | 'rejected'; by: Actor; at: string };
  consents: ConsentRecord[];
  disputes: Dispute[];
  bookings: Booking[];
  handover?: { escortSignedAt?: string; guardianSignedAt?: string };
  followUps: FollowUp[];
  escalations: Escalation[];
  /**
   * What the case knows of the child's health summary, which lives sealed in the registry: whether it is complete and
   * reviewed by a clinician, and who receives the child. Never its content.
   */
  healthSummary?: HealthSummaryStatus;
  /** Set when the departure began waiting for the health summary: from then on it cannot depart without one. */
  departureAwaitsHealthSummary?: boolean;
  /** Details the coordinator was asked for during identification. */
  identification?: { missing: string[]; completedAt?: string };
  travelDocuments?: { documentReference: string; issuedAt: string };
  transit?: { departedAt?: string; arrivedAt?: string; incidents: Array<{ at: string; note?: string }> };
  /** Bookings still to cancel, and why: survives continue-as-new so nothing is left half-done. */
  compensation?: { reason: string };
  /** How many of `events` the audit trail has recorded. */
  auditedEvents?: number;
  /** How many views of itself the case has published to the registry (src/registry/case-views.ts). */
  viewRevision?: number;
  /** The answers to the latest messages people sent by signal, by message ID: a repeat is answered, not applied. */
  answers?: MessageAnswer[];
  events: CaseEvent[];
  /** Personal data; the API shows it only to roles allowed to see it. */
  registration: Registration;
}

/** The workflow's input. On continue-as-new the state travels with it. */
export interface CaseInput {
  caseNumber: string;
  registration: Registration;
  policy: CasePolicy;
  coordinator: Actor;
  registeredAt: string;
  /** Set when the workflow continues as new. */
  state?: CaseState;
}

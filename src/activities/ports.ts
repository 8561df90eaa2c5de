/**
 * The outside parties a case talks to, as small typed interfaces. Activities call these; deployments plug in HTTP
 * adapters (src/activities/partners) and SMTP (src/notifications); tests plug in the partner simulator or doubles.
 *
 * Every call carries an `idempotencyKey` derived from case and step (`<caseNumber>:<step>`): a retried activity
 * sends the same key, and the party must answer the first result again instead of acting twice.
 * A permanent refusal (4xx, invalid data) is thrown as `PartnerRejection`; anything else is transient and retried.
 */
import type { LabOutcome, RecordCheckOutcome, RegistryName } from '../domain/case';
import type { Language } from '../domain/registration';
import type { StaffRecipientRole } from '../domain/recipients';

export class PartnerRejection extends Error {
  override name = 'PartnerRejection';
  constructor(
    readonly party: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RecordCheckRequest {
  caseNumber: string;
  registry: RegistryName;
  /** The document reference the coordinator supplied for this registry, if any. */
  documentReference?: string;
  idempotencyKey: string;
}

export interface RecordRegistries {
  check(request: RecordCheckRequest): Promise<{ outcome: RecordCheckOutcome; reference?: string }>;
}

export interface SampleOrder {
  caseNumber: string;
  labId: string;
  sampleId: string;
  /** Chain of custody: who collects, who carries, who receives; staff references only. */
  chainOfCustody: { collectedBy: string; carrier: string; receivingLab: string; orderedAt: string };
  idempotencyKey: string;
}

export interface DnaLabs {
  orderSample(order: SampleOrder): Promise<{ labOrderReference: string }>;
}

export interface TravelDocumentRequest {
  caseNumber: string;
  /** ISO country codes: where the child is now, and where the verified family is. */
  from: string;
  to: string;
  idempotencyKey: string;
}

export interface TravelDocumentAuthority {
  request(request: TravelDocumentRequest): Promise<{ applicationReference: string }>;
  cancel(request: { caseNumber: string; applicationReference: string; idempotencyKey: string }): Promise<void>;
}

export interface TransitBookingRequest {
  caseNumber: string;
  from: string;
  to: string;
  escorted: true;
  medicalSupport: boolean;
  idempotencyKey: string;
}

export interface TransitProvider {
  book(request: TransitBookingRequest): Promise<{ bookingReference: string }>;
  cancel(request: { caseNumber: string; bookingReference: string; idempotencyKey: string }): Promise<void>;
}

export type NotificationKind =
  | 'consent-request'
  | 'consent-reminder'
  | 'reminder'
  | 'escalation'
  | 'lab-sample-order'
  | 'follow-up-task'
  | 'case-update'
  | 'health-summary-available';

export type { Language };

/** One message to one person. `variables` fill the template; no child's name ever goes in a subject. */
export interface Notification {
  kind: NotificationKind;
  caseNumber: string;
  to: { address: string; language: Language };
  variables: Record<string, string>;
  idempotencyKey: string;
}

export interface Notifier {
  /** Delivers once per idempotency key: a repeat returns the first delivery's message ID without sending. */
  send(notification: Notification): Promise<{ messageId: string; duplicate: boolean }>;
}

/** Where staff notifications go: the case's coordinator, a supervisor, the neutral desk, a lab's order desk. */
export interface StaffDirectory {
  addressOf(party: { role: StaffRecipientRole; id?: string }): {
    address: string;
    language: Language;
  };
}

export type { LabOutcome };

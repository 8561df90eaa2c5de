/**
 * In-memory doubles of the outside parties behind src/activities/ports.ts. Each honours idempotency keys as the
 * ports require: a repeated key answers the first result again and acts once. Tests steer them per case.
 */
import type { ActivityDeps } from '../../src/activities/deps';
import {
  PartnerRejection,
  type DnaLabs,
  type Notification,
  type Notifier,
  type RecordRegistries,
  type StaffDirectory,
  type TransitProvider,
  type TravelDocumentAuthority,
} from '../../src/activities/ports';
import type { RecordCheckOutcome, RegistryName } from '../../src/domain/case';
import { staffDirectory } from '../../src/notifications/staff-directory';
import type { Db } from '../../src/registry/db';

export interface PartnerCall {
  party: 'registry' | 'lab' | 'travel-documents' | 'transit' | 'notifier';
  action: string;
  caseNumber: string;
  idempotencyKey: string;
  reference?: string;
}

export class PartnerDoubles {
  /** Every call that acted (repeats of a key are not listed again). */
  readonly calls: PartnerCall[] = [];
  readonly notifications: Notification[] = [];
  private readonly answers = new Map<string, unknown>();
  private readonly recordOutcomes = new Map<string, RecordCheckOutcome>();
  private readonly rejections = new Set<string>();
  private counter = 0;

  /** What a registry answers for a case (default: consistent). */
  setRecordOutcome(caseNumber: string, registry: RegistryName, outcome: RecordCheckOutcome): void {
    this.recordOutcomes.set(`${caseNumber}/${registry}`, outcome);
  }

  /** Makes a party refuse every request for a case, as a permanent PartnerRejection. */
  reject(caseNumber: string, party: PartnerCall['party']): void {
    this.rejections.add(`${caseNumber}/${party}`);
  }

  callsFor(caseNumber: string, party?: PartnerCall['party']): PartnerCall[] {
    return this.calls.filter((call) => call.caseNumber === caseNumber && (!party || call.party === party));
  }

  notificationsFor(caseNumber: string): Notification[] {
    return this.notifications.filter((notification) => notification.caseNumber === caseNumber);
  }

  private async once<T>(call: Omit<PartnerCall, 'reference'>, act: () => T & { reference?: string }): Promise<T> {
    if (this.rejections.has(`${call.caseNumber}/${call.party}`))
      throw new PartnerRejection(call.party, `${call.action} refused by the test double`, 422);
    if (this.answers.has(call.idempotencyKey)) return this.answers.get(call.idempotencyKey) as T;
    const answer = act();
    this.answers.set(call.idempotencyKey, answer);
    this.calls.push({ ...call, ...(answer.reference ? { reference: answer.reference } : {}) });
    return Promise.resolve(answer);
  }

  private next(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${this.counter}`;
  }

  readonly registries: RecordRegistries = {
    check: (request) =>
      this.once(
        {
          party: 'registry',
          action: `check-${request.registry}`,
          caseNumber: request.caseNumber,
          idempotencyKey: request.idempotencyKey,
        },
        () => ({
          outcome: this.recordOutcomes.get(`${request.caseNumber}/${request.registry}`) ?? 'consistent',
          reference: this.next(`${request.registry.toUpperCase()}`),
        }),
      ),
  };

  readonly labs: DnaLabs = {
    orderSample: (order) =>
      this.once(
        {
          party: 'lab',
          action: `order-${order.sampleId}`,
          caseNumber: order.caseNumber,
          idempotencyKey: order.idempotencyKey,
        },
        () => ({ labOrderReference: this.next('LAB-ORDER'), reference: order.sampleId }),
      ),
  };

  readonly travelDocuments: TravelDocumentAuthority = {
    request: (request) =>
      this.once(
        {
          party: 'travel-documents',
          action: 'request',
          caseNumber: request.caseNumber,
          idempotencyKey: request.idempotencyKey,
        },
        () => {
          const applicationReference = this.next('TD');
          return { applicationReference, reference: applicationReference };
        },
      ),
    cancel: (request) =>
      this.once(
        {
          party: 'travel-documents',
          action: 'cancel',
          caseNumber: request.caseNumber,
          idempotencyKey: request.idempotencyKey,
        },
        () => ({ reference: request.applicationReference }),
      ).then(() => undefined),
  };

  readonly transit: TransitProvider = {
    book: (request) =>
      this.once(
        { party: 'transit', action: 'book', caseNumber: request.caseNumber, idempotencyKey: request.idempotencyKey },
        () => {
          const bookingReference = this.next('TR');
          return { bookingReference, reference: bookingReference };
        },
      ),
    cancel: (request) =>
      this.once(
        { party: 'transit', action: 'cancel', caseNumber: request.caseNumber, idempotencyKey: request.idempotencyKey },
        () => ({ reference: request.bookingReference }),
      ).then(() => undefined),
  };

  readonly notifier: Notifier = {
    send: async (notification) => {
      const repeat = this.answers.has(notification.idempotencyKey);
      const sent = await this.once(
        {
          party: 'notifier',
          action: notification.kind,
          caseNumber: notification.caseNumber,
          idempotencyKey: notification.idempotencyKey,
        },
        () => {
          this.notifications.push(notification);
          return { messageId: this.next('MSG'), duplicate: false };
        },
      );
      return { ...sent, duplicate: repeat };
    },
  };

  // The real directory: the case's own coordinator by ID, everyone else by role, as STAFF_EMAILS would give them.
  readonly staff: StaffDirectory = staffDirectory(
    [
      { role: 'coordinator', address: 'coordinators@homeward.test', language: 'en' },
      { role: 'coordinator', id: 'coord-ana', address: 'coordinator+coord-ana@homeward.test', language: 'en' },
      { role: 'supervisor', address: 'supervisor@homeward.test', language: 'en' },
      { role: 'neutral-desk', address: 'neutral-desk@homeward.test', language: 'en' },
      { role: 'lab', address: 'lab@homeward.test', language: 'en' },
      { role: 'caseworker', address: 'caseworker@homeward.test', language: 'uk' },
      { role: 'clinician', id: 'clin-rui', address: 'clinician+clin-rui@homeward.test', language: 'en' },
    ],
    { production: true },
  );

  deps(db: Db, secrets: { consentTokenSecret: string; publicBaseUrl: string }): ActivityDeps {
    return {
      db,
      registries: this.registries,
      labs: this.labs,
      travelDocuments: this.travelDocuments,
      transit: this.transit,
      notifier: this.notifier,
      staff: this.staff,
      ...secrets,
    };
  }
}

import { idempotencyKey, steps } from '../domain/idempotency-keys';
import type { ActivityDeps } from './deps';
import { partnerCall } from './partner-call';

export function createTransitActivities(deps: Pick<ActivityDeps, 'travelDocuments' | 'transit'>) {
  return {
    async requestTravelDocuments(request: { caseNumber: string; from: string; to: string; round: number }) {
      return partnerCall(() =>
        deps.travelDocuments.request({
          caseNumber: request.caseNumber,
          from: request.from,
          to: request.to,
          idempotencyKey: idempotencyKey(request.caseNumber, steps.booking('travel-documents', request.round)),
        }),
      );
    },
    async cancelTravelDocuments(request: { caseNumber: string; applicationReference: string }): Promise<void> {
      return partnerCall(() =>
        deps.travelDocuments.cancel({
          ...request,
          idempotencyKey: idempotencyKey(
            request.caseNumber,
            steps.cancellation('travel-documents', request.applicationReference),
          ),
        }),
      );
    },
    async bookTransit(request: {
      caseNumber: string;
      from: string;
      to: string;
      medicalSupport: boolean;
      round: number;
    }) {
      return partnerCall(() =>
        deps.transit.book({
          caseNumber: request.caseNumber,
          from: request.from,
          to: request.to,
          escorted: true,
          medicalSupport: request.medicalSupport,
          idempotencyKey: idempotencyKey(request.caseNumber, steps.booking('transit', request.round)),
        }),
      );
    },
    async cancelTransit(request: { caseNumber: string; bookingReference: string }): Promise<void> {
      return partnerCall(() =>
        deps.transit.cancel({
          ...request,
          idempotencyKey: idempotencyKey(request.caseNumber, steps.cancellation('transit', request.bookingReference)),
        }),
      );
    },
  };
}

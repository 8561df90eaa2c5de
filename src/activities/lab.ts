import { idempotencyKey, steps } from '../domain/idempotency-keys';
import type { ActivityDeps } from './deps';
import { partnerCall } from './partner-call';

export function createLabActivities(deps: Pick<ActivityDeps, 'labs'>) {
  return {
    async orderDnaSample(order: {
      caseNumber: string;
      labId: string;
      sampleId: string;
      collectedBy: string;
      orderedAt: string;
    }): Promise<{ labOrderReference: string }> {
      return partnerCall(() =>
        deps.labs.orderSample({
          caseNumber: order.caseNumber,
          labId: order.labId,
          sampleId: order.sampleId,
          chainOfCustody: {
            collectedBy: order.collectedBy,
            carrier: `courier:${order.labId}`,
            receivingLab: order.labId,
            orderedAt: order.orderedAt,
          },
          idempotencyKey: idempotencyKey(order.caseNumber, steps.dnaSample(order.sampleId)),
        }),
      );
    },
  };
}

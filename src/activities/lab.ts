import { recordLabOrder } from '../registry/lab-orders';
import type { ActivityDeps } from '.';
import { partnerCall } from './partner-call';

export function createLabActivities(deps: Pick<ActivityDeps, 'labs' | 'db'>) {
  return {
    async orderDnaSample(order: {
      caseNumber: string;
      labId: string;
      sampleId: string;
      collectedBy: string;
      orderedAt: string;
    }): Promise<{ labOrderReference: string }> {
      // Before the lab hears of the sample: its result may come back before this activity completes.
      await recordLabOrder(deps.db, order);
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
          idempotencyKey: `${order.caseNumber}:dna-sample-${order.sampleId}`,
        }),
      );
    },
  };
}

import { z } from 'zod';
import type { PartnerEndpoint } from '../../config';
import type { DnaLabs, SampleOrder } from '../ports';
import { callPartner } from './http';

const orderAnswer = z.object({ labOrderReference: z.string().min(1).max(200) });

/** DNA sample orders with their chain-of-custody form: `POST <url>/orders`; the lab posts its result back later. */
export function httpDnaLabs(endpoint: PartnerEndpoint, timeoutMs: number): DnaLabs {
  return {
    orderSample: ({ idempotencyKey, ...order }: SampleOrder) =>
      callPartner({
        party: `DNA lab ${order.labId}`,
        endpoint,
        timeoutMs,
        path: '/orders',
        body: order,
        idempotencyKey,
        answer: orderAnswer,
      }),
  };
}

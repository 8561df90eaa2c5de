import { z } from 'zod';
import type { PartnerEndpoint } from '../../config';
import type { TransitProvider } from '../ports';
import { callPartner } from './http';

const bookingAnswer = z.object({ bookingReference: z.string().min(1).max(200) });
const party = 'transit provider';

/** Escorted journeys: `POST <url>/bookings`, `POST <url>/bookings/<ref>/cancel`. */
export function httpTransitProvider(endpoint: PartnerEndpoint, timeoutMs: number): TransitProvider {
  return {
    book: ({ idempotencyKey, ...booking }) =>
      callPartner({
        party,
        endpoint,
        timeoutMs,
        path: '/bookings',
        body: booking,
        idempotencyKey,
        answer: bookingAnswer,
      }),
    async cancel({ caseNumber, bookingReference, idempotencyKey }) {
      await callPartner({
        party,
        endpoint,
        timeoutMs,
        path: `/bookings/${encodeURIComponent(bookingReference)}/cancel`,
        body: { caseNumber },
        idempotencyKey,
      });
    },
  };
}

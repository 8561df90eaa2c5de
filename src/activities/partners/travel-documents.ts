import { z } from 'zod';
import type { PartnerEndpoint } from '../../config';
import type { TravelDocumentAuthority } from '../ports';
import { callPartner } from './http';

const applicationAnswer = z.object({ applicationReference: z.string().min(1).max(200) });
const party = 'travel-document authority';

/** Emergency travel documents: `POST <url>/applications`, `POST <url>/applications/<ref>/cancel`. */
export function httpTravelDocumentAuthority(endpoint: PartnerEndpoint, timeoutMs: number): TravelDocumentAuthority {
  return {
    request: ({ idempotencyKey, ...application }) =>
      callPartner({
        party,
        endpoint,
        timeoutMs,
        path: '/applications',
        body: application,
        idempotencyKey,
        answer: applicationAnswer,
      }),
    async cancel({ caseNumber, applicationReference, idempotencyKey }) {
      await callPartner({
        party,
        endpoint,
        timeoutMs,
        path: `/applications/${encodeURIComponent(applicationReference)}/cancel`,
        body: { caseNumber },
        idempotencyKey,
      });
    },
  };
}

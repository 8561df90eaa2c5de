import { z } from 'zod';
import type { PartnerEndpoint } from '../../config';
import type { RecordCheckRequest, RecordRegistries } from '../ports';
import { callPartner } from './http';

const checkAnswer = z.object({
  outcome: z.enum(['consistent', 'contradictory', 'not-found', 'unavailable']),
  reference: z.string().max(200).optional(),
});

/** Civil, medical and school registries behind one gateway: `POST <url>/<registry>/checks`. */
export function httpRecordRegistries(endpoint: PartnerEndpoint, timeoutMs: number): RecordRegistries {
  return {
    async check({ caseNumber, registry, documentReference, idempotencyKey }: RecordCheckRequest) {
      const answer = await callPartner({
        party: `${registry} registry`,
        endpoint,
        timeoutMs,
        path: `/${registry}/checks`,
        body: { caseNumber, ...(documentReference ? { documentReference } : {}) },
        idempotencyKey,
        answer: checkAnswer,
      });
      return { outcome: answer.outcome, ...(answer.reference ? { reference: answer.reference } : {}) };
    },
  };
}

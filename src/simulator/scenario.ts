/**
 * What the simulated parties answer for a case. A scenario is set per case number or as the default for every
 * case; fields left out fall back to the default, then to a plain match.
 */
import { z } from 'zod';

const recordOutcome = z.enum(['consistent', 'contradictory', 'not-found', 'unavailable']);
const labOutcome = z.enum(['match', 'exclusion', 'inconclusive']);

export const scenarioSchema = z.object({
  /** One word for the whole case: records and DNA agree with it; `unavailable` makes every party answer 503. */
  outcome: z.enum(['match', 'exclusion', 'inconclusive', 'unavailable']).optional(),
  /** Per registry, overriding `outcome`. */
  records: z.partialRecord(z.enum(['civil', 'medical', 'school']), recordOutcome).optional(),
  /** DNA result per order in turn (a retest takes the next one); `silent` accepts orders and never answers. */
  lab: z.union([labOutcome, z.array(labOutcome).min(1), z.enum(['unavailable', 'silent'])]).optional(),
  /** How long the lab takes to post its result. */
  labResultAfterMs: z.number().int().min(0).max(3_600_000).optional(),
  /** The party acts at once but answers this much later (a timeout test sets it above the caller's timeout). */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Only the first N attempts per idempotency key are delayed. */
  delayAttempts: z.number().int().min(0).optional(),
  /** The first N attempts per idempotency key answer 503. */
  failFirst: z.number().int().min(0).max(100).optional(),
  /** These parties refuse the case with 422 (a permanent refusal). */
  reject: z.array(z.enum(['registries', 'labs', 'travel-documents', 'transit'])).optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type RecordOutcome = z.infer<typeof recordOutcome>;
export type SimulatedLabOutcome = z.infer<typeof labOutcome>;
export type Party = 'registries' | 'labs' | 'travel-documents' | 'transit';

export function recordOutcomeFor(scenario: Scenario, registry: 'civil' | 'medical' | 'school'): RecordOutcome {
  const given = scenario.records?.[registry];
  if (given) return given;
  switch (scenario.outcome) {
    case 'exclusion':
      return 'contradictory';
    case 'inconclusive':
      return 'not-found';
    default:
      return 'consistent';
  }
}

/** The outcome of the case's `orderIndex`-th DNA order (0-based), or undefined when the lab stays silent. */
export function labOutcomeFor(scenario: Scenario, orderIndex: number): SimulatedLabOutcome | undefined {
  const lab = scenario.lab;
  if (lab === 'silent' || lab === 'unavailable') return undefined;
  if (Array.isArray(lab)) return lab[Math.min(orderIndex, lab.length - 1)];
  if (lab) return lab;
  return scenario.outcome === 'exclusion' || scenario.outcome === 'inconclusive' ? scenario.outcome : 'match';
}

export function isUnavailable(scenario: Scenario, party: Party): boolean {
  return scenario.outcome === 'unavailable' || (party === 'labs' && scenario.lab === 'unavailable');
}

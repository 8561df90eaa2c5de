/**
 * The duplicate check of POST /cases: before a case is allocated, likely duplicates are reported (409) with their
 * case numbers; the coordinator answers with `duplicateDecision`, and the decision is recorded in the audit trail.
 */
import { z } from 'zod';
import type { Config } from '../config';
import type { Caller } from './auth';
import { workflowIdFor } from '../domain/case-number';
import type { DuplicateDecision, Registration } from '../domain/registration';
import { appendRegistryEntry } from '../registry/audit';
import { findByReference, findCase, type CaseRecord } from '../registry/cases';
import type { Db } from '../registry/db';
import {
  findDuplicateDecision,
  findLikelyDuplicates,
  linkageKeysFrom,
  recordDuplicateDecision,
  recordDuplicateKeys,
  type DuplicateCandidate,
} from '../registry/duplicates';
import { conflict, rejected } from './errors';

export const duplicateConflictBody = z
  .object({
    error: z.string(),
    message: z.string(),
    requestId: z.string(),
    candidates: z
      .array(
        z.object({
          caseNumber: z.string(),
          registeredAt: z.string(),
          nameSimilarity: z.number().describe('0 to 1, once names are transliterated and folded'),
          birthDate: z.enum(['same', 'close', 'estimated']).describe('How well the birth dates agree'),
        }),
      )
      .optional()
      .describe('Cases that are likely the same child; open them with GET /cases/:caseNumber'),
  })
  .loose()
  .describe('Likely duplicates: resend with duplicateDecision');

type Candidate = DuplicateCandidate & { registeredAt: string };

const linkageKeys = (config: Config) => linkageKeysFrom(config.encryption);

/**
 * Runs before allocation. Returns the case to answer with when this registration is linked to an existing case;
 * throws 409 while likely duplicates are undecided; returns undefined when a new case may be allocated.
 */
export async function checkForDuplicates(
  db: Db,
  config: Config,
  registration: Registration,
  decision: DuplicateDecision | undefined,
  caller: Caller,
): Promise<{ caseNumber: string; workflowId: string; created: false } | undefined> {
  const { id: organisationId, reference } = registration.organisation;
  if (await findByReference(db, organisationId, reference)) return undefined;
  const earlier = await findDuplicateDecision(db, organisationId, reference);
  if (earlier?.kind === 'linked') return linkedAnswer(earlier.caseNumber);

  const candidates = await candidatesFor(db, config, registration);
  if (decision && 'linkTo' in decision) {
    const target = await findCase(db, decision.linkTo);
    if (!target) throw rejected(`there is no case ${decision.linkTo} to link this registration to`);
    const { recorded } = await recordDuplicateDecision(db, {
      organisationId,
      organisationReference: reference,
      kind: 'linked',
      caseNumber: target.caseNumber,
      candidates: candidates.map((candidate) => candidate.caseNumber),
      decidedBy: caller.actorId,
    });
    if (recorded) {
      await appendRegistryEntry(db, target.caseNumber, {
        at: new Date().toISOString(),
        type: 'duplicate-registration-linked',
        actor: { id: caller.actorId, role: 'coordinator' },
        stage: 'registered',
        detail: `registration ${organisationId}/${reference} linked to this case as the same child`,
        data: { organisation: organisationId },
      });
    }
    return linkedAnswer(target.caseNumber);
  }
  const confirmed = new Set(decision?.confirmedDifferentFrom ?? []);
  const undecided = candidates.filter((candidate) => !confirmed.has(candidate.caseNumber));
  if (undecided.length > 0) {
    throw conflict(
      `this child may already be registered as ${undecided.map((candidate) => candidate.caseNumber).join(', ')}: ` +
        'compare the cases, then resend with duplicateDecision { "linkTo": "<case number>" } if it is the same child, ' +
        'or { "confirmedDifferentFrom": [<every candidate>] } if it is not',
      { candidates: undecided },
    );
  }
  return undefined;
}

/** Runs after allocation: keeps the new case's duplicate-detection keys and records a "different child" decision. */
export async function recordRegistration(
  db: Db,
  config: Config,
  record: CaseRecord,
  registration: Registration,
  decision: DuplicateDecision | undefined,
  caller: Caller,
  created: boolean,
): Promise<void> {
  await recordDuplicateKeys(
    db,
    record.caseNumber,
    registration.child,
    linkageKeys(config),
    new Date(record.registeredAt),
  );
  if (!created || !decision || !('confirmedDifferentFrom' in decision)) return;
  const { recorded } = await recordDuplicateDecision(db, {
    organisationId: registration.organisation.id,
    organisationReference: registration.organisation.reference,
    kind: 'different',
    caseNumber: record.caseNumber,
    candidates: decision.confirmedDifferentFrom,
    decidedBy: caller.actorId,
  });
  if (!recorded) return;
  await appendRegistryEntry(db, record.caseNumber, {
    at: new Date().toISOString(),
    type: 'duplicate-check-decided',
    actor: { id: caller.actorId, role: 'coordinator' },
    stage: 'registered',
    detail: `confirmed a different child from ${decision.confirmedDifferentFrom.join(', ')}`,
    data: { decision: 'different-child', candidates: decision.confirmedDifferentFrom.join(',') },
  });
}

async function candidatesFor(db: Db, config: Config, registration: Registration): Promise<Candidate[]> {
  const found = await findLikelyDuplicates(db, registration.child, linkageKeys(config));
  return Promise.all(
    found.map(async (candidate) => ({
      ...candidate,
      registeredAt: (await findCase(db, candidate.caseNumber))?.registeredAt ?? '',
    })),
  );
}

const linkedAnswer = (caseNumber: string) => ({
  caseNumber,
  workflowId: workflowIdFor(caseNumber),
  created: false as const,
});

/**
 * The duplicate check of POST /cases: before a case is allocated, likely duplicates are reported (409) with their
 * case numbers; the coordinator answers with `duplicateDecision`, and the decision is recorded in the audit trail.
 * A likely duplicate among the cases of parties the caller does not share with is reported as existing, never by its
 * number, and cannot be linked to: case numbers of other parties do not leave the registry.
 */
import { z } from 'zod';
import type { Config } from '../config';
import { workflowIdFor } from '../domain/case-number';
import type { DuplicateDecision, Registration } from '../domain/registration';
import { appendRegistryEntry } from '../registry/audit';
import { findCase, type CaseRecord, type RecordedDuplicateDecision } from '../registry/cases';
import type { Db } from '../registry/db';
import {
  findLikelyDuplicates,
  linkageKeysFrom,
  recordDuplicateDecision,
  recordDuplicateKeys,
  type DuplicateCandidate,
  type LinkageKeys,
} from '../registry/duplicates';
import { partiesOfCases } from './case-access';
import type { Caller } from './context';
import { mayReachCase } from '../domain/authorisation';
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
    unseenCandidates: z
      .number()
      .int()
      .optional()
      .describe('How many more likely duplicates are cases of parties that do not share them with you: never named'),
  })
  .loose()
  .describe('Likely duplicates: resend with duplicateDecision');

type Candidate = DuplicateCandidate & { registeredAt: string };

/** Derived once per configuration: the name filters' bigram cache is kept per key (src/registry/name-filters.ts). */
const linkageKeysByConfig = new WeakMap<Config['encryption'], LinkageKeys>();

function linkageKeys(config: Config): LinkageKeys {
  let keys = linkageKeysByConfig.get(config.encryption);
  if (!keys) linkageKeysByConfig.set(config.encryption, (keys = linkageKeysFrom(config.encryption)));
  return keys;
}

/**
 * Runs before allocation, for an organisation reference not registered yet. Returns the case to answer with when
 * this registration is linked to an existing case; throws 409 while likely duplicates are undecided; returns
 * undefined when a new case may be allocated.
 */
export async function checkForDuplicates(
  db: Db,
  config: Config,
  request: { registration: Registration; decision: DuplicateDecision | undefined; caller: Caller },
  /** The decision recorded for this reference before, read with it (src/registry/cases.ts, findReference). */
  earlier: RecordedDuplicateDecision | undefined,
): Promise<{ caseNumber: string; workflowId: string; created: false } | undefined> {
  const { registration, decision, caller } = request;
  const { id: organisationId, reference } = registration.organisation;
  if (earlier?.kind === 'linked') return linkedAnswer(earlier.caseNumber);

  const candidates = await candidatesFor(db, config, registration);
  const reachable = await reachableOf(db, config, caller, [
    ...candidates.map((candidate) => candidate.caseNumber),
    ...(decision && 'linkTo' in decision ? [decision.linkTo] : []),
  ]);
  if (decision && 'linkTo' in decision) {
    const target = reachable.has(decision.linkTo) ? await findCase(db, decision.linkTo) : undefined;
    // Another party's case is answered as one that does not exist: linking is no way to learn case numbers.
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
  const shown = candidates.filter((candidate) => reachable.has(candidate.caseNumber));
  const undecided = shown.filter((candidate) => !confirmed.has(candidate.caseNumber));
  const unseen = candidates.length - shown.length;
  // Unseen candidates cannot be compared: a decision about the shown ones (or an empty one) lets the case be registered.
  if (undecided.length > 0 || (unseen > 0 && !decision)) {
    throw conflict(duplicateMessage(undecided, unseen), {
      candidates: undecided,
      ...(unseen > 0 ? { unseenCandidates: unseen } : {}),
    });
  }
  return undefined;
}

function duplicateMessage(shown: Candidate[], unseen: number): string {
  const numbers = shown.map((candidate) => candidate.caseNumber).join(', ');
  const others = `${unseen === 1 ? 'a case' : `${unseen} cases`} of another party, which cannot be shown to you`;
  const where =
    shown.length && unseen ? `as ${numbers}, and in ${others}` : shown.length ? `as ${numbers}` : `in ${others}`;
  const how = shown.length
    ? 'compare the cases, then resend with duplicateDecision { "linkTo": "<case number>" } if it is the same child, ' +
      `or { "confirmedDifferentFrom": [${shown.map((candidate) => `"${candidate.caseNumber}"`).join(', ')}] } if it is not`
    : 'if you still register it, resend with duplicateDecision { "confirmedDifferentFrom": [] }; the neutral desk can compare the cases';
  return `this child may already be registered ${where}: ${how}`;
}

/** The case numbers among `caseNumbers` the caller's party may see. */
async function reachableOf(db: Db, config: Config, caller: Caller, caseNumbers: string[]): Promise<Set<string>> {
  if (caller.organisation === undefined) return new Set(caseNumbers);
  const parties = await partiesOfCases(db, config.api.sharing, caseNumbers);
  return new Set(caseNumbers.filter((caseNumber) => mayReachCase(caller, parties.get(caseNumber) ?? [])));
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

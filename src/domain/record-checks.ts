/**
 * Record checks: which registries a case asks, with which reference, and when an unavailable registry is asked
 * again: at each reminder point of the record-check wait and at its deadline, then the wait escalates.
 */
import type { Dispute, PendingAction, RegistryName } from './case';
import type { WaitPolicy } from './policy';
import type { Registration } from './registration';

export const registries: RegistryName[] = ['civil', 'medical', 'school'];

/** The coordinator's reference for the child's record at `registry`, if they gave one. */
export function documentReferenceFor(
  registry: RegistryName,
  documents: Registration['documents'] = {},
): string | undefined {
  return {
    civil: documents.civilRegistryReference,
    medical: documents.medicalRecordReference,
    school: documents.schoolRecordReference,
  }[registry];
}

/** When an unavailable registry is asked again (epoch ms): at each reminder fraction of the deadline, then at it. */
export function registryAskAgainAt(
  action: Pick<PendingAction, 'since' | 'dueAt'>,
  wait: Pick<WaitPolicy, 'remindAt'>,
): number[] {
  const since = Date.parse(action.since);
  const due = Date.parse(action.dueAt);
  return [...wait.remindAt.map((fraction) => since + fraction * (due - since)), due];
}

/** 1, then 2 … each time a reviewer sends the case back to record checks. */
export function recordCheckRound(disputes: Pick<Dispute, 'decision'>[]): number {
  return disputes.filter((dispute) => dispute.decision?.decision === 're-verify-records').length + 1;
}

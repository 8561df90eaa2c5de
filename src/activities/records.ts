import type { RecordCheck, RegistryName } from '../domain/case';
import { idempotencyKey, steps } from '../domain/idempotency-keys';
import type { ActivityDeps } from './deps';
import { partnerCall } from './partner-call';

export function createRecordActivities(deps: Pick<ActivityDeps, 'registries'>) {
  return {
    async checkRecord(request: {
      caseNumber: string;
      registry: RegistryName;
      documentReference?: string;
      /** 1 for the first ask, 2 … for asks again after an unavailable answer. */
      attempt: number;
      /** 1, then 2 … each time a reviewer sends the case back to record checks. */
      round: number;
    }): Promise<Pick<RecordCheck, 'outcome' | 'reference'>> {
      const { attempt, round, ...check } = request;
      // Without a reference there is nothing to check: answered here, not guessed at by the registry.
      if (!check.documentReference) return { outcome: 'no-reference' };
      return partnerCall(() =>
        deps.registries.check({
          ...check,
          idempotencyKey: idempotencyKey(request.caseNumber, steps.recordCheck(request.registry, round, attempt)),
        }),
      );
    },
  };
}

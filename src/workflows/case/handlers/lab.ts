/** A partner lab's DNA result for a sample the case ordered. */
import { setHandler } from '@temporalio/workflow';
import { checkLabResult } from '../../../domain/dna';
import { labResultSignal } from '../../messages';
import type { CaseRun } from '../run';

export function registerLabResultSignal(run: CaseRun): void {
  const { state } = run;
  setHandler(labResultSignal, (result) => {
    const check = checkLabResult(state.dna.samples, result);
    if (check.accept) {
      state.dna.samples[check.sampleIndex]!.result = {
        outcome: result.outcome,
        resultReference: result.resultReference,
        receivedAt: run.now(),
      };
      run.record('lab-result', { id: result.labId, role: 'lab' }, `${result.sampleId}: ${result.outcome}`, {
        outcome: result.outcome,
      });
    } else if (!check.repeat)
      run.record('lab-result-ignored', { id: result.labId, role: 'lab' }, `${result.sampleId}: ${check.reason}`);
  });
}

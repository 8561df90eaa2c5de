/** DNA testing: a sample ordered from the policy's partner lab, its result awaited, a retest on an inconclusive one. */
import { CancellationScope } from '@temporalio/workflow';
import { awaitedResultIn, dnaVerdict, sampleIdFor } from '../../../domain/dna';
import { partners } from '../activities';
import { system, type CaseRun } from '../run';
import { waitFor } from '../waits';
import { changes } from '../changes';

export async function dnaTesting(run: CaseRun): Promise<void> {
  const { state, policy, caseNumber } = run;
  let resultIn = awaitedResultIn(state.dna) && run.takes(changes.resultTakenOnReturn);
  for (;;) {
    const latest = state.dna.samples[state.dna.samples.length - 1];
    if (!resultIn && (!latest || latest.result)) {
      const sampleId = sampleIdFor(caseNumber, state.dna.samples);
      const orderedAt = run.now();
      const ordered = { sampleId, labId: policy.dnaLabId, orderedAt };
      // The lab may answer before the order's activity completes (its worker killed after the lab took the order):
      // the case knows the sample from the moment it orders it, so that result is taken, not refused as unknown.
      const knownBeforeOrder = run.takes(changes.sampleKnownBeforeOrder);
      if (knownBeforeOrder) state.dna.samples.push(ordered);
      // Not cancellable: once a lab holds an order, the case knows about it.
      await CancellationScope.nonCancellable(() =>
        partners.orderDnaSample({
          caseNumber,
          labId: policy.dnaLabId,
          sampleId,
          collectedBy: state.coordinator.id,
          orderedAt,
        }),
      );
      if (!knownBeforeOrder) state.dna.samples.push(ordered);
      run.record('sample-ordered', system, `${sampleId} from ${policy.dnaLabId}`);
    }
    resultIn = false;
    const sample = state.dna.samples[state.dna.samples.length - 1]!;
    state.dna.awaitedSample = sample.sampleId;
    await waitFor(
      run,
      {
        id: `lab-result:${sample.sampleId}`,
        kind: 'lab-result',
        waitingOn: 'lab',
        party: sample.labId,
        wait: 'labResult',
      },
      () => sample.result !== undefined,
    );
    if (run.stageMoved()) return;
    delete state.dna.awaitedSample;
    const verdict = dnaVerdict(state.dna.samples, policy);
    if (verdict.next === 'verification') return run.setStage('verification');
    if (verdict.next === 'dispute') {
      run.openDispute(verdict.reason, system, false);
      return;
    }
    run.record('dna-retest', system, `${sample.sampleId} inconclusive`);
  }
}

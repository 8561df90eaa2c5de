/** Stages where a case waits on a person's decision: a reviewer's sign-off or dispute decision, a hold's review. */
import type { CaseRun } from '../run';
import { waitFor } from '../waits';

export async function verification(run: CaseRun): Promise<void> {
  await waitFor(
    run,
    { id: 'verification', kind: 'verification', waitingOn: 'reviewer', wait: 'verification' },
    () => false,
  );
}

export async function dispute(run: CaseRun): Promise<void> {
  const { state } = run;
  const open = state.disputes[state.disputes.length - 1];
  await waitFor(
    run,
    { id: `dispute:${open?.id ?? 'D0'}`, kind: state.stage, waitingOn: 'reviewer', wait: 'dispute' },
    () => false,
  );
}

export async function onHold(run: CaseRun): Promise<void> {
  await waitFor(run, { id: 'hold-review', kind: 'hold-review', waitingOn: 'coordinator', wait: 'hold' }, () => false, {
    whenExhausted: 'stay',
  });
}

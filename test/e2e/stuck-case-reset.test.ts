/**
 * The recovery `npm run cases:stuck -- --reset` performs, end to end on the dev server: a case whose history no
 * longer replays with the worker's code is found by replay, reset to the workflow task before the first event that
 * does not replay, and goes on under the real code with the person's message that came before it still applied.
 * The case is made unreplayable by running it first on a worker whose bundle adds a timer before each message.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCaseWorkflows } from '../../src/workers/workflow-code';
import { workflowIdFor } from '../../src/domain/case-number';
import { findStuckRuns, resetStuckRun } from '../../src/operations/stuck-cases';
import { dataConverterFor } from '../../src/temporal/connection';
import { auth, registerCase, waitForStage } from '../api/api-support';
import { eventually } from '../support/eventually';
import { startTestStack, testKeys, workflowBundlePath, type TestStack } from '../support/stack';

describe('a case whose history no longer replays', () => {
  let stack: TestStack;
  let driftedBundle: string;
  beforeAll(async () => {
    const code = await bundleCaseWorkflows({
      extraInterceptorModules: [require.resolve('../support/workflows/drift-interceptor')],
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
    });
    driftedBundle = join(mkdtempSync(join(tmpdir(), 'homeward-drifted-')), 'workflows.js');
    writeFileSync(driftedBundle, code);
    stack = await startTestStack({}, { workflowBundlePath: driftedBundle });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is found by replay, reset to its last good workflow task, and goes on under the real code', async () => {
    const caseNumber = await registerCase(stack);
    await waitForStage(stack, caseNumber, 'identification');
    const held = await stack.app.inject({
      method: 'POST',
      url: `/cases/${caseNumber}/hold`,
      headers: auth(testKeys.coordinator),
      payload: { reason: 'facility access denied' },
    });
    expect(held.statusCode).toBe(200);

    await stack.replaceWorker(workflowBundlePath());
    const options = {
      client: stack.client,
      workflowBundlePath: workflowBundlePath(),
      dataConverter: dataConverterFor(stack.config),
      query: `WorkflowId = '${workflowIdFor(caseNumber)}' AND ExecutionStatus = 'Running'`,
    };
    // Visibility lists a run a moment after it starts.
    const stuck = await eventually(
      () => findStuckRuns(options),
      (found) => found.length > 0,
      'the run listed',
    );
    expect(stuck).toHaveLength(1);
    const [run] = stuck;
    // The real code reaches the timer the drifted one started and cancels it: a state machine refuses the event.
    expect(run!.error).toMatch(/^Fatal error in workflow machines: TimerMachine .* TimerStarted/);
    expect(run!.resetTo).toBeLessThan(run!.failingEventId!);

    const newRunId = await resetStuckRun(stack.client, run!, 'stuck-case test');
    expect(newRunId).not.toBe(run!.runId);
    // The hold arrived before the reset point, so the new run still holds the case; a supervisor resumes it.
    await waitForStage(stack, caseNumber, 'on-hold');
    const resumed = await stack.app.inject({
      method: 'POST',
      url: `/cases/${caseNumber}/resume`,
      headers: auth(testKeys.supervisor),
    });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ stage: 'identification' });
    const runs = await eventually(
      async () => {
        const listed: string[] = [];
        for await (const execution of stack.client.workflow.list({ query: options.query }))
          listed.push(execution.runId);
        return listed;
      },
      (listed) => listed.length === 1 && listed[0] === newRunId,
      (listed) => `only the new run listed as running, not ${listed.join(', ')}`,
    );
    expect(runs).toEqual([newRunId]);
    expect(await findStuckRuns(options)).toEqual([]);
  });
});

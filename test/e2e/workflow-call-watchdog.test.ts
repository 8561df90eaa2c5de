/**
 * The workflow-call watchdog (src/workers/workflow-call-watchdog.ts) in a real worker on the dev server: calls into
 * the sandbox go through it, a call that never returns ends the worker within the limit, and the SDK's own timeout
 * on every call is what a worker without it gets.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createLogger } from '../../src/logger';
import { watchWorkflowCalls } from '../../src/workers/workflow-call-watchdog';
import { devServerAddress } from '../support/stack';

const limitMs = 1500;

describe('the workflow-call watchdog', () => {
  let code: string;
  let connection: NativeConnection;
  let client: Client;
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });

  beforeAll(async () => {
    code = (await bundleWorkflowCode({ workflowsPath: require.resolve('../support/workflows/never-returns') })).code;
    connection = await NativeConnection.connect({ address: devServerAddress() });
    client = new Client({ connection: await Connection.connect({ address: devServerAddress() }) });
  });
  afterAll(async () => {
    await client.connection.close();
    await connection.close();
  });

  const startWorker = async () => {
    const taskQueue = `watchdog-${randomUUID()}`;
    const worker = await Worker.create({ connection, taskQueue, workflowBundle: { code } });
    return { worker, taskQueue, running: worker.run() };
  };
  const run = (taskQueue: string, workflow: string) =>
    client.workflow.start(workflow, { taskQueue, workflowId: `watchdog-${randomUUID()}`, workflowTaskTimeout: '2s' });

  it('takes every call into the sandbox, and ends the worker when one never returns', async () => {
    const watchdog = watchWorkflowCalls({ limitMs, logger });
    const { worker, taskQueue, running } = await startWorker();
    const before = watchdog.calls();
    await expect((await run(taskQueue, 'returnsAfterATimer')).result()).resolves.toBe('returned');
    // Two workflow tasks of at least four calls each reached the sandbox through the watchdog's prelude.
    expect(watchdog.calls() - before).toBeGreaterThanOrEqual(8);

    const started = Date.now();
    const stuck = await run(taskQueue, 'neverReturns');
    await expect(running).rejects.toThrow(/Workflow Worker Thread/);
    const endedAfter = Date.now() - started;
    expect(endedAfter).toBeGreaterThanOrEqual(limitMs);
    expect(endedAfter).toBeLessThan(limitMs + 5000);
    const fatal = lines
      .map((line) => JSON.parse(line) as { level: number; msg: string; limitMs?: number })
      .find((line) => line.level === 60);
    expect(fatal).toMatchObject({ limitMs, msg: expect.stringMatching(/has run \d+ ms without returning/) });
    expect(worker.getState()).toBe('FAILED');
    await stuck.terminate();
  });

  it('leaves a worker started without it to the SDK: no call goes through it', async () => {
    const watchdog = watchWorkflowCalls(undefined);
    const { worker, taskQueue, running } = await startWorker();
    const before = watchdog.calls();
    await expect((await run(taskQueue, 'returnsAfterATimer')).result()).resolves.toBe('returned');
    expect(watchdog.calls()).toBe(before);
    worker.shutdown();
    await running;
  });
});

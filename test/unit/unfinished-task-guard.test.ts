/**
 * The guard wraps a method the TypeScript SDK does not document (src/workers/unfinished-task-guard.ts): an upgrade
 * that renames it must fail here and at the worker's start, never drop the guard silently.
 */
import { Worker } from '@temporalio/worker';
import { createLogger } from '../../src/logger';
import { guardAgainstUnfinishedTasks } from '../../src/workers/unfinished-task-guard';

describe('the guard against queries on unfinished workflow tasks', () => {
  it('finds the activation handling it wraps in this SDK', () => {
    expect(typeof (Worker.prototype as unknown as Record<string, unknown>).handleActivation).toBe('function');
  });

  it('refuses to start a worker whose SDK no longer has it', () => {
    const withoutIt = Object.create(null) as Worker;
    expect(() =>
      guardAgainstUnfinishedTasks(withoutIt, { client: {} as never, logger: createLogger('silent') }),
    ).toThrow(/must be brought up to date before the SDK is upgraded/);
  });
});

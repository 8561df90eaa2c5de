/**
 * Replays the histories recorded from the case workflow tests (test/fixtures/histories) with the current workflow
 * code: a change that would break running cases fails here. Re-record with
 * `HOMEWARD_RECORD_HISTORIES=1 npm run test:jest -- test/workflows/case-` after an intended, versioned change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import type { ActivityDeps } from '../../src/activities/deps';
import { dataConverterFor } from '../../src/temporal/connection';
import { testConfig, workflowBundlePath } from '../support/stack';
import { historiesDir } from './case-harness';

describe('replay of recorded case histories', () => {
  it('keeps a fixture for every history the case tests record', () => {
    // A history a test records (`harness.keep(handle, '<name>')`) but nobody kept would never be replayed here.
    const recorded = readdirSync(__dirname)
      .filter((file) => file.startsWith('case-') && file.endsWith('.test.ts'))
      .flatMap((file) =>
        [...readFileSync(join(__dirname, file), 'utf8').matchAll(/\.keep\([^,]+,\s*'([^']+)'/g)].map(
          (match) => match[1]!,
        ),
      );
    const kept = new Set(readdirSync(historiesDir));
    expect(recorded).toEqual(expect.arrayContaining(['happy-path', 'audit-conflict']));
    expect(recorded.filter((name) => !kept.has(`${name}.json`))).toEqual([]);
  });

  it('replays every recorded history without a determinism error', async () => {
    const files = readdirSync(historiesDir).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(14);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(historiesDir, file), 'utf8'))),
    }));
    const failures: string[] = [];
    let replayed = 0;
    // ReplayWorkerOptions leaves out `activities`, but the replayer checks that local activities are registered.
    const options = {
      workflowBundle: { codePath: workflowBundlePath() },
      dataConverter: dataConverterFor(testConfig()),
      // Local activities must be registered; their recorded results replay from markers, so they never run here.
      activities: Object.fromEntries(
        Object.keys(createActivities({} as ActivityDeps)).map((name) => [
          name,
          () => Promise.reject(new Error('activities do not run during replay')),
        ]),
      ),
    };
    for await (const result of Worker.runReplayHistories(options, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});

/**
 * Histories of cases that stopped replaying after crashes (test/fixtures/stuck-histories: two from the
 * fault-injection suite of 2026-12-01). They still fail with today's
 * code, which is the open defect bench/findings/README.md describes; the test pins what the recovery reads from them:
 * the event that does not replay and the workflow task to reset to.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { failingEventOf, resetPointFor } from '../../src/operations/stuck-cases';
import { dataConverterFor } from '../../src/temporal/connection';
import { testConfig, workflowBundlePath } from '../support/stack';

const dir = resolve(__dirname, '../fixtures/stuck-histories');
const { EventType } = temporal.api.enums.v1;

/** The CLI's JSON (times as text) or the client's object form, as the fixtures were kept. */
const historyOf = (json: { events: Array<{ eventTime: unknown }> }) =>
  typeof json.events[0]?.eventTime === 'string'
    ? historyFromJSON(json)
    : temporal.api.history.v1.History.fromObject(json);

describe('cases whose history no longer replays', () => {
  const histories = readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyOf(
        JSON.parse(readFileSync(join(dir, file), 'utf8')) as { events: Array<{ eventTime: unknown }> },
      ),
    }));

  it('are found by replay, with the event that does not replay and a completed workflow task before it', async () => {
    expect(histories.length).toBeGreaterThanOrEqual(2);
    const found: Array<{ workflowId: string; failing?: number; resetTo?: number }> = [];
    const replays = Worker.runReplayHistories(
      { workflowBundle: { codePath: workflowBundlePath() }, dataConverter: dataConverterFor(testConfig()) },
      histories,
    );
    for await (const replay of replays) {
      expect(replay.error?.message).toMatch(/TMPRL1100/);
      const failing = failingEventOf(replay.error!.message);
      const history = histories.find((candidate) => candidate.workflowId === replay.workflowId)!.history;
      found.push({
        workflowId: replay.workflowId,
        ...(failing !== undefined ? { failing, resetTo: resetPointFor(history, failing) } : {}),
      });
    }
    expect(found).toHaveLength(histories.length);
    for (const { workflowId, failing, resetTo } of found) {
      expect({ workflowId, failing: typeof failing }).toEqual({ workflowId, failing: 'number' });
      const history = histories.find((candidate) => candidate.workflowId === workflowId)!.history;
      const point = history.events!.find((event) => Number(event.eventId) === resetTo);
      expect(point?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
      expect(resetTo!).toBeLessThan(failing!);
      // No workflow task completed between the reset point and the failing event.
      const between = history.events!.filter(
        (event) =>
          Number(event.eventId) > resetTo! &&
          Number(event.eventId) < failing! &&
          event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
      );
      expect(between).toEqual([]);
    }
  });
});

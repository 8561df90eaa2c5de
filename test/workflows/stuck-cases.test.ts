/**
 * Histories of cases that stopped replaying after crashes (test/fixtures/stuck-histories: two from the
 * fault-injection suite of 2026-12-01, before the fix bench/findings/README.md describes; one answered a query
 * from an unfinished workflow task, test/e2e/query-after-crash.test.ts; and one from a fault run with the first form
 * of that guard, which answered a query from a task the dying worker had started). A history that recorded commands in an
 * order its code does not make fails with any later code too; the test pins what the recovery reads from them: the
 * event that does not replay and the workflow task to reset to. The reset itself runs end to end in
 * test/e2e/stuck-case-reset.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { failingEventOf, replayErrorSummary, resetPointFor } from '../../src/operations/stuck-cases';
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

  it('reads the failing event from both forms a replay error takes', () => {
    const nondeterminism =
      '[TMPRL1100] Nondeterminism error: Update machine does not handle this event: HistoryEvent(id: 145, ActivityTaskScheduled)';
    const refused =
      'Replay failed due to internal SDK issue. Code: FATAL, Details: Workflow activation completion failed: Failure { failure: Some(Failure { message: "Fatal error in workflow machines: TimerMachine in state CancelTimerCommandSent says the transition is invalid during event EventInfo { event_id: 23, event_type: TimerStarted }", source: "" }) }';
    expect([failingEventOf(nondeterminism), failingEventOf(refused), failingEventOf('timed out')]).toEqual([
      145,
      23,
      undefined,
    ]);
    expect(replayErrorSummary(`Replay failed\n${nondeterminism}\nmore`)).toBe(nondeterminism);
    expect(replayErrorSummary(refused)).toBe(
      'Fatal error in workflow machines: TimerMachine in state CancelTimerCommandSent says the transition is invalid during event EventInfo { event_id: 23, event_type: TimerStarted }',
    );
  });
});

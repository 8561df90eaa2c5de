import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { CaseInput } from '../../src/domain/case';
import { defaultPolicy } from '../../src/domain/policy';
import { registrationSchema } from '../../src/domain/registration';
import { createActivities } from '../../src/activities';
import { createActivityDeps } from '../../src/activities/deps';
import { dataConverterFor } from '../../src/temporal/connection';
import { caseStateQuery } from '../../src/workflows/messages';
import { createTimeSkippingEnv, testConfig, workflowBundlePath } from '../support/stack';
import { eventually } from '../support/eventually';
import { registration } from '../support/fixtures';
import { openPglite, type Db } from '../../src/registry/db';

describe('reunificationCase on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let db: Db;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    db = await openPglite();
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.close();
  });

  it('starts registered, asks for missing details and answers its state query', async () => {
    expect(env.supportsTimeSkipping).toBe(true);
    const config = testConfig();
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: { codePath: workflowBundlePath() },
      activities: createActivities(createActivityDeps(config, db)),
      dataConverter: dataConverterFor(config),
    });
    const input: CaseInput = {
      caseNumber: 'HW-2026-000001-V',
      registration: registrationSchema.parse(registration()),
      policy: defaultPolicy,
      coordinator: { id: 'coord-ana', role: 'coordinator' },
      registeredAt: '2026-11-23T10:00:00.000Z',
    };
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start('reunificationCase', {
        workflowId: 'case-HW-2026-000001-V',
        taskQueue: config.temporal.taskQueue,
        args: [input],
      });
      // Registered, then straight to identification: the fixture has no document references yet.
      const state = await eventually(
        () => handle.query(caseStateQuery),
        (current) => current.stage === 'identification',
        (last) => `the case reached identification (it is in stage ${last.stage})`,
      );
      expect(state.stage).toBe('identification');
      expect(state.caseNumber).toBe('HW-2026-000001-V');
      expect(state.route).toEqual({ from: 'RU' });
      expect(state.events[0]).toMatchObject({ type: 'case-registered', data: { from: 'RU' } });
      expect(state.pending.map((action) => action.id)).toEqual(['identity-details']);
      await handle.terminate('test finished');
    });
  });
});

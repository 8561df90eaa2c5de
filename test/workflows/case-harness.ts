/**
 * One time-skipping server, one worker (real activities, partner doubles, in-memory PGlite registry) per test file;
 * helpers to start a case, steer it and read its state. Set HOMEWARD_RECORD_HISTORIES=1 to write each case's
 * history to test/fixtures/histories/ for the replay test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { formatCaseNumber } from '../../src/domain/case-number';
import type { Actor, CaseInput, CaseState } from '../../src/domain/case';
import { defaultPolicy, type CasePolicy } from '../../src/domain/policy';
import { registrationSchema, type RegistrationInput } from '../../src/domain/registration';
import { openPglite, type Db } from '../../src/registry/db';
import { dataConverterFor } from '../../src/temporal/connection';
import { caseStateQuery } from '../../src/workflows/messages';
import { registration } from '../support/fixtures';
import { PartnerDoubles } from '../support/partner-doubles';
import { createTimeSkippingEnv, testConfig, workflowBundlePath } from '../support/stack';

export const historiesDir = resolve(__dirname, '../fixtures/histories');

export const actors = {
  coordinator: { id: 'coord-ana', role: 'coordinator' },
  otherCoordinator: { id: 'coord-bo', role: 'coordinator' },
  reviewer: { id: 'rev-chen', role: 'reviewer' },
  supervisor: { id: 'sup-dara', role: 'supervisor' },
  mother: { id: 'mother', role: 'guardian' },
  child: { id: 'child', role: 'child' },
} satisfies Record<string, Actor>;

export const documents = {
  civilRegistryReference: 'CIV-1',
  medicalRecordReference: 'MED-1',
  schoolRecordReference: 'SCH-1',
};

export const DAY = 86_400_000;

export interface CaseHarness {
  env: TestWorkflowEnvironment;
  db: Db;
  doubles: PartnerDoubles;
  start(
    name: string,
    overrides?: Partial<RegistrationInput>,
    policy?: Partial<CasePolicy>,
  ): Promise<WorkflowHandle & { caseNumber: string }>;
  state(handle: WorkflowHandle): Promise<CaseState>;
  /** Polls the state query until `ready` holds (the worker runs asynchronously). */
  until(handle: WorkflowHandle, ready: (state: CaseState) => boolean, what: string): Promise<CaseState>;
  /** Skips case time on the server, then lets the worker catch up. */
  skip(ms: number): Promise<void>;
  /** Writes the case's history for the replay test when recording is on. */
  keep(handle: WorkflowHandle, name: string, runId?: string): Promise<void>;
  stop(): Promise<void>;
}

let caseCounter = 0;

/** `fileSerial` keeps case numbers of different test files apart. */
export async function startHarness(fileSerial: number): Promise<CaseHarness> {
  const env = await createTimeSkippingEnv();
  const db = await openPglite();
  const doubles = new PartnerDoubles();
  const config = testConfig();
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { codePath: workflowBundlePath() },
    activities: createActivities(
      doubles.deps(db, { consentTokenSecret: config.api.consentTokenSecret, publicBaseUrl: 'https://homeward.test' }),
    ),
    dataConverter: dataConverterFor(config),
  });
  const running = worker.run();

  const state = (handle: WorkflowHandle) => handle.query(caseStateQuery);

  async function until(handle: WorkflowHandle, ready: (state: CaseState) => boolean, what: string) {
    const deadline = Date.now() + 20_000;
    let last: CaseState | undefined;
    while (Date.now() < deadline) {
      last = await state(handle);
      if (ready(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    throw new Error(
      `case never reached: ${what}; it is in stage ${last?.stage}, pending ${JSON.stringify(last?.pending)}`,
    );
  }

  return {
    env,
    db,
    doubles,
    async start(name, overrides = {}, policy = {}) {
      caseCounter += 1;
      const year = new Date(await env.currentTimeMs()).getUTCFullYear();
      const caseNumber = formatCaseNumber(year, fileSerial * 1000 + caseCounter);
      const input: CaseInput = {
        caseNumber,
        registration: registrationSchema.parse(registration(overrides)),
        policy: { ...defaultPolicy, ...policy },
        coordinator: actors.coordinator,
        registeredAt: new Date(await env.currentTimeMs()).toISOString(),
      };
      const handle = await env.client.workflow.start('reunificationCase', {
        workflowId: `case-${caseNumber}`,
        taskQueue: config.temporal.taskQueue,
        args: [input],
        memo: { test: name },
      });
      return Object.assign(handle, { caseNumber });
    },
    state,
    until,
    async skip(ms) {
      await env.sleep(ms);
    },
    async keep(handle, name, runId) {
      if (!process.env.HOMEWARD_RECORD_HISTORIES) return;
      const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      mkdirSync(historiesDir, { recursive: true });
      writeFileSync(join(historiesDir, `${name}.json`), JSON.stringify(history, null, 1));
    },
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.close();
    },
  };
}

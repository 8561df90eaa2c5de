/**
 * One time-skipping server, one worker (real activities, partner doubles, in-memory PGlite registry) per test file;
 * helpers to start a case, steer it and read its state. Set HOMEWARD_RECORD_HISTORIES=1 to write each case's
 * history to test/fixtures/histories/ for the replay test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isGrpcDeadlineError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../src/activities';
import { formatCaseNumber } from '../../src/domain/case-number';
import type { Actor, CaseInput, CaseState } from '../../src/domain/case';
import { defaultPolicy, type CasePolicy } from '../../src/domain/policy';
import { registrationSchema, type Registration, type RegistrationInput } from '../../src/domain/registration';
import { openPglite, type Db } from '../../src/registry/db';
import { dataConverterFor } from '../../src/temporal/connection';
import {
  caseMessageSignal,
  caseStateQuery,
  confirmHandoverUpdate,
  recordConsentUpdate,
  recordTransitEventUpdate,
  recordTravelDocumentsUpdate,
  signVerificationUpdate,
  withdrawUpdate,
} from '../../src/workflows/messages';
import type { reunificationCase } from '../../src/workflows/reunification-case';
import { markPersonalData, registration } from '../support/fixtures';
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

/** Far more than a loaded machine takes to answer a query (8 s at the most seen), far less than a test's time. */
const queryDeadlineMs = 30_000;

export type CaseHandle = WorkflowHandle<typeof reunificationCase> & {
  caseNumber: string;
  /** What the case was started with, for the scans that look for its personal data. */
  registration: Registration;
};

export interface StartOptions {
  registration?: Partial<RegistrationInput>;
  policy?: Partial<CasePolicy>;
  /** Steers the partner doubles for this case before it starts. */
  before?: (caseNumber: string) => void | Promise<void>;
  /** A message the case has before its first workflow task, as one sent while it continued as new has. */
  firstMessage?: { messageId: string; name: string; args: unknown[] };
}

export interface CaseHarness {
  env: TestWorkflowEnvironment;
  db: Db;
  doubles: PartnerDoubles;
  start(name: string, options?: StartOptions): Promise<CaseHandle>;
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
  const env = await startEnv();
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

  // A query the server leaves unanswered fails the test here, by name, instead of waiting for the connection to drop.
  const state = async (handle: WorkflowHandle) => {
    try {
      return await env.client.withDeadline(Date.now() + queryDeadlineMs, () => handle.query(caseStateQuery));
    } catch (error) {
      if (isGrpcDeadlineError(error))
        throw new Error(`${handle.workflowId} did not answer its state query within ${queryDeadlineMs / 1000} s`);
      throw error;
    }
  };

  async function until(handle: WorkflowHandle, ready: (state: CaseState) => boolean, what: string) {
    const deadline = Date.now() + 60_000;
    let last: CaseState | undefined;
    while (Date.now() < deadline) {
      last = await state(handle);
      if (ready(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    throw new Error(
      `case never reached: ${what}; it is in stage ${last?.stage}, pending ${JSON.stringify(last?.pending)}, audited ${last?.auditedEvents} of ${last?.events.length}; pending activities ${JSON.stringify((await handle.describe()).raw.pendingActivities?.map((a) => [a.activityType?.name, a.state, a.attempt, a.lastFailure?.message]))}`,
    );
  }

  return {
    env,
    db,
    doubles,
    async start(name, { registration: overrides = {}, policy = {}, before, firstMessage } = {}) {
      caseCounter += 1;
      const year = new Date(await env.currentTimeMs()).getUTCFullYear();
      const caseNumber = formatCaseNumber(year, fileSerial * 1000 + caseCounter);
      await before?.(caseNumber);
      const input: CaseInput = {
        caseNumber,
        // Ages are relative to the server's clock, which time skipping moves by years over a file.
        registration: onServerClock(
          registration({ child: fixtureChild(), ...overrides }),
          overrides.child ? overrides.child.birthDate : await birthDateFor(env, 10),
        ),
        // One run per case unless a test asks for more: the time-skipping server does not switch runs atomically
        // (see the continue-as-new tests), and these tests query their cases at every step.
        policy: { ...defaultPolicy, newRunBeforeStageAfterEvents: 50_000, ...policy },
        coordinator: actors.coordinator,
        registeredAt: new Date(await env.currentTimeMs()).toISOString(),
      };
      // The birth date (and any contact a test adds) is this case's own: the history scans look for it too.
      const { child, claimants } = input.registration;
      markPersonalData(
        ...[child.birthDate, child.email, ...claimants.flatMap((claimant) => [claimant.email, claimant.phone])].filter(
          (value): value is string => value !== undefined,
        ),
      );
      const options = {
        workflowId: `case-${caseNumber}`,
        taskQueue: config.temporal.taskQueue,
        args: [input] as [CaseInput],
        memo: { test: name },
      };
      const handle = firstMessage
        ? await env.client.workflow.signalWithStart<typeof reunificationCase, [typeof firstMessage]>(
            'reunificationCase',
            {
              ...options,
              signal: caseMessageSignal,
              signalArgs: [firstMessage],
            },
          )
        : await env.client.workflow.start<typeof reunificationCase>('reunificationCase', options);
      return Object.assign(handle, { caseNumber, registration: input.registration });
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
      // protobufjs JSON (the SDK's historyToJSON trips over jest's module registry); replay reads it with fromObject.
      writeFileSync(join(historiesDir, `${name}.json`), JSON.stringify(history));
    },
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
      await db.close();
    },
  };
}

/**
 * The registration, checked as the API checks it, with the child's age on the server's clock: the check runs
 * against today's date (a birth date may not lie in the future), and time skipping runs the server years ahead.
 */
function onServerClock(input: RegistrationInput, birthDate: string | undefined): Registration {
  if (birthDate === undefined) return registrationSchema.parse(input);
  const { estimatedAgeYears: _estimate, ...child } = input.child;
  const checked = registrationSchema.parse({
    ...input,
    child: { ...child, birthDate: registration().child.birthDate },
  });
  return { ...checked, child: { ...checked.child, birthDate } };
}

/** Born `years` years and a few months before the server's current time. */
export async function birthDateFor(env: TestWorkflowEnvironment, years: number): Promise<string> {
  const now = new Date(await env.currentTimeMs());
  return new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth() - 3, 1)).toISOString().slice(0, 10);
}

/** A case with its documents on file, signed off by a reviewer: it waits for consent. */
export async function toConsent(harness: CaseHarness, name: string, options: StartOptions = {}): Promise<CaseHandle> {
  const handle = await harness.start(name, {
    ...options,
    registration: { documents, ...options.registration },
  });
  await harness.until(handle, (s) => s.stage === 'verification', 'verification');
  await handle.executeUpdate(signVerificationUpdate, { args: [{ actor: actors.reviewer, decision: 'verified' }] });
  await harness.until(handle, (s) => s.consents.length > 0 && s.consents.every((c) => c.requestedAt), 'consent asked');
  return handle;
}

/** Consent given and transit booked: the case waits for departure. */
export async function toDeparture(harness: CaseHarness, name: string, options: StartOptions = {}): Promise<CaseHandle> {
  const handle = await toConsent(harness, name, options);
  await handle.executeUpdate(recordConsentUpdate, {
    args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
  });
  await harness.until(handle, (s) => s.pending.some((p) => p.id === 'travel-documents'), 'travel documents');
  await handle.executeUpdate(recordTravelDocumentsUpdate, {
    args: [{ actor: actors.coordinator, documentReference: 'ETD-1' }],
  });
  await harness.until(handle, (s) => s.stage === 'departure', 'departure');
  return handle;
}

/** Departed, arrived and handed over: the case is in aftercare. */
export async function toAftercare(harness: CaseHarness, name: string): Promise<CaseHandle> {
  const handle = await toDeparture(harness, name);
  await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'departed' }] });
  await harness.until(handle, (s) => s.stage === 'in-transit', 'in transit');
  await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'arrived' }] });
  await harness.until(handle, (s) => s.stage === 'handover', 'handover');
  await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.coordinator, signedBy: 'escort' }] });
  await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.mother, signedBy: 'guardian' }] });
  await harness.until(handle, (s) => s.stage === 'aftercare', 'aftercare');
  return handle;
}

/** The rejection an update failed with: its type and the reason the API passes on. */
export async function rejectionOf(update: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await update;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
      return { type: error.cause.type ?? undefined, message: error.cause.message };
    throw error;
  }
  throw new Error('the update was accepted');
}

/** The fixture's child without a birth date: tests give ages relative to the server's clock. */
export function fixtureChild() {
  const { birthDate: _birthDate, ...child } = registration().child;
  return child;
}

/**
 * Ends a case the way a coordinator would (handover signed where due, then withdrawn) and waits for it to close.
 * Terminating instead can leave the time-skipping server counting an activity as running, which stops its clock.
 */
export async function finish(harness: CaseHarness, handle: CaseHandle): Promise<CaseState> {
  let state = await harness.state(handle);
  if (state.stage === 'handover') {
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.coordinator, signedBy: 'escort' }] });
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.mother, signedBy: 'guardian' }] });
    state = await harness.until(handle, (s) => s.stage === 'aftercare', 'aftercare');
  }
  if (state.stage !== 'closed')
    await handle.executeUpdate(withdrawUpdate, { args: [{ actor: actors.coordinator, reason: 'test finished' }] });
  return handle.result();
}

/** The Java test server can miss the SDK's 5 s start-up window on a busy machine: try again before failing. */
async function startEnv(attempts = 6): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await createTimeSkippingEnv();
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('did not start')) throw error;
      // Spread the retries of test files starting at once.
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 2500));
    }
  }
}

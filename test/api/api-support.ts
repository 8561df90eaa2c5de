/** Helpers the API tests share: authorised requests, registering a case, waiting on a case's stage. */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSimulator, startMailCatcher, type MailCatcher, type Scenario, type Simulator } from '../../src/simulator';
import type { Config } from '../../src/config';
import type { CaseStage, CaseState } from '../../src/domain/case';
import type { RegistrationInput } from '../../src/domain/registration';
import { registration } from '../support/fixtures';
import { startTestStack, testKeys, type TestStack } from '../support/stack';

export const auth = (key: { key: string }) => ({ authorization: `Bearer ${key.key}` });

/** A case number with a correct check letter that no test ever registers. */
export const unknownCaseNumber = 'HW-2020-000001-U';

export async function registerCase(stack: TestStack, overrides: Partial<RegistrationInput> = {}): Promise<string> {
  const response = await stack.app.inject({
    method: 'POST',
    url: '/cases',
    headers: auth(testKeys.coordinator),
    payload: registration(overrides),
  });
  if (response.statusCode !== 201) throw new Error(`registration failed: ${response.statusCode} ${response.body}`);
  return response.json<{ caseNumber: string }>().caseNumber;
}

export async function caseState(stack: TestStack, caseNumber: string): Promise<CaseState> {
  const response = await stack.app.inject({
    method: 'GET',
    url: `/cases/${caseNumber}`,
    headers: auth(testKeys.coordinator),
  });
  if (response.statusCode !== 200) throw new Error(`case ${caseNumber}: ${response.statusCode} ${response.body}`);
  return response.json<CaseState>();
}

/** Polls the case until the predicate holds: the workflow moves on its own, between requests. */
export async function waitForCase(
  stack: TestStack,
  caseNumber: string,
  predicate: (state: CaseState) => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<CaseState> {
  const deadline = Date.now() + timeoutMs;
  let state = await caseState(stack, caseNumber);
  while (!predicate(state)) {
    if (Date.now() > deadline) {
      throw new Error(`case ${caseNumber} never reached "${what}"; it is in stage ${state.stage}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    state = await caseState(stack, caseNumber);
  }
  return state;
}

export const waitForStage = (stack: TestStack, caseNumber: string, stage: CaseStage, timeoutMs?: number) =>
  waitForCase(stack, caseNumber, (state) => state.stage === stage, `stage ${stage}`, timeoutMs);

/**
 * The stage shows and so do the actions it waits for. A stage that begins in a new run shows first in the last view
 * of the run before it, with nothing pending yet; what it waits for shows once the new run's first task has run.
 */
export const waitForStageWaiting = (stack: TestStack, caseNumber: string, stage: CaseStage, timeoutMs?: number) =>
  waitForCase(
    stack,
    caseNumber,
    (state) => state.stage === stage && state.pending.length > 0,
    `stage ${stage}, waiting`,
    timeoutMs,
  );

export interface PartneredStack {
  stack: TestStack;
  simulator: Simulator;
  mail: MailCatcher;
  stop(): Promise<void>;
}

/**
 * The test stack with the partner simulator and the mail catcher standing in for the outside world. Labs stay
 * silent unless a scenario says otherwise, so a test reports lab results itself, as a partner lab would.
 */
export async function startPartneredStack(
  environment: Record<string, string> = {},
  scenario: Scenario = { lab: 'silent' },
  adjust?: (config: Config) => Config,
): Promise<PartneredStack> {
  const simulator = await buildSimulator({
    homewardUrl: 'http://127.0.0.1:9',
    labKeys: { [testKeys.lab.labId]: testKeys.lab.key, [testKeys.otherLab.labId]: testKeys.otherLab.key },
  });
  simulator.setDefaultScenario(scenario);
  await simulator.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = simulator.app.server.address() as AddressInfo;
  const partners = `http://127.0.0.1:${port}`;
  const mail = await startMailCatcher({ dir: mkdtempSync(join(tmpdir(), 'homeward-mail-')), port: 0 });
  const stack = await startTestStack(
    {
      PARTNER_REGISTRIES_URL: `${partners}/registries`,
      PARTNER_LABS_URL: `${partners}/labs`,
      PARTNER_TRAVEL_DOCUMENTS_URL: `${partners}/travel-documents`,
      PARTNER_TRANSIT_URL: `${partners}/transit`,
      SMTP_URL: mail.smtpUrl,
      ...environment,
    },
    {},
    adjust,
  );
  return {
    stack,
    simulator,
    mail,
    async stop() {
      await stack.stop();
      await simulator.app.close();
      await mail.stop();
    },
  };
}

/** Document references, so identification completes at once and record checks start. */
export const withDocuments: Partial<RegistrationInput> = {
  documents: { civilRegistryReference: 'CIV-1', medicalRecordReference: 'MED-1', schoolRecordReference: 'SCH-1' },
};

/** A four-year-old: too young to identify themselves, so the case orders a DNA sample. */
export const youngChild = (): Partial<RegistrationInput> => ({
  ...withDocuments,
  child: { ...registration().child, birthDate: `${new Date().getUTCFullYear() - 4}-02-01` },
});

/** Registers a case and steers it to the consent stage: records check out, a reviewer signs the verification. */
export async function caseAwaitingConsent(stack: TestStack, overrides: Partial<RegistrationInput> = {}) {
  const caseNumber = await registerCase(stack, { ...withDocuments, ...overrides });
  await waitForStage(stack, caseNumber, 'verification');
  const signed = await stack.app.inject({
    method: 'POST',
    url: `/cases/${caseNumber}/verification`,
    headers: auth(testKeys.reviewer),
    payload: { decision: 'verified' },
  });
  if (signed.statusCode !== 200) throw new Error(`verification failed: ${signed.statusCode} ${signed.body}`);
  return { caseNumber, state: await waitForConsentRequested(stack, caseNumber) };
}

/** The case is in its consent stage and has asked at least one consentee. */
export const waitForConsentRequested = (stack: TestStack, caseNumber: string) =>
  waitForCase(
    stack,
    caseNumber,
    (current) => current.stage === 'consent' && current.consents.some((consent) => consent.requestedAt),
    'consent requested',
  );

/** Helpers the API tests share: authorised requests, registering a case, waiting on a case's stage. */
import type { CaseStage, CaseState } from '../../src/domain/case';
import type { RegistrationInput } from '../../src/domain/registration';
import { registration } from '../support/fixtures';
import type { TestStack } from '../support/stack';
import { testKeys } from '../support/stack';

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

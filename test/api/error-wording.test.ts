/** Refusals in the API's own words: the route the client called, the case as it is, grammar a person reads. */
import { testKeys } from '../support/stack';
import {
  auth,
  caseState,
  registerCase,
  startPartneredStack,
  unknownCaseNumber,
  waitForStage,
  withDocuments,
  type PartneredStack,
} from './api-support';
import { actionBodies } from './route-catalogue';

// A message name of the workflow: camelCase, as no route or field of the API is spelt.
const internalName = /\b[a-z]+[A-Z][A-Za-z]*\b/;

describe('errors in the API’s own words', () => {
  let partnered: PartneredStack;
  beforeAll(async () => {
    partnered = await startPartneredStack({}, { lab: 'silent' });
  });
  afterAll(async () => {
    await partnered?.stop();
  });

  const act = (caseNumber: string, action: string, key: { key: string }, body?: unknown) =>
    partnered.stack.app.inject({
      method: 'POST',
      url: `/cases/${caseNumber}/${action}`,
      headers: auth(key),
      ...(body === undefined ? {} : { payload: body as object }),
    });

  it('names the route the client called when an action does not apply in the case’s stage', async () => {
    const caseNumber = await registerCase(partnered.stack);
    await waitForStage(partnered.stack, caseNumber, 'identification');
    const answer = await act(caseNumber, 'transit-events', testKeys.coordinator, { event: 'departed' });
    expect(answer.statusCode).toBe(409);
    expect(answer.json<{ message: string }>().message).toBe(
      `POST /cases/${caseNumber}/transit-events applies only in stages departure or in-transit; the case is in stage identification`,
    );
    // Every action refused in this stage says so without a name of the workflow's.
    for (const [action, { body, roles }] of Object.entries(actionBodies)) {
      const refused = await act(caseNumber, action, testKeys[roles[0]!], body);
      if (refused.statusCode === 409) expect(refused.json<{ message: string }>().message).not.toMatch(internalName);
    }
  });

  it('says a case that does not exist does not exist, with 404', async () => {
    for (const action of ['hold', 'transit-events']) {
      const answer = await act(unknownCaseNumber, action, testKeys.coordinator, actionBodies[action]!.body);
      expect(answer.statusCode).toBe(404);
      expect(answer.json<{ message: string }>().message).toBe(
        `case ${unknownCaseNumber} does not exist: check the number`,
      );
    }
  });

  it('refuses a key of the wrong role in a sentence', async () => {
    const answer = await act(unknownCaseNumber, 'hold', testKeys.operator, { reason: 'x' });
    expect(answer.statusCode).toBe(403);
    expect(answer.json<{ message: string }>().message).toBe(
      'this route is for coordinator or supervisor keys; yours is an operator key',
    );
    const lab = await act(unknownCaseNumber, 'hold', testKeys.lab, { reason: 'x' });
    expect(lab.json<{ message: string }>().message).toMatch(/; yours is a lab key$/);
  });

  it('answers a DNA request with the stage the case is in, as the case itself then reports it', async () => {
    const caseNumber = await registerCase(partnered.stack, withDocuments);
    await waitForStage(partnered.stack, caseNumber, 'verification');
    const answer = await act(caseNumber, 'dna-request', testKeys.coordinator, { reason: 'photographs disagree' });
    expect(answer.statusCode).toBe(200);
    const { stage: answered, event } = answer.json<{ stage: string; event: { stage: string } }>();
    // The event was recorded in verification; the answer says where the request took the case.
    expect(event.stage).toBe('verification');
    expect(answered).toBe('dna-testing');
    // The lab is silent here, so the case stays where the answer said.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const state = await caseState(partnered.stack, caseNumber);
    expect(state.stage).toBe(answered);
  });
});

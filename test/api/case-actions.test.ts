import { eventually } from '../support/eventually';
import { testKeys, startTestStack, type TestStack } from '../support/stack';
import { auth, caseState, registerCase, waitForStage } from './api-support';

describe('case actions reach the workflow as updates', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const act = (caseNumber: string, action: string, key: { key: string }, body?: unknown, headers = {}) =>
    stack.app.inject({
      method: 'POST',
      url: `/cases/${caseNumber}/${action}`,
      headers: { ...auth(key), ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  it('holds and resumes a case, attributed to the caller, and applies a retried hold once', async () => {
    // Without document references the case waits in identification for the coordinator.
    const caseNumber = await registerCase(stack);
    await waitForStage(stack, caseNumber, 'identification');

    const headers = { 'idempotency-key': 'hold-attempt-1' };
    const held = await act(caseNumber, 'hold', testKeys.coordinator, { reason: 'facility access denied' }, headers);
    expect(held.statusCode).toBe(200);
    expect(held.json()).toMatchObject({
      caseNumber,
      stage: 'on-hold',
      event: { actor: { id: 'coord-ana', role: 'coordinator' } },
    });
    const retried = await act(caseNumber, 'hold', testKeys.coordinator, { reason: 'facility access denied' }, headers);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(held.json());
    const state = await caseState(stack, caseNumber);
    expect(state.events.filter((event) => event.type === held.json().event.type)).toHaveLength(1);

    // Without the key, a second hold is a new message, and the case says it no longer applies.
    const again = await act(caseNumber, 'hold', testKeys.coordinator, { reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/on hold/);

    const resumed = await act(caseNumber, 'resume', testKeys.supervisor);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ stage: 'identification', event: { actor: { id: 'sup-dara' } } });
  });

  it("passes the workflow's refusal on: wrong stage 409, unknown references 409 or 422, with its reason", async () => {
    const caseNumber = await registerCase(stack);
    await waitForStage(stack, caseNumber, 'identification');

    const early = await act(caseNumber, 'verification', testKeys.reviewer, { decision: 'verified' });
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ error: 'conflict', message: expect.stringMatching(/verification/) });

    const noDispute = await act(caseNumber, 'dispute-decision', testKeys.reviewer, {
      disputeId: 'dispute-9',
      decision: 'resume',
    });
    expect([409, 422]).toContain(noDispute.statusCode);
    expect(noDispute.json().message.length).toBeGreaterThan(10);

    const transit = await act(caseNumber, 'transit-events', testKeys.coordinator, { event: 'arrived' });
    expect(transit.statusCode).toBe(409);

    const wrongShape = await act(caseNumber, 'dispute', testKeys.coordinator, { reason: 'dna-exclusion' });
    expect(wrongShape.statusCode).toBe(400);
    expect(wrongShape.json().issues[0].field).toBe('body.reason');
  });

  it('takes identity details from a coordinator and moves identification on', async () => {
    const caseNumber = await registerCase(stack);
    await waitForStage(stack, caseNumber, 'identification');
    // Well-formed and says nothing: 422, as every body the document admits and that does not hold.
    const empty = await act(caseNumber, 'identity-details', testKeys.coordinator, {});
    expect(empty.statusCode).toBe(422);
    expect(empty.json().message).toMatch(/at least one of child, claimants or documents/);

    const supplied = await act(caseNumber, 'identity-details', testKeys.coordinator, {
      documents: { civilRegistryReference: 'CIV-7' },
    });
    expect(supplied.statusCode).toBe(200);
    expect(supplied.body).not.toContain('CIV-7');
    // The answer comes with the view that holds the details; the stage's reaction follows in the case's next view.
    expect((await caseState(stack, caseNumber)).registration.documents?.civilRegistryReference).toBe('CIV-7');
    const state = await eventually(
      () => caseState(stack, caseNumber),
      (current) => (current.identification?.missing ?? []).length === 0,
      'identification asks for nothing more',
    );
    expect(state.identification?.completedAt).toBeDefined();
  });

  it('answers 409 once a case is closed, and hides free-text reasons from operators', async () => {
    const caseNumber = await registerCase(stack);
    await waitForStage(stack, caseNumber, 'identification');
    await act(caseNumber, 'hold', testKeys.coordinator, { reason: 'facility 7 refused entry' });
    const asOperator = await stack.app.inject({
      method: 'GET',
      url: `/cases/${caseNumber}`,
      headers: auth(testKeys.operator),
    });
    expect(asOperator.json().hold.reason).toBe('[withheld]');
    expect(asOperator.body).not.toContain('facility 7 refused entry');

    const withdrawn = await act(caseNumber, 'withdraw', testKeys.coordinator, { reason: 'family traced elsewhere' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().stage).toBe('closed');
    const after = await act(caseNumber, 'resume', testKeys.coordinator);
    expect(after.statusCode).toBe(409);
    expect(after.json().message).toMatch(/closed/);
  });
});

/** A registry is asked only about a record the coordinator pointed it at; the case says which were not asked. */
import { startPartneredStack, registerCase, waitForStage, type PartneredStack } from './api-support';

describe('record checks without a reference', () => {
  let partnered: PartneredStack;
  beforeAll(async () => {
    // Every registry the simulator is asked answers "consistent", whatever it is asked.
    partnered = await startPartneredStack({}, { lab: 'silent' });
  });
  afterAll(async () => {
    await partnered?.stop();
  });

  it('records a registry given no reference as not asked, instead of the registry’s "consistent"', async () => {
    const caseNumber = await registerCase(partnered.stack, { documents: { civilRegistryReference: 'CIV-7' } });
    const state = await waitForStage(partnered.stack, caseNumber, 'verification');
    const outcomes = Object.fromEntries(state.recordChecks.map((check) => [check.registry, check.outcome]));
    expect(outcomes).toEqual({ civil: 'consistent', medical: 'no-reference', school: 'no-reference' });
    const asked = partnered.simulator.ledger.recordChecks.filter((check) => check.caseNumber === caseNumber);
    expect(asked.map((check) => check.registry)).toEqual(['civil']);
    const completed = state.events.find((event) => event.type === 'record-checks-completed');
    // In the order the checks came back.
    expect(completed?.detail?.split(', ').sort()).toEqual([
      'civil: consistent',
      'medical: no-reference',
      'school: no-reference',
    ]);
  });
});

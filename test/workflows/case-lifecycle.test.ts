import { WorkflowUpdateFailedError } from '@temporalio/client';
import { countedEvents } from '../../src/domain/events';
import { auditTrail } from '../../src/registry/audit';
import {
  confirmHandoverUpdate,
  provideIdentityDetailsUpdate,
  recordConsentUpdate,
  recordFollowUpUpdate,
  recordTransitEventUpdate,
  recordTravelDocumentsUpdate,
  signVerificationUpdate,
} from '../../src/workflows/messages';
import { CaseStage, DestinationCountry, Escalated } from '../../src/workflows/search-attributes';
import { actors, DAY, documents, startHarness, type CaseHarness } from './case-harness';

let harness: CaseHarness;
beforeAll(async () => {
  harness = await startHarness(1);
});
afterAll(async () => {
  await harness?.stop();
});

const typesOf = (events: { type: string }[]) => events.map((event) => event.type);

describe('a case on the time-skipping server', () => {
  it('happy path: registered → identification → records → verification → consent → travel → handover → aftercare → closed', async () => {
    const { until, doubles, env } = harness;
    const handle = await harness.start('happy-path');
    let state = await until(handle, (s) => s.pending.some((p) => p.id === 'identity-details'), 'details requested');
    expect(state.stage).toBe('identification');
    expect(state.identification?.missing).toEqual(['document-references']);

    const provided = await handle.executeUpdate(provideIdentityDetailsUpdate, {
      args: [{ actor: actors.coordinator, documents }],
    });
    expect(provided.event.type).toBe('identity-details-provided');

    state = await until(handle, (s) => s.stage === 'verification', 'verification');
    expect(state.recordChecks.map((check) => `${check.registry}:${check.outcome}`).sort()).toEqual([
      'civil:consistent',
      'medical:consistent',
      'school:consistent',
    ]);
    expect(state.dna.required).toBe(false);

    const verified = await handle.executeUpdate(signVerificationUpdate, {
      args: [{ actor: actors.reviewer, decision: 'verified' }],
    });
    expect(verified).toMatchObject({ stage: 'consent', event: { type: 'identity-verified', data: { to: 'UA' } } });

    state = await until(handle, (s) => s.consents[0]?.requestedAt !== undefined, 'consent requested');
    expect(state.consents.map((c) => [c.consenteeId, c.role])).toEqual([['mother', 'guardian']]);
    const request = doubles.notificationsFor(handle.caseNumber).find((n) => n.kind === 'consent-request')!;
    expect(request.to).toEqual({ address: 'oksana.kovalenko@example.org', language: 'uk' });
    expect(request.variables.link).toMatch(/^https:\/\/homeward\.test\/consent\/[\w-]+\.[\w-]+$/);
    expect(request.idempotencyKey).toBe(`${handle.caseNumber}:consent-request-mother-1`);

    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
    });
    state = await until(handle, (s) => s.pending.some((p) => p.id === 'travel-documents'), 'travel documents');
    await handle.executeUpdate(recordTravelDocumentsUpdate, {
      args: [{ actor: actors.coordinator, documentReference: 'ETD-77' }],
    });
    state = await until(handle, (s) => s.stage === 'departure', 'departure');
    expect(state.bookings.map((b) => [b.kind, b.status])).toEqual([
      ['travel-documents', 'active'],
      ['transit', 'active'],
    ]);
    expect(doubles.callsFor(handle.caseNumber, 'transit')[0]?.idempotencyKey).toBe(`${handle.caseNumber}:transit-1`);

    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'departed' }] });
    await until(handle, (s) => s.stage === 'in-transit', 'in transit');
    await handle.executeUpdate(recordTransitEventUpdate, { args: [{ actor: actors.coordinator, event: 'arrived' }] });
    await until(handle, (s) => s.stage === 'handover', 'handover');
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.coordinator, signedBy: 'escort' }] });
    await handle.executeUpdate(confirmHandoverUpdate, { args: [{ actor: actors.mother, signedBy: 'guardian' }] });
    state = await until(handle, (s) => s.stage === 'aftercare', 'aftercare');
    expect(state.followUps.map((f) => f.id)).toEqual(['follow-up-1', 'follow-up-2', 'follow-up-3']);

    for (const followUp of state.followUps) {
      await harness.skip(Date.parse(followUp.dueAt) - (await env.currentTimeMs()) + 1000);
      await until(handle, (s) => s.followUps.find((f) => f.id === followUp.id)?.status === 'due', `${followUp.id} due`);
      await handle.executeUpdate(recordFollowUpUpdate, {
        args: [{ actor: actors.coordinator, followUpId: followUp.id, outcome: 'completed', areas: ['school'] }],
      });
    }
    state = await handle.result();
    expect(state).toMatchObject({ stage: 'closed', outcome: 'reunited', route: { from: 'RU', to: 'UA' } });
    const counted = typesOf(state.events).filter((type) => (Object.values(countedEvents) as string[]).includes(type));
    expect(counted).toEqual([
      'case-registered',
      'identity-verified',
      'consent-complete',
      'transit-booked',
      'handover-confirmed',
      'follow-up-completed',
      'follow-up-completed',
      'follow-up-completed',
      'case-closed',
    ]);
    expect(state.events.at(-1)?.data).toEqual({ outcome: 'reunited' });
    expect(state.events[0]?.data).toEqual({ from: 'RU' });

    const trail = await auditTrail(harness.db, handle.caseNumber);
    expect(trail.map((entry) => entry.event.type)).toEqual(typesOf(state.events));

    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(CaseStage)).toBe('closed');
    expect(description.typedSearchAttributes.get(DestinationCountry)).toBe('UA');
    expect(description.typedSearchAttributes.get(Escalated)).toBe(false);
    const history = await handle.fetchHistory();
    expect(history.events!.length).toBeLessThan(500);
    process.stderr.write(`[happy path] ${history.events!.length} history events\n`);
    await harness.keep(handle, 'happy-path');
  });
});

export { WorkflowUpdateFailedError };

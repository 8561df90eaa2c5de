import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CaseState } from '../../src/domain/case';
import { countedEvents } from '../../src/domain/events';
import { eventually } from '../support/eventually';
import { personalDataMarkers } from '../support/fixtures';
import { testEncryptionKey } from '../support/stack';
import { appendAuditEntry, auditConflictType, auditTrail } from '../../src/registry/audit';
import { exportTrail, verifyTrail } from '../../src/registry/audit-export';
import {
  confirmHandoverUpdate,
  holdUpdate,
  provideIdentityDetailsUpdate,
  recordConsentUpdate,
  recordFollowUpUpdate,
  recordTransitEventUpdate,
  recordTravelDocumentsUpdate,
  caseMessageSignal,
  labResultSignal,
  messageAnswerQuery,
  reportLabResultUpdate,
  resumeUpdate,
  signVerificationUpdate,
  type LabReport,
} from '../../src/workflows/messages';
import { AesGcmCodec } from '../../src/temporal/codec';
import { CaseStage, DestinationCountry, Escalated } from '../../src/workflows/search-attributes';
import {
  actors,
  birthDateFor,
  DAY,
  documents,
  fixtureChild,
  rejectionOf,
  finish,
  startHarness,
  toConsent,
  type CaseHandle,
  type CaseHarness,
} from './case-harness';

let harness: CaseHarness;
beforeAll(async () => {
  harness = await startHarness(1);
});
afterAll(async () => {
  await harness?.stop();
});

const typesOf = (events: { type: string }[]) => events.map((event) => event.type);

/** What each audit batch a history scheduled carried: its events and the view of the case published with it. */
async function auditBatchInputsOf(history: temporal.api.history.v1.IHistory) {
  const codec = new AesGcmCodec([testEncryptionKey], testEncryptionKey.id);
  const batches: { events: { type: string }[]; view?: { state: CaseState } }[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'recordCaseEvents') continue;
    const [input] = await codec.decode(scheduled.input!.payloads as Payload[]);
    batches.push(defaultPayloadConverter.fromPayload(input!));
  }
  return batches;
}

/** Each audit batch a history scheduled: its events' types and the stage of the view published with it. */
const auditBatchesOf = async (history: temporal.api.history.v1.IHistory) =>
  (await auditBatchInputsOf(history)).map((batch) => ({
    events: typesOf(batch.events),
    viewStage: batch.view?.state.stage,
  }));

/** The answer to a message as the API reads it: from a view of the case that a batch of the run published. */
async function publishedAnswer(handle: CaseHandle, runId: string, messageId: string) {
  const history = await harness.env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
  const answers = (await auditBatchInputsOf(history)).flatMap((batch) => batch.view?.state.answers ?? []);
  return answers.find((answer) => answer.messageId === messageId);
}

/**
 * The run a case went on in after `runId`, from the server's record (describe, which no worker answers): no query
 * while a case switches runs, which the time-skipping server does not do atomically (the continue-as-new test says
 * more).
 */
const runAfter = (handle: CaseHandle, runId: string, what: string) =>
  eventually(
    async () => (await handle.describe()).runId,
    (current) => current !== runId,
    what,
  );

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
    expect(request.idempotencyKey).toMatch(new RegExp(`^${handle.caseNumber}:consent-request-mother-1-\\d{13}$`));

    // As the guardian's link sends it: a message (src/api/case-workflow.ts), answered in the view the case publishes.
    await handle.signal(caseMessageSignal, {
      messageId: 'consent-mother',
      name: recordConsentUpdate.name,
      args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
    });
    state = await until(handle, (s) => s.pending.some((p) => p.id === 'travel-documents'), 'travel documents');
    expect(await handle.query(messageAnswerQuery, 'consent-mother')).toMatchObject({ accepted: true });
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
    // A workflow task publishes the case's search attributes once its code has settled: one write to the visibility
    // store, two where a change lands after the publish (the microtask upserts this replaced made up to three). The
    // SDK's own upsert of TemporalChangeVersion beside each patch marker is not the case's publishing.
    const { EventType } = temporal.api.enums.v1;
    const upsertsPerTask: number[] = [];
    for (const event of history.events!) {
      if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) upsertsPerTask.push(0);
      const fields = Object.keys(
        event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {},
      );
      if (fields.some((field) => field !== 'TemporalChangeVersion')) upsertsPerTask[upsertsPerTask.length - 1]! += 1;
    }
    expect(upsertsPerTask.filter((count) => count > 0).length).toBeGreaterThan(5);
    expect(Math.max(...upsertsPerTask)).toBeLessThanOrEqual(2);
    expect(upsertsPerTask.filter((count) => count > 1).length).toBeLessThanOrEqual(2);
    // A case begun on this version takes every change of case/changes.ts with one patch marker, at its start, and so
    // one upsert of TemporalChangeVersion: each is a write to the visibility store (it was one of each per change).
    const patchMarkers = history.events!.filter(
      (event) => event.markerRecordedEventAttributes?.markerName === 'core_patch',
    );
    const versionUpserts = history.events!.filter(
      (event) =>
        event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion,
    );
    expect({ markers: patchMarkers.length, versionUpserts: versionUpserts.length }).toEqual({
      markers: 1,
      versionUpserts: 1,
    });
    expect(Number(patchMarkers[0]!.eventId)).toBeLessThan(10);
    // Payloads are encrypted; IDs, search attributes, memo, markers, timers and failures carry no personal data.
    // Searched in the history's wire bytes, where a plain payload would show its JSON as it is.
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    const markers = [...personalDataMarkers];
    for (const marker of markers)
      expect({ marker, found: bytes.includes(Buffer.from(marker)) }).toEqual({ marker, found: false });
    // The scan can see this case's data: every item is a marker, and the decoded input holds each of them.
    const { child, claimants } = handle.registration;
    const own = [
      ...child.names.flatMap((name) => name.value.split(' ')),
      child.birthDate!,
      child.placeOfOrigin.locality!,
      child.currentLocation.facility!,
      ...claimants.flatMap((claimant) => [claimant.email!, claimant.phone!]),
    ];
    expect(own.filter((item) => !markers.includes(item))).toEqual([]);
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads as Payload[];
    const [input] = await new AesGcmCodec([testEncryptionKey], testEncryptionKey.id).decode(started);
    const decoded = JSON.stringify(defaultPayloadConverter.fromPayload(input!));
    expect(own.filter((item) => !decoded.includes(item))).toEqual([]);
    // The batch that carries the guardian's consent carries the stage it ended and publishes the next stage's view:
    // the API's read after the answer sees the case moved on (taken before the stage ran, the view still showed
    // `consent`, and the new stage waited one more task and batch).
    const batches = await auditBatchesOf(history);
    const consentBatch = batches.find((batch) => batch.events.includes('consent-given'));
    expect(consentBatch).toEqual({ events: ['consent-given', 'consent-complete'], viewStage: 'travel-documents' });
    process.stderr.write(`[happy path] ${history.events!.length} history events\n`);
    await harness.keep(handle, 'happy-path');
    await harness.keep(handle, 'happy-path-every-change');
    await harness.keep(handle, 'happy-path-settled-audit-batch');
  });

  it('partial record checks: an unavailable registry is asked again, escalates at its deadline and does not block', async () => {
    const { until, doubles } = harness;
    const handle = await harness.start('partial-record-checks', {
      registration: { documents },
      before: (caseNumber) => doubles.setRecordOutcome(caseNumber, 'medical', 'unavailable'),
    });
    let state = await until(
      handle,
      (s) => s.recordChecks.length === 2 && s.pending.some((p) => p.id === 'record-check:medical'),
      'two registries answered, medical pending',
    );
    expect(state.stage).toBe('record-checks');
    await harness.skip(7 * DAY + 1000);
    await until(
      handle,
      (s) => s.pending.find((p) => p.id === 'record-check:medical')?.remindersSent === 1,
      'asked again',
    );
    await harness.skip(7 * DAY + 1000);
    state = await until(handle, (s) => s.stage === 'verification', 'verification with partial results');
    expect(state.recordChecks.find((check) => check.registry === 'medical')?.outcome).toBe('unavailable');
    expect(state.escalations).toEqual([
      expect.objectContaining({ pendingActionId: 'record-check:medical', level: 1, to: 'coordinator' }),
    ]);
    expect(state.dna.required).toBe(false);
    const medicalKeys = doubles
      .callsFor(handle.caseNumber, 'registry')
      .filter((call) => call.action === 'check-medical')
      .map((call) => call.idempotencyKey);
    expect(medicalKeys).toEqual([1, 2, 3].map((attempt) => `${handle.caseNumber}:record-check-medical-1-${attempt}`));
    const escalation = doubles.notificationsFor(handle.caseNumber).find((n) => n.kind === 'escalation');
    expect(escalation?.to.address).toBe('coordinator+coord-ana@homeward.test');
    await harness.keep(handle, 'partial-record-checks');
    await finish(harness, handle);
  });

  it('a lab result that comes while the case is on hold is taken when it resumes, and no second sample is ordered', async () => {
    const { until, doubles, env } = harness;
    const handle = await harness.start('dna-result-while-on-hold', {
      registration: { documents, child: { ...fixtureChild(), birthDate: await birthDateFor(env, 4) } },
    });
    await until(handle, (s) => s.pending.some((p) => p.kind === 'lab-result'), 'waiting for the lab');
    await handle.executeUpdate(holdUpdate, { args: [{ actor: actors.coordinator, reason: 'the family moved' }] });
    await until(handle, (s) => s.stage === 'on-hold', 'on hold');
    const sampleId = `${handle.caseNumber}-S1`;
    await handle.signal(labResultSignal, { labId: 'lab-kyiv', sampleId, resultReference: 'R-1', outcome: 'match' });
    await until(handle, (s) => s.dna.samples[0]?.result !== undefined, 'the result recorded on hold');
    await handle.executeUpdate(resumeUpdate, { args: [{ actor: actors.supervisor }] });
    const state = await until(handle, (s) => s.stage === 'verification', 'verification after the resume');
    // The sample the stage waited for has its result: the child is not asked for another.
    expect(state.dna.samples.map((sample) => [sample.sampleId, sample.result?.outcome])).toEqual([[sampleId, 'match']]);
    expect(state.events.filter((event) => event.type === 'sample-ordered')).toHaveLength(1);
    expect(doubles.callsFor(handle.caseNumber, 'lab')).toHaveLength(1);
    expect(state.dna.awaitedSample).toBeUndefined();
    await harness.keep(handle, 'dna-result-while-on-hold');
    await finish(harness, handle);
  });

  it('DNA required by age: sample ordered, wrong lab and unknown sample ignored and recorded, repeat harmless, one re-test', async () => {
    const { until, doubles, env } = harness;
    const handle = await harness.start('dna-by-age', {
      registration: { documents, child: { ...fixtureChild(), birthDate: await birthDateFor(env, 4) } },
    });
    // The case knows its sample from the moment it orders it; the order is placed once the lab has it.
    const ordered = (count: number) => (s: CaseState) =>
      s.events.filter((event) => event.type === 'sample-ordered').length === count;
    let state = await until(handle, ordered(1), 'sample ordered');
    expect(state.stage).toBe('dna-testing');
    expect(state.dna).toMatchObject({ required: true, reasons: ['under-age'] });
    const sampleId = `${handle.caseNumber}-S1`;
    expect(state.dna.samples[0]).toMatchObject({ sampleId, labId: 'lab-kyiv' });
    expect(doubles.callsFor(handle.caseNumber, 'lab')[0]?.idempotencyKey).toBe(
      `${handle.caseNumber}:dna-sample-${sampleId}`,
    );

    await handle.signal(labResultSignal, { labId: 'lab-lviv', sampleId, resultReference: 'X-1', outcome: 'match' });
    await handle.signal(labResultSignal, {
      labId: 'lab-kyiv',
      sampleId: 'HW-OTHER-S1',
      resultReference: 'X-2',
      outcome: 'match',
    });
    await handle.signal(labResultSignal, {
      labId: 'lab-kyiv',
      sampleId,
      resultReference: 'R-1',
      outcome: 'inconclusive',
    });
    await handle.signal(labResultSignal, {
      labId: 'lab-kyiv',
      sampleId,
      resultReference: 'R-1',
      outcome: 'inconclusive',
    });
    state = await until(handle, ordered(2), 're-test ordered');
    const ignored = state.events.filter((event) => event.type === 'lab-result-ignored');
    expect(ignored.map((event) => event.detail)).toEqual([
      `${sampleId}: the sample was ordered from another lab`,
      'HW-OTHER-S1: no sample with this ID was ordered for this case',
    ]);
    expect(state.events.filter((event) => event.type === 'lab-result')).toHaveLength(1);
    expect(state.dna.samples[0]?.result).toMatchObject({ outcome: 'inconclusive', resultReference: 'R-1' });

    await handle.signal(labResultSignal, {
      labId: 'lab-kyiv',
      sampleId: `${handle.caseNumber}-S2`,
      resultReference: 'R-2',
      outcome: 'match',
    });
    state = await until(handle, (s) => s.stage === 'verification', 'verification');
    expect(state.dna.samples.map((sample) => sample.result?.outcome)).toEqual(['inconclusive', 'match']);
    await harness.keep(handle, 'dna-by-age');
    await finish(harness, handle);
  });

  it('a lab reports by message: refused in its words, a repeat taken again, the result recorded once', async () => {
    const { until, env } = harness;
    const handle = await harness.start('dna-by-message', {
      registration: { documents, child: { ...fixtureChild(), birthDate: await birthDateFor(env, 4) } },
    });
    await until(handle, (s) => s.dna.samples.length === 1, 'sample ordered');
    const sampleId = `${handle.caseNumber}-S1`;
    const lab = { id: 'lab-kyiv', role: 'lab' as const };
    const report: LabReport = { actor: lab, labId: 'lab-kyiv', sampleId, resultReference: 'R-1', outcome: 'match' };
    const refused = (args: LabReport) => rejectionOf(handle.executeUpdate(reportLabResultUpdate, { args: [args] }));
    expect(await refused({ ...report, actor: actors.coordinator })).toEqual({
      type: 'WrongParty',
      message: 'only a lab may report a DNA result',
    });
    expect(await refused({ ...report, labId: 'lab-lviv', actor: { id: 'lab-lviv', role: 'lab' } })).toEqual({
      type: 'WrongParty',
      message: `sample ${sampleId} was not ordered from your lab (lab-lviv); report only your samples`,
    });
    expect(await refused({ ...report, sampleId: 'HW-OTHER-S1' })).toEqual({
      type: 'UnknownReference',
      message: 'case {caseNumber} has no sample HW-OTHER-S1',
    });

    await handle.signal(caseMessageSignal, { messageId: 'lab-1', name: 'reportLabResult', args: [report] });
    let state = await until(handle, (s) => s.stage === 'verification', 'verification');
    expect(state.dna.samples[0]?.result).toMatchObject({ outcome: 'match', resultReference: 'R-1' });
    expect(await handle.executeUpdate(reportLabResultUpdate, { args: [report] })).toEqual({
      stage: 'verification',
      recorded: false,
    });
    expect(await refused({ ...report, outcome: 'exclusion' })).toEqual({
      type: 'ContradictsRecord',
      message: 'result R-1 was already reported as match; to correct it, contact the case coordinator',
    });
    state = await harness.state(handle);
    expect(state.events.filter((event) => event.type.startsWith('lab-result'))).toEqual([
      expect.objectContaining({ type: 'lab-result', actor: lab, detail: `${sampleId}: match` }),
    ]);
    await harness.keep(handle, 'dna-by-message');
    await finish(harness, handle);
  });

  it('an 18-year-old consents alone: no guardian is asked', async () => {
    const { until, env, doubles } = harness;
    const handle = await toConsent(harness, 'adult-consents-alone', {
      registration: {
        child: { ...fixtureChild(), birthDate: await birthDateFor(env, 18), email: 'young.adult@example.org' },
      },
    });
    let state = await harness.state(handle);
    expect(state.consents).toEqual([expect.objectContaining({ consenteeId: 'child', role: 'adult' })]);
    const request = doubles.notificationsFor(handle.caseNumber).find((n) => n.kind === 'consent-request');
    expect(request?.to.address).toBe('young.adult@example.org');
    expect(
      await rejectionOf(
        handle.executeUpdate(recordConsentUpdate, {
          args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
        }),
      ),
    ).toEqual({ type: 'InvalidMessage', message: 'mother is not asked for consent in this case' });
    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ actor: actors.child, consenteeId: 'child', decision: 'given', views: 'wants to go home' }],
    });
    state = await until(handle, (s) => s.stage === 'travel-documents', 'travel documents');
    expect(state.events.map((event) => event.type)).toContain('consent-complete');
    await harness.keep(handle, 'adult-consents-alone');
    await finish(harness, handle);
  });

  it('a different event already in the audit trail puts the case on hold, both are kept, and it goes on once resumed', async () => {
    const { until, db } = harness;
    const standing = {
      at: '2020-01-01T00:00:00.000Z',
      type: 'case-withdrawn',
      actor: actors.coordinator,
      stage: 'registered' as const,
    };
    // What a defect or tampering would leave: another event under the case's first sequence. The case waits for its
    // identity details (a timer, no activity) when the conflict puts it on hold: the time-skipping server refuses a
    // task that cancels an activity which completed while the task ran (ACTIVITY_UNKNOWN) and never schedules another.
    const handle = await harness.start('audit-conflict', {
      before: async (caseNumber) => {
        await appendAuditEntry(db, { caseNumber, sequence: 0, event: standing });
      },
    });
    let state = await until(
      handle,
      (s) => s.stage === 'on-hold' && s.auditedEvents === s.events.length,
      'on hold with every event audited',
    );
    expect(state.hold).toMatchObject({ by: { role: 'system' } });
    expect(state.hold?.reason).toBe(
      "the audit trail holds different events where this case recorded case-registered (#0); the case's own are kept beside them: check the trail, then resume",
    );

    const trail = await auditTrail(db, handle.caseNumber);
    expect(trail[0]).toMatchObject({ source: 'workflow', sequence: 0, event: standing });
    const notes = trail.filter((entry) => entry.event.type === auditConflictType);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({
      source: 'registry',
      event: { data: { sequence: 0, refusedType: 'case-registered' } },
    });
    expect(JSON.parse(notes[0]!.event.detail!)).toEqual(state.events[0]);
    // Every later event of the case is in the trail under its own sequence, and the chain holds.
    const workflowEntries = trail.filter((entry) => entry.source === 'workflow');
    expect(workflowEntries.map((entry) => entry.sequence)).toEqual(state.events.map((_, index) => index));
    expect(workflowEntries.slice(1).map((entry) => entry.event)).toEqual(state.events.slice(1));
    expect(verifyTrail(exportTrail(handle.caseNumber, trail))).toMatchObject({ ok: true, findings: [] });

    await handle.executeUpdate(resumeUpdate, { args: [{ actor: actors.supervisor }] });
    await until(handle, (s) => s.pending.some((p) => p.id === 'identity-details'), 'details requested again');
    await handle.executeUpdate(provideIdentityDetailsUpdate, { args: [{ actor: actors.coordinator, documents }] });
    state = await until(handle, (s) => s.stage === 'verification', 'verification after the resume');
    expect(typesOf(state.events)).toContain('case-resumed');
    await harness.keep(handle, 'audit-conflict');
    await finish(harness, handle);
  });

  it('a misplaced message is rejected with its reason and changes nothing', async () => {
    const { until } = harness;
    const handle = await harness.start('misplaced-messages', { registration: { documents } });
    let state = await until(handle, (s) => s.stage === 'verification', 'verification');
    const before = state.events.length;
    expect(
      await rejectionOf(
        handle.executeUpdate(recordConsentUpdate, {
          args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
        }),
      ),
    ).toEqual({
      type: 'StageConflict',
      message:
        'the consent page (POST /consent/{token}) applies only in stage consent; the case is in stage verification',
    });
    expect(
      await rejectionOf(
        handle.executeUpdate(signVerificationUpdate, { args: [{ actor: actors.coordinator, decision: 'verified' }] }),
      ),
    ).toEqual({ type: 'WrongParty', message: 'only a reviewer or supervisor may sign off a verification' });
    expect(
      await rejectionOf(
        handle.executeUpdate(signVerificationUpdate, {
          args: [{ actor: { id: 'coord-ana', role: 'reviewer' }, decision: 'verified' }],
        }),
      ),
    ).toEqual({
      type: 'WrongParty',
      message: "the case's coordinator may not sign off a verification: another reviewer must do it",
    });
    state = await harness.state(handle);
    expect(state.events).toHaveLength(before);
    expect(state.stage).toBe('verification');
    // Workflow code runs without stack frames (src/workflows/sandbox.ts): the refusal says what and why, not where.
    const refusal = await handle
      .executeUpdate(signVerificationUpdate, { args: [{ actor: actors.coordinator, decision: 'verified' }] })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    const { cause } = refusal as WorkflowUpdateFailedError;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause?.stack).toContain(cause?.message);
    expect(cause?.stack).not.toMatch(/^\s+at /m);

    await handle.executeUpdate(signVerificationUpdate, { args: [{ actor: actors.reviewer, decision: 'verified' }] });
    state = await until(handle, (s) => s.consents[0]?.requestedAt !== undefined, 'consent asked');
    expect(
      await rejectionOf(
        handle.executeUpdate(recordConsentUpdate, {
          args: [{ actor: { id: 'someone-else', role: 'guardian' }, consenteeId: 'mother', decision: 'given' }],
        }),
      ),
    ).toEqual({ type: 'WrongParty', message: 'a consent can only be answered by the person it was asked of' });
    await handle.executeUpdate(recordConsentUpdate, {
      args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'given' }],
    });
    expect(
      await rejectionOf(
        handle.executeUpdate(recordConsentUpdate, {
          args: [{ actor: actors.mother, consenteeId: 'mother', decision: 'refused' }],
        }),
      ),
    ).toMatchObject({ type: expect.stringMatching(/StageConflict|InvalidMessage/) });
    await harness.keep(handle, 'misplaced-messages');
    await finish(harness, handle);
  });

  it('continue-as-new keeps state, pending deadlines and a signal sent during the switch', async () => {
    const { until, env } = harness;
    const handle = await harness.start('continue-as-new', {
      registration: { documents, child: { ...fixtureChild(), birthDate: await birthDateFor(env, 3) } },
      // About 40 events before the strays; their 40 signals alone pass 80, however the server batches them into tasks
      // (at 100, a run whose signals were batched closely reached verification with 97 and never switched).
      policy: { continueAsNewAfterEvents: 80 },
    });
    const before = await until(handle, (s) => s.pending.some((p) => p.kind === 'lab-result'), 'waiting for the lab');
    const firstRunId = (await handle.describe()).runId;
    const sampleId = `${handle.caseNumber}-S1`;
    const stray = (index: number) =>
      handle.signal(labResultSignal, {
        labId: 'lab-kyiv',
        sampleId: `${handle.caseNumber}-S9${index}`,
        resultReference: `STRAY-${index}`,
        outcome: 'match',
      });
    for (let index = 0; index < 30; index++) await stray(index);
    // The last strays and the real result arrive together, while the case switches to a new run.
    await Promise.all([
      ...Array.from({ length: 10 }, (_, index) => stray(30 + index)),
      handle.signal(labResultSignal, { labId: 'lab-kyiv', sampleId, resultReference: 'R-1', outcome: 'match' }),
    ]);
    // No query while the case switches runs: the time-skipping server does not switch atomically (temporalio/sdk-java
    // issue 1538), and a query that met the switch went unanswered until its connection dropped for excess pings, 80 s
    // and more later. The server's own record (describe, which no worker answers) says when the new run is there.
    const runId = await runAfter(handle, firstRunId, 'the case continued as new');
    expect(runId).not.toBe(firstRunId);
    const after = await until(handle, (s) => s.stage === 'verification', 'verification');
    expect(after.stage).toBe('verification');
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(after.events.filter((event) => event.type === 'lab-result-ignored')).toHaveLength(40);
    expect(after.dna.samples[0]?.result).toMatchObject({ outcome: 'match', resultReference: 'R-1' });
    // A result that came while the case switched runs is the one it waited for: no second sample.
    expect(after.dna.samples).toHaveLength(1);
    await until(handle, (s) => s.auditedEvents === s.events.length, 'audit caught up');
    const trail = await auditTrail(harness.db, handle.caseNumber);
    expect(trail.map((entry) => entry.sequence)).toEqual(after.events.map((_, index) => index));
    await harness.keep(handle, 'continue-as-new-first-run', firstRunId);
    await harness.keep(handle, 'continue-as-new-audited-first-run', firstRunId);
    await harness.keep(handle, 'continue-as-new-result-taken-in-new-run', runId);
    await finish(harness, handle);
  });

  it('a stage that begins after a long history begins in a new run, the case whole in it and its history short', async () => {
    const { until, env } = harness;
    const handle = await harness.start('new-run-before-stage', {
      registration: { documents, child: { ...fixtureChild(), birthDate: await birthDateFor(env, 3) } },
      // The DNA stage begins at about 25 events and the case waits for the lab at about 40: the verification after
      // the result begins past 35, and so in a new run.
      policy: { newRunBeforeStageAfterEvents: 35 },
    });
    const before = await until(handle, (s) => s.pending.some((p) => p.kind === 'lab-result'), 'waiting for the lab');
    const firstRunId = (await handle.describe()).runId;
    await handle.signal(labResultSignal, {
      labId: 'lab-kyiv',
      sampleId: `${handle.caseNumber}-S1`,
      resultReference: 'R-1',
      outcome: 'match',
    });
    const runId = await runAfter(handle, firstRunId, 'the verification began in a new run');
    const after = await until(handle, (s) => s.stage === 'verification', 'verification');
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(after.dna.samples[0]?.result).toMatchObject({ outcome: 'match', resultReference: 'R-1' });
    expect(after.pending.map((action) => action.kind)).toContain('verification');
    const { EventType } = temporal.api.enums.v1;
    const first = await env.client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
    expect(first.events!.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    expect(first.events!.length).toBeGreaterThan(35);
    // The last batch of the first run carries the result and publishes the stage it began: the view the API answers
    // the lab with shows verification (taken before the stage ran, it showed dna-testing until the new run's batch).
    expect((await auditBatchesOf(first)).at(-1)).toEqual({ events: ['lab-result'], viewStage: 'verification' });
    // That batch ran in the first run, before it closed: the new run's first task does not hold the lab's answer.
    const scheduledBatches = first
      .events!.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCaseEvents')
      .map((event) => String(event.eventId));
    const completedActivities = first
      .events!.map((event) => event.activityTaskCompletedEventAttributes?.scheduledEventId)
      .filter((id) => id != null)
      .map(String);
    expect(completedActivities).toContain(scheduledBatches.at(-1));
    // A message the case waits for in its verification replays the new run's few events, not the case's past.
    const second = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    expect(second.events!.length).toBeLessThan(35);
    await until(handle, (s) => s.auditedEvents === s.events.length, 'audit caught up');
    const trail = await auditTrail(harness.db, handle.caseNumber);
    expect(trail.map((entry) => entry.sequence)).toEqual(after.events.map((_, index) => index));
    // The new run began with its trail caught up and its view published. A refusal records no event, and its answer,
    // which the API reads from the view, is published all the same.
    const contradicting = { labId: 'lab-kyiv', sampleId: `${handle.caseNumber}-S1`, resultReference: 'R-1' };
    await handle.signal(caseMessageSignal, {
      messageId: 'lab-contradicts',
      name: 'reportLabResult',
      args: [{ ...contradicting, outcome: 'exclusion', actor: { id: 'lab-kyiv', role: 'lab' } }],
    });
    const answer = await eventually(
      () => publishedAnswer(handle, runId, 'lab-contradicts'),
      (found) => found !== undefined,
      'the refusal published in the view',
      20_000,
    );
    expect(answer).toMatchObject({ accepted: false, type: 'ContradictsRecord' });
    await harness.keep(handle, 'new-run-before-stage-first-run', firstRunId);
    await harness.keep(handle, 'new-run-before-stage', runId);
    await harness.keep(handle, 'new-run-before-stage-settled-audit-batch-first-run', firstRunId);
    await harness.keep(handle, 'new-run-before-stage-audited-first-run', firstRunId);
    await harness.keep(handle, 'new-run-before-stage-audited', runId);
    await finish(harness, handle);
  });
});

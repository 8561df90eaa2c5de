import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createAuditActivities } from '../../src/activities/audit';
import type { CaseEvent } from '../../src/domain/case';
import {
  appendAuditEntry,
  appendRegistryEntry,
  appendWorkflowBatch,
  auditConflictType,
  auditTrail,
  GENESIS_HASH,
  recordAuditConflict,
} from '../../src/registry/audit';
import { exportTrail, verifyTrail } from '../../src/registry/audit-export';
import { canonicalJson } from '../../src/registry/canonical-json';
import { AuditConflict, InvalidAuditSequence } from '../../src/registry/errors';
import { registryBackends } from './backends';

const caseNumber = 'HW-2026-000123-K';
const event = (type: string, minute: number, data?: CaseEvent['data']): CaseEvent => ({
  at: new Date(Date.UTC(2026, 10, 16, 9, minute)).toISOString(),
  type,
  actor: { id: 'coord-ana', role: 'coordinator' },
  stage: 'registered',
  ...(data ? { data } : {}),
});

describe.each(registryBackends())('audit trail on $name', (backend) => {
  it('appends each event once: a retry answers the stored hash as a duplicate', async () => {
    const db = await backend.open();
    const first = await appendAuditEntry(db, {
      caseNumber,
      sequence: 0,
      event: event('case-registered', 0, { from: 'RU' }),
    });
    const retry = await appendAuditEntry(db, {
      caseNumber,
      sequence: 0,
      event: event('case-registered', 0, { from: 'RU' }),
    });
    expect(first.duplicate).toBe(false);
    expect(retry).toEqual({ hash: first.hash, duplicate: true });
    expect(await auditTrail(db, caseNumber)).toHaveLength(1);
  });

  it('refuses a different event under a recorded sequence with an AuditConflict', async () => {
    const db = await backend.open();
    await appendAuditEntry(db, { caseNumber, sequence: 0, event: event('case-registered', 0) });
    const attempt = appendAuditEntry(db, { caseNumber, sequence: 0, event: event('case-withdrawn', 1) });
    await expect(attempt).rejects.toBeInstanceOf(AuditConflict);
    await expect(attempt).rejects.toMatchObject({ caseNumber, sequence: 0 });
    await expect(appendAuditEntry(db, { caseNumber, sequence: -1, event: event('x', 2) })).rejects.toBeInstanceOf(
      InvalidAuditSequence,
    );
    const trail = await auditTrail(db, caseNumber);
    expect(trail.map((entry) => entry.event.type)).toEqual(['case-registered']);
  });

  it("reaches a case's activities as non-retryable failures of the registry's own types", async () => {
    const db = await backend.open();
    const activities = createAuditActivities({ db });
    await activities.recordCaseEvent({ caseNumber, sequence: 0, event: event('case-registered', 0) });
    const conflict = activities.recordCaseEvent({ caseNumber, sequence: 0, event: event('case-withdrawn', 1) });
    await expect(conflict).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(conflict).rejects.toMatchObject({ type: 'AuditConflict', nonRetryable: true });
    const invalid = activities.recordCaseEvents({ caseNumber, fromSequence: -2, events: [event('x', 2)] });
    await expect(invalid).rejects.toMatchObject({ type: 'InvalidAuditSequence', nonRetryable: true });
    const batch = await activities.recordCaseEvents({
      caseNumber,
      fromSequence: 0,
      events: [event('case-withdrawn', 1)],
    });
    expect(batch).toEqual({ conflicts: [{ sequence: 0, type: 'case-withdrawn' }] });
  });

  it('stores a batch in one transaction: a retry stores nothing again, a refused event leaves the others stored, and a failure alongside stores none', async () => {
    const db = await backend.open();
    const events = ['case-registered', 'identity-details-requested', 'reminder-scheduled'].map((type, minute) =>
      event(type, minute),
    );
    await appendAuditEntry(db, { caseNumber, sequence: 1, event: event('case-withdrawn', 9) });

    const first = await appendWorkflowBatch(db, { caseNumber, fromSequence: 0, events });
    expect(first.appended.map((stored) => stored.type)).toEqual(['case-registered', 'reminder-scheduled']);
    expect(first.refused).toEqual([{ sequence: 1, event: events[1] }]);
    // The retried task's clock differs: the same events at other times are repeats.
    const retry = await appendWorkflowBatch(db, {
      caseNumber,
      fromSequence: 0,
      events: events.map((stored) => ({ ...stored, at: event(stored.type, 30).at })),
    });
    expect(retry).toEqual({
      appended: [],
      refused: [{ sequence: 1, event: { ...events[1]!, at: event('x', 30).at } }],
    });

    const failing = appendWorkflowBatch(
      db,
      { caseNumber, fromSequence: 3, events: [event('consent-complete', 4)] },
      () => Promise.reject(new Error('the view could not be written')),
    );
    await expect(failing).rejects.toThrow('the view could not be written');
    await expect(appendWorkflowBatch(db, { caseNumber, fromSequence: -1, events })).rejects.toBeInstanceOf(
      InvalidAuditSequence,
    );

    const trail = await auditTrail(db, caseNumber);
    expect(trail.map((entry) => [entry.position, entry.sequence, entry.event.type])).toEqual([
      [0, 1, 'case-withdrawn'],
      [1, 0, 'case-registered'],
      [2, 2, 'reminder-scheduled'],
    ]);
    expect(verifyTrail(exportTrail(caseNumber, trail))).toMatchObject({ ok: true });
  });

  it('keeps a refused workflow event beside the one that stands, once per sequence, in a chain that verifies', async () => {
    const db = await backend.open();
    await appendAuditEntry(db, { caseNumber, sequence: 0, event: event('case-registered', 0) });
    const refused = { caseNumber, sequence: 0, event: event('case-withdrawn', 1) };
    const first = await recordAuditConflict(db, refused);
    const retry = await recordAuditConflict(db, { ...refused, event: event('case-withdrawn', 2) });
    expect(first.duplicate).toBe(false);
    expect(retry).toEqual({ hash: first.hash, duplicate: true });
    await appendAuditEntry(db, { caseNumber, sequence: 1, event: event('identity-verified', 3) });

    const trail = await auditTrail(db, caseNumber);
    expect(trail.map((entry) => [entry.source, entry.sequence, entry.event.type])).toEqual([
      ['workflow', 0, 'case-registered'],
      ['registry', 0, auditConflictType],
      ['workflow', 1, 'identity-verified'],
    ]);
    expect(trail[1]!.event).toMatchObject({
      at: refused.event.at,
      data: { sequence: 0, refusedType: 'case-withdrawn' },
      detail: canonicalJson(refused.event),
    });
    expect(verifyTrail(exportTrail(caseNumber, trail))).toMatchObject({ ok: true });
  });

  it('takes the same workflow event at another time as a repeat (a refused workflow task wrote it first)', async () => {
    const db = await backend.open();
    const first = await appendAuditEntry(db, { caseNumber, sequence: 0, event: event('case-registered', 0) });
    const repeat = await appendAuditEntry(db, { caseNumber, sequence: 0, event: event('case-registered', 3) });
    expect(repeat).toEqual({ hash: first.hash, duplicate: true });
    const trail = await auditTrail(db, caseNumber);
    expect(trail).toHaveLength(1);
    expect(trail[0]!.event.at).toBe(event('case-registered', 0).at);
  });

  it('chains every entry to the one before: hash = sha256(previous hash + canonical JSON of the entry)', async () => {
    const db = await backend.open();
    for (const [sequence, type] of ['case-registered', 'identity-verified', 'consent-complete'].entries()) {
      await appendAuditEntry(db, { caseNumber, sequence, event: event(type, sequence, { to: 'UA' }) });
    }
    await appendAuditEntry(db, { caseNumber: 'HW-2026-000124-M', sequence: 0, event: event('case-registered', 9) });
    const trail = await auditTrail(db, caseNumber);
    expect(trail.map((entry) => entry.position)).toEqual([0, 1, 2]);
    let previous = GENESIS_HASH;
    for (const entry of trail) {
      const body = {
        caseNumber,
        position: entry.position,
        source: entry.source,
        sequence: entry.sequence,
        event: entry.event,
      };
      expect(entry.previousHash).toBe(previous);
      expect(entry.hash).toBe(
        createHash('sha256')
          .update(previous + canonicalJson(body))
          .digest('hex'),
      );
      previous = entry.hash;
    }
  });

  it('keeps one chain when appends for a case arrive concurrently and out of order, retries included', async () => {
    const db = await backend.open();
    const sequences = Array.from({ length: 24 }, (_, index) => 23 - index);
    const results = await Promise.all(
      [...sequences, ...sequences.slice(0, 6)].map((sequence) =>
        appendAuditEntry(db, { caseNumber, sequence, event: event(`step-${sequence}`, sequence) }),
      ),
    );
    expect(results.filter((result) => result.duplicate)).toHaveLength(6);
    const trail = await auditTrail(db, caseNumber);
    expect(trail.map((entry) => entry.position)).toEqual(Array.from({ length: 24 }, (_, index) => index));
    expect(new Set(trail.map((entry) => entry.sequence)).size).toBe(24);
    expect(verifyTrail(exportTrail(caseNumber, trail), trail.at(-1)!.hash)).toEqual({ ok: true, findings: [] });
  });

  it("numbers the registry's own entries apart from the workflow's, concurrently without conflict", async () => {
    const db = await backend.open();
    await appendAuditEntry(db, { caseNumber, sequence: 0, event: event('case-registered', 0) });
    const appended = await Promise.all(
      [1, 2, 3, 4].map((minute) => appendRegistryEntry(db, caseNumber, event('duplicate-registration-linked', minute))),
    );
    expect(appended.map((entry) => entry.sequence).sort()).toEqual([0, 1, 2, 3]);
    const trail = await auditTrail(db, caseNumber);
    expect(trail.map((entry) => `${entry.source}:${entry.sequence}`).sort()).toEqual([
      'registry:0',
      'registry:1',
      'registry:2',
      'registry:3',
      'workflow:0',
    ]);
    expect(verifyTrail(exportTrail(caseNumber, trail)).ok).toBe(true);
  });
});

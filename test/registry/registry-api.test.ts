import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AuditExport } from '../../src/registry/audit-export';
import { personalDataMarkers, registration } from '../support/fixtures';
import { startTestStack, testKeys, type TestStack } from '../support/stack';
import { registryBackends } from './backends';

let stack: TestStack;

const as = (key: { key: string }) => ({ authorization: `Bearer ${key.key}` });
const register = (body: object) =>
  stack.app.inject({ method: 'POST', url: '/cases', headers: as(testKeys.coordinator), payload: body });
const trailOf = async (caseNumber: string, key: { key: string } = testKeys.operator) =>
  stack.app.inject({ method: 'GET', url: `/cases/${caseNumber}/audit`, headers: as(key) });

async function waitForTrail(caseNumber: string, type: string): Promise<AuditExport> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const trail = (await trailOf(caseNumber)).json<AuditExport>();
    if (trail.entries?.some((entry) => entry.event.type === type)) return trail;
    if (Date.now() > deadline) throw new Error(`no ${type} entry in the trail of ${caseNumber}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.each(registryBackends())('the registry through the API on $name', (backend) => {
  beforeAll(async () => {
    stack = await startTestStack({}, { db: await backend.open() });
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  describe('duplicate check at registration', () => {
    it('reports a likely duplicate with its case number, then records the coordinator’s decision either way', async () => {
      const first = registration();
      const original = await register(first);
      expect(original.statusCode).toBe(201);
      const { caseNumber: existing } = original.json<{ caseNumber: string }>();

      // The same child, written in Cyrillic with a patronymic, by another organisation.
      const [given, family] = first.child.names.find((name) => name.script === 'cyrillic')!.value.split(' ');
      const patronymic = /[ая]$/.test(given!) ? 'Олеговна' : 'Олегович';
      const again = registration({
        organisation: { id: 'field-office', reference: 'FO-1' },
        child: { ...first.child, names: [{ value: `${given} ${patronymic} ${family}`, script: 'cyrillic' }] },
      });
      const refused = await register(again);
      expect(refused.statusCode).toBe(409);
      const body = refused.json<{ error: string; message: string; candidates: Array<{ caseNumber: string }> }>();
      expect(body.error).toBe('conflict');
      expect(body.candidates.map((candidate) => candidate.caseNumber)).toEqual([existing]);
      expect(body.message).toContain('duplicateDecision');
      for (const marker of personalDataMarkers) expect(refused.body).not.toContain(marker);

      // A repeat of the first registration is the same case, not a duplicate.
      expect((await register(first)).statusCode).toBe(200);

      // The coordinator says it is the same child: no second case; the link is audited on the existing case, once.
      const linked = await register({ ...again, duplicateDecision: { linkTo: existing } });
      expect(linked.statusCode).toBe(200);
      expect(linked.json()).toMatchObject({ caseNumber: existing, created: false });
      expect((await register({ ...again, duplicateDecision: { linkTo: existing } })).json()).toMatchObject({
        caseNumber: existing,
      });
      const trail = await waitForTrail(existing, 'duplicate-registration-linked');
      expect(trail.entries.filter((entry) => entry.event.type === 'duplicate-registration-linked')).toHaveLength(1);

      // Another organisation registers a child who only looks alike: confirmed as different, a new case starts.
      const lookAlike = registration({
        organisation: { id: 'field-office', reference: 'FO-2' },
        child: { ...first.child, names: first.child.names.filter((name) => name.script === 'latin') },
      });
      const unconfirmed = await register({
        ...lookAlike,
        duplicateDecision: { confirmedDifferentFrom: ['HW-2026-999999-A'] },
      });
      expect(unconfirmed.statusCode).toBe(409);
      const different = await register({ ...lookAlike, duplicateDecision: { confirmedDifferentFrom: [existing] } });
      expect(different.statusCode).toBe(201);
      const { caseNumber: newCase } = different.json<{ caseNumber: string }>();
      expect(newCase).not.toBe(existing);
      const decision = (await waitForTrail(newCase, 'duplicate-check-decided')).entries.find(
        (entry) => entry.event.type === 'duplicate-check-decided',
      )!;
      expect(decision).toMatchObject({
        source: 'registry',
        event: { actor: { id: testKeys.coordinator.actorId, role: 'coordinator' }, data: { candidates: existing } },
      });
    });

    it('refuses a link to a case that does not exist, and a malformed decision, with a 4xx that says why', async () => {
      const child = registration();
      expect((await register(child)).statusCode).toBe(201);
      const duplicate = { ...child, organisation: { id: 'field-office', reference: `FO-${Date.now()}` } };
      const unknown = await register({ ...duplicate, duplicateDecision: { linkTo: 'HW-2026-999999-A' } });
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().message).toContain('HW-2026-999999-A');
      const mistyped = await register({ ...duplicate, duplicateDecision: { linkTo: 'HW-2026-000001-A' } });
      expect(mistyped.statusCode).toBe(422);
      expect(mistyped.json().message).toMatch(/check letter does not match/);
      const malformed = await register({ ...duplicate, duplicateDecision: { linkTo: 'case one' } });
      expect(malformed.statusCode).toBe(400);
    });
  });

  describe('GET /cases/:caseNumber/audit', () => {
    it('returns the hash-chained trail the workflow wrote, free of personal data, which verifies as exported', async () => {
      const created = await register(registration());
      const { caseNumber } = created.json<{ caseNumber: string }>();
      const trail = await waitForTrail(caseNumber, 'case-registered');
      expect(trail.entries[0]).toMatchObject({
        position: 0,
        source: 'workflow',
        sequence: 0,
        event: { type: 'case-registered', data: { from: 'RU' } },
      });
      const text = JSON.stringify(trail);
      for (const marker of personalDataMarkers) expect(text).not.toContain(marker);

      const exported = await stack.app.inject({
        method: 'GET',
        url: `/cases/${caseNumber}/audit/export`,
        headers: as(testKeys.reviewer),
      });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-disposition']).toContain(`audit-${caseNumber}.json`);
      const file = join(mkdtempSync(join(tmpdir(), 'homeward-export-')), 'trail.json');
      writeFileSync(file, exported.body);
      const { stdout } = await promisify(execFile)('npx', [
        'tsx',
        'scripts/audit-verify.ts',
        file,
        '--head',
        exported.json<AuditExport>().headHash,
      ]);
      expect(stdout).toContain(`intact: case ${caseNumber}`);
    });

    it('is for staff keys only, and says what is wrong with a bad or unknown number', async () => {
      expect((await stack.app.inject({ method: 'GET', url: '/cases/HW-2026-000001-X/audit' })).statusCode).toBe(401);
      expect((await trailOf('HW-2026-000001-X', testKeys.lab)).statusCode).toBe(403);
      const unknown = await trailOf('HW-2026-999999-A');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toContain('HW-2026-999999-A');
      const mistyped = await trailOf('HW-2026-999999-P');
      expect(mistyped.statusCode).toBe(404);
      expect(mistyped.json().message).toMatch(/check letter does not match/);
    });
  });

  describe('GET /dashboard/weekly', () => {
    it('is public, refuses a malformed week with 400 and answers a week its year does not have with 404', async () => {
      const current = await stack.app.inject({ method: 'GET', url: '/dashboard/weekly' });
      expect(current.statusCode).toBe(200);
      expect(current.json().totals.registered).toBeDefined();
      expect((await stack.app.inject({ method: 'GET', url: '/dashboard/weekly?week=2026-47' })).statusCode).toBe(400);
      const missing = await stack.app.inject({ method: 'GET', url: '/dashboard/weekly?week=2025-W53' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().message).toContain('2025-W53');
    });
  });
});

import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { CaseState } from '../../src/domain/case';
import { testKeys } from '../support/stack';
import {
  auth,
  caseState,
  registerCase,
  startPartneredStack,
  unknownCaseNumber,
  waitForCase,
  youngChild,
  type PartneredStack,
} from './api-support';

describe('partner labs report DNA results', () => {
  let partnered: PartneredStack;
  let caseNumber: string;
  let sampleId: string;
  beforeAll(async () => {
    partnered = await startPartneredStack();
    caseNumber = await registerCase(partnered.stack, youngChild());
    const state = await waitForCase(
      partnered.stack,
      caseNumber,
      (current) => current.stage === 'dna-testing' && current.dna.samples.length > 0,
      'a DNA sample ordered',
    );
    sampleId = state.dna.samples[0]!.sampleId;
    expect(state.dna.samples[0]!.labId).toBe(testKeys.lab.labId);
  });
  afterAll(async () => {
    await partnered?.stop();
  });

  const report = (key: { key: string }, body: Record<string, unknown>) =>
    partnered.stack.app.inject({ method: 'POST', url: '/labs/results', headers: auth(key), payload: body });
  const labEvents = (state: CaseState) => state.events.filter((event) => event.type.startsWith('lab-result'));

  it('refuses a lab reporting on a sample ordered from another lab, and unknown samples and cases', async () => {
    const otherLab = await report(testKeys.otherLab, {
      caseNumber,
      sampleId,
      resultReference: 'LVIV-1',
      outcome: 'exclusion',
    });
    expect(otherLab.statusCode).toBe(403);
    expect(otherLab.json().message).toMatch(/not ordered from your lab \(lab-lviv\)/);

    const noSample = await report(testKeys.lab, {
      caseNumber,
      sampleId: 'S-NOT-ORDERED',
      resultReference: 'KYIV-0',
      outcome: 'match',
    });
    expect(noSample.statusCode).toBe(404);
    expect(noSample.json().message).toMatch(/has no sample S-NOT-ORDERED/);

    const noCase = await report(testKeys.lab, {
      caseNumber: unknownCaseNumber,
      sampleId,
      resultReference: 'KYIV-0',
      outcome: 'match',
    });
    expect(noCase.statusCode).toBe(404);

    const state = await caseState(partnered.stack, caseNumber);
    expect(state.dna.samples[0]!.result).toBeUndefined();
    expect(labEvents(state)).toEqual([]);
  });

  it('accepts a result once and answers a repeat the same way', async () => {
    const result = { caseNumber, sampleId, resultReference: 'KYIV-2026-0001', outcome: 'match' };
    const first = await report(testKeys.lab, result);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ ...result, status: 'accepted' });

    const state = await waitForCase(
      partnered.stack,
      caseNumber,
      (current) => current.dna.samples[0]?.result !== undefined,
      'the result recorded',
    );
    expect(state.dna.samples[0]!.result).toMatchObject({ outcome: 'match', resultReference: 'KYIV-2026-0001' });

    const again = await report(testKeys.lab, result);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    const after = await caseState(partnered.stack, caseNumber);
    expect(labEvents(after).map((event) => event.type)).toEqual(['lab-result']);
  });

  it('refuses a different outcome under the same reference, and a second result for the sample', async () => {
    const changed = await report(testKeys.lab, {
      caseNumber,
      sampleId,
      resultReference: 'KYIV-2026-0001',
      outcome: 'exclusion',
    });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().message).toMatch(/already reported as match/);

    const second = await report(testKeys.lab, {
      caseNumber,
      sampleId,
      resultReference: 'KYIV-2026-0002',
      outcome: 'exclusion',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().message).toMatch(/already has a result \(KYIV-2026-0001\)/);

    const state = await caseState(partnered.stack, caseNumber);
    expect(state.dna.samples[0]!.result!.outcome).toBe('match');
  });

  it('moves the case on to verification with the match', async () => {
    await waitForCase(partnered.stack, caseNumber, (state) => state.stage === 'verification', 'verification');
  });

  it('is for lab keys only, and a lab cannot read cases', async () => {
    const asCoordinator = await report(testKeys.coordinator, {
      caseNumber,
      sampleId,
      resultReference: 'X-1',
      outcome: 'match',
    });
    expect(asCoordinator.statusCode).toBe(403);
    const read = await partnered.stack.app.inject({
      method: 'GET',
      url: `/cases/${caseNumber}`,
      headers: auth(testKeys.lab),
    });
    expect(read.statusCode).toBe(403);
  });
});

describe('a lab that answers before the case has recorded its order', () => {
  let partnered: PartneredStack;
  let lab: FastifyInstance;
  const posted: Array<{ statusCode: number; body: string }> = [];
  beforeAll(async () => {
    // A lab whose result comes back while the order is still open: it posts the result, then answers the order,
    // as when the worker that placed the order is killed before it hears the lab's answer.
    lab = Fastify();
    lab.post<{ Body: { caseNumber: string; sampleId: string } }>('/orders', async (request) => {
      const { caseNumber, sampleId } = request.body;
      const response = await partnered.stack.app.inject({
        method: 'POST',
        url: '/labs/results',
        headers: auth(testKeys.lab),
        payload: { caseNumber, sampleId, resultReference: `EARLY-${sampleId}`, outcome: 'match' },
      });
      posted.push({ statusCode: response.statusCode, body: response.body });
      return { labOrderReference: `ORDER-${sampleId}` };
    });
    await lab.listen({ host: '127.0.0.1', port: 0 });
    const { port } = lab.server.address() as AddressInfo;
    partnered = await startPartneredStack({ PARTNER_LABS_URL: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await partnered?.stop();
    await lab?.close();
  });

  it('takes the result: the case knows the sample from the moment it orders it', async () => {
    const caseNumber = await registerCase(partnered.stack, youngChild());
    const state = await waitForCase(
      partnered.stack,
      caseNumber,
      (current) => current.stage === 'verification',
      'verification',
    );
    expect(posted[0]).toMatchObject({ statusCode: 202 });
    expect(state.dna.samples).toEqual([
      expect.objectContaining({
        result: expect.objectContaining({ resultReference: `EARLY-${state.dna.samples[0]!.sampleId}` }),
      }),
    ]);
    expect(state.events.map((event) => event.type)).not.toContain('lab-result-ignored');
  });
});

/**
 * The HTTP adapters against the partner simulator over real HTTP, directly and inside real activities on the dev
 * server, so retries are Temporal's own.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import Fastify, { type FastifyInstance } from 'fastify';
import { createActivities } from '../../src/activities';
import { createActivityDeps } from '../../src/activities/deps';
import {
  httpDnaLabs,
  httpRecordRegistries,
  httpTransitProvider,
  httpTravelDocumentAuthority,
  PartnerUnavailable,
} from '../../src/activities/partners';
import { PartnerRejection } from '../../src/activities/ports';
import type { PartnerEndpoint } from '../../src/config';
import { openPglite, type Db } from '../../src/registry/db';
import { buildSimulator, type Simulator } from '../../src/simulator';
import { devServerAddress, testConfig } from '../support/stack';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const token = 'simulator-token-0001';
let simulator: Simulator;
let base: string;
let homeward: FastifyInstance;
const labResultsReceived: Array<{ authorization?: string; body: unknown }> = [];
let serial = 0;
const caseNumber = () => `HW-2026-${String(900_000 + ++serial)}`;
const endpoint = (path: string, overrides: Partial<PartnerEndpoint> = {}): PartnerEndpoint => ({
  url: `${base}${path}`,
  token,
  ...overrides,
});

beforeAll(async () => {
  // Stands in for Homeward's public lab API: refuses the first post with a 503 to show the lab retries.
  homeward = Fastify();
  homeward.post('/labs/results', async (request, reply) => {
    labResultsReceived.push({ authorization: request.headers.authorization, body: request.body });
    return reply.code(labResultsReceived.length === 1 ? 503 : 202).send({});
  });
  await homeward.listen({ host: '127.0.0.1', port: 0 });
  simulator = await buildSimulator({
    token,
    homewardUrl: `http://127.0.0.1:${(homeward.server.address() as AddressInfo).port}`,
    labKeys: { 'lab-kyiv': 'test-lab-kyiv-key-000001' },
    labResultAfterMs: 10,
  });
  await simulator.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(simulator.app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await simulator.app.close();
  await homeward.close();
});

describe('the HTTP adapters against the simulator', () => {
  it('check records, answering the outcome the scenario sets per registry', async () => {
    const registries = httpRecordRegistries(endpoint('/registries'), 2000);
    const number = caseNumber();
    simulator.setScenario(number, { records: { medical: 'contradictory' } });
    const civil = await registries.check({
      caseNumber: number,
      registry: 'civil',
      idempotencyKey: `${number}:rc-civil`,
    });
    const medical = await registries.check({
      caseNumber: number,
      registry: 'medical',
      documentReference: 'MED-77',
      idempotencyKey: `${number}:rc-medical`,
    });
    expect(civil.outcome).toBe('consistent');
    expect(civil.reference).toMatch(/^CIVIL-/);
    expect(medical.outcome).toBe('contradictory');
  });

  it('order a DNA sample; the lab posts the result back with its key, retrying a 503', async () => {
    const labs = httpDnaLabs(endpoint('/labs'), 2000);
    const number = caseNumber();
    simulator.setScenario(number, { lab: 'exclusion' });
    const order = {
      caseNumber: number,
      labId: 'lab-kyiv',
      sampleId: 'S-1',
      chainOfCustody: {
        collectedBy: 'coord-ana',
        carrier: 'courier:lab-kyiv',
        receivingLab: 'lab-kyiv',
        orderedAt: new Date().toISOString(),
      },
      idempotencyKey: `${number}:dna-sample-S-1`,
    };
    const first = await labs.orderSample(order);
    const again = await labs.orderSample(order);
    expect(again).toEqual(first);
    expect(simulator.ledger.labOrders.filter((entry) => entry.caseNumber === number)).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await simulator.settled();
    const delivery = simulator.ledger.labResults.find((result) => result.caseNumber === number);
    expect(delivery).toMatchObject({ status: 'delivered', httpStatus: 202, attempts: 2, outcome: 'exclusion' });
    expect(labResultsReceived.at(-1)).toEqual({
      authorization: 'Bearer test-lab-kyiv-key-000001',
      body: { caseNumber: number, sampleId: 'S-1', resultReference: delivery!.resultReference, outcome: 'exclusion' },
    });
  });

  it('request and cancel travel documents; book and cancel an escorted journey, once per idempotency key', async () => {
    const authority = httpTravelDocumentAuthority(endpoint('/travel-documents'), 2000);
    const transit = httpTransitProvider(endpoint('/transit'), 2000);
    const number = caseNumber();
    const { applicationReference } = await authority.request({
      caseNumber: number,
      from: 'UA',
      to: 'RU',
      idempotencyKey: `${number}:travel-documents-1`,
    });
    const booking = { caseNumber: number, from: 'UA', to: 'RU', escorted: true as const, medicalSupport: true };
    const first = await transit.book({ ...booking, idempotencyKey: `${number}:transit-1` });
    const repeat = await transit.book({ ...booking, idempotencyKey: `${number}:transit-1` });
    expect(repeat).toEqual(first);
    await transit.cancel({
      caseNumber: number,
      bookingReference: first.bookingReference,
      idempotencyKey: `${number}:c1`,
    });
    await authority.cancel({ caseNumber: number, applicationReference, idempotencyKey: `${number}:c2` });
    expect(simulator.ledger.bookings.filter((entry) => entry.caseNumber === number)).toEqual([
      { caseNumber: number, bookingReference: first.bookingReference, status: 'cancelled' },
    ]);
    expect(simulator.ledger.travelDocuments.find((entry) => entry.caseNumber === number)?.status).toBe('cancelled');
  });

  it('time out with a retryable error when the party answers too late', async () => {
    const transit = httpTransitProvider(endpoint('/transit'), 200);
    const number = caseNumber();
    simulator.setScenario(number, { delayMs: 1500 });
    const error = await transit
      .book({
        caseNumber: number,
        from: 'RU',
        to: 'UA',
        escorted: true,
        medicalSupport: false,
        idempotencyKey: `${number}:t`,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PartnerUnavailable);
    expect((error as Error).message).toContain('no answer within 200 ms');
  });

  it('throw a retryable error on 5xx and on a refused connection', async () => {
    const registries = httpRecordRegistries(endpoint('/registries'), 2000);
    const number = caseNumber();
    simulator.setScenario(number, { outcome: 'unavailable' });
    await expect(
      registries.check({ caseNumber: number, registry: 'school', idempotencyKey: `${number}:rc-school` }),
    ).rejects.toThrow(new PartnerUnavailable('school registry answered 503 on /school/checks'));
    const nowhere = httpRecordRegistries({ url: 'http://127.0.0.1:9/registries' }, 2000);
    await expect(
      nowhere.check({ caseNumber: number, registry: 'civil', idempotencyKey: `${number}:x` }),
    ).rejects.toBeInstanceOf(PartnerUnavailable);
  });

  it('throw PartnerRejection on 4xx: invalid data, a refused case, a wrong token', async () => {
    const transit = httpTransitProvider(endpoint('/transit'), 2000);
    const number = caseNumber();
    const invalid = await transit
      .book({
        caseNumber: number,
        from: 'UA',
        to: 'UA',
        escorted: true,
        medicalSupport: false,
        idempotencyKey: `${number}:a`,
      })
      .catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(PartnerRejection);
    expect((invalid as PartnerRejection).status).toBe(422);

    simulator.setScenario(number, { reject: ['labs'] });
    const refused = await httpDnaLabs(endpoint('/labs'), 2000)
      .orderSample({
        caseNumber: number,
        labId: 'lab-kyiv',
        sampleId: 'S-9',
        chainOfCustody: { collectedBy: 'a', carrier: 'b', receivingLab: 'c', orderedAt: new Date().toISOString() },
        idempotencyKey: `${number}:b`,
      })
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ name: 'PartnerRejection', status: 422 });

    const wrongToken = httpRecordRegistries(endpoint('/registries', { token: 'not-the-token' }), 2000);
    await expect(
      wrongToken.check({ caseNumber: number, registry: 'civil', idempotencyKey: `${number}:c` }),
    ).rejects.toMatchObject({ name: 'PartnerRejection', status: 401 });
  });

  it('throw PartnerRejection on an answer outside the contract', async () => {
    const rogue = Fastify();
    rogue.post('/bookings', async () => ({ reference: 42 }));
    await rogue.listen({ host: '127.0.0.1', port: 0 });
    try {
      const transit = httpTransitProvider(
        { url: `http://127.0.0.1:${(rogue.server.address() as AddressInfo).port}` },
        2000,
      );
      const error = await transit
        .book({
          caseNumber: 'HW-1',
          from: 'UA',
          to: 'PL',
          escorted: true,
          medicalSupport: false,
          idempotencyKey: 'HW-1:t',
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PartnerRejection);
      expect((error as Error).message).toContain('outside the contract');
    } finally {
      await rogue.close();
    }
  });
});

type Party = 'registries' | 'labs' | 'travel-documents' | 'transit';
// Fixed, as the workflow's input is: a retried attempt sends exactly the same order.
const orderedAt = '2026-11-23T10:00:00.000Z';
const adapterCalls: Array<[Party, (number: string, key: string, timeoutMs: number) => Promise<unknown>]> = [
  [
    'registries',
    (number, key, timeoutMs) =>
      httpRecordRegistries(endpoint('/registries'), timeoutMs).check({
        caseNumber: number,
        registry: 'civil',
        idempotencyKey: key,
      }),
  ],
  [
    'labs',
    (number, key, timeoutMs) =>
      httpDnaLabs(endpoint('/labs'), timeoutMs).orderSample({
        caseNumber: number,
        labId: 'lab-kyiv',
        sampleId: 'S-1',
        chainOfCustody: {
          collectedBy: 'a',
          carrier: 'b',
          receivingLab: 'lab-kyiv',
          orderedAt,
        },
        idempotencyKey: key,
      }),
  ],
  [
    'travel-documents',
    (number, key, timeoutMs) =>
      httpTravelDocumentAuthority(endpoint('/travel-documents'), timeoutMs).request({
        caseNumber: number,
        from: 'UA',
        to: 'RU',
        idempotencyKey: key,
      }),
  ],
  [
    'transit',
    (number, key, timeoutMs) =>
      httpTransitProvider(endpoint('/transit'), timeoutMs).book({
        caseNumber: number,
        from: 'RU',
        to: 'UA',
        escorted: true,
        medicalSupport: false,
        idempotencyKey: key,
      }),
  ],
];

describe.each(adapterCalls)('the %s adapter', (party, callParty) => {
  it('times out with a retryable error, and the retry gets the first answer', async () => {
    const number = caseNumber();
    simulator.setScenario(number, { delayMs: 800, delayAttempts: 1, lab: 'silent' });
    await expect(callParty(number, `${number}:step`, 150)).rejects.toBeInstanceOf(PartnerUnavailable);
    const first = await callParty(number, `${number}:step`, 2000);
    await expect(callParty(number, `${number}:step`, 2000)).resolves.toEqual(first);
  });

  it('throws a retryable error on 5xx, then succeeds when asked again', async () => {
    const number = caseNumber();
    simulator.setScenario(number, { failFirst: 1, lab: 'silent' });
    await expect(callParty(number, `${number}:step`, 2000)).rejects.toBeInstanceOf(PartnerUnavailable);
    await expect(callParty(number, `${number}:step`, 2000)).resolves.toBeDefined();
  });

  it('throws PartnerRejection on a 4xx', async () => {
    const number = caseNumber();
    simulator.setScenario(number, { reject: [party] });
    await expect(callParty(number, `${number}:step`, 2000)).rejects.toMatchObject({
      name: 'PartnerRejection',
      status: 422,
    });
  });
});

describe("Homeward's activities on the dev server, through the simulator", () => {
  let db: Db;
  let smtp: TestSmtpServer;
  let worker: Worker;
  let running: Promise<void>;
  let client: Client;
  let taskQueue: string;

  beforeAll(async () => {
    db = await openPglite();
    smtp = await startTestSmtpServer();
    taskQueue = `partners-${randomBytes(4).toString('hex')}`;
    const config = testConfig({
      PARTNER_REGISTRIES_URL: `${base}/registries`,
      PARTNER_LABS_URL: `${base}/labs`,
      PARTNER_TRAVEL_DOCUMENTS_URL: `${base}/travel-documents`,
      PARTNER_TRANSIT_URL: `${base}/transit`,
      PARTNER_TOKEN: token,
      PARTNER_TIMEOUT_MS: '300',
      SMTP_URL: smtp.url,
      TEMPORAL_TASK_QUEUE: taskQueue,
    });
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./support/run-activity-workflow'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: devServerAddress() }),
      taskQueue,
      workflowBundle: bundle,
      activities: createActivities(createActivityDeps(config, db)),
    });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address: devServerAddress() }) });
  });

  afterAll(async () => {
    worker.shutdown();
    await running;
    await client.connection.close();
    await smtp.stop();
    await db.close();
  });

  const run = (name: string, input: unknown, times = 1) =>
    client.workflow.execute('runActivity', {
      taskQueue,
      workflowId: `partners-test-${randomBytes(6).toString('hex')}`,
      args: [name, input, times],
    });

  it('retries a 5xx until the party answers, and books once', async () => {
    const number = caseNumber();
    simulator.setScenario(number, { failFirst: 2 });
    const before = simulator.ledger.attempts.transit;
    const [booking] = (await run('bookTransit', {
      caseNumber: number,
      from: 'UA',
      to: 'RU',
      medicalSupport: false,
      round: 1,
    })) as Array<{ bookingReference: string }>;
    expect(simulator.ledger.attempts.transit - before).toBe(3);
    expect(simulator.ledger.bookings.filter((entry) => entry.caseNumber === number)).toEqual([
      { caseNumber: number, bookingReference: booking!.bookingReference, status: 'booked' },
    ]);
  });

  it('retries a timeout; the late answer of the first attempt does not become a second booking', async () => {
    const number = caseNumber();
    simulator.setScenario(number, { delayMs: 1000, delayAttempts: 1 });
    const [booking] = (await run('bookTransit', {
      caseNumber: number,
      from: 'RU',
      to: 'UA',
      medicalSupport: true,
      round: 1,
    })) as Array<{ bookingReference: string }>;
    expect(simulator.ledger.bookings.filter((entry) => entry.caseNumber === number)).toEqual([
      { caseNumber: number, bookingReference: booking!.bookingReference, status: 'booked' },
    ]);
  });

  it('does not retry a 4xx: the activity fails once with a non-retryable PartnerRejection', async () => {
    const number = caseNumber();
    simulator.setScenario(number, { reject: ['registries'] });
    const before = simulator.ledger.attempts.registries;
    const error = await run('checkRecord', {
      caseNumber: number,
      registry: 'civil',
      documentReference: 'CR-1',
      attempt: 1,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (error as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    expect(activityFailure?.cause).toBeInstanceOf(ApplicationFailure);
    expect((activityFailure?.cause as ApplicationFailure).type).toBe('PartnerRejection');
    expect((activityFailure?.cause as ApplicationFailure).nonRetryable).toBe(true);
    expect(simulator.ledger.attempts.registries - before).toBe(1);
  });

  it('run twice with the same input, sends one consent email and makes one booking', async () => {
    const number = caseNumber();
    const consent = {
      caseNumber: number,
      consenteeId: 'mother',
      role: 'guardian',
      to: { address: 'guardian@example.org', language: 'ru' },
      expiresAt: Date.now() + 86_400_000,
      reminder: 0,
      round: 1,
    };
    const sent = (await run('requestConsent', consent, 2)) as Array<{ messageId: string; duplicate: boolean }>;
    expect(sent.map((result) => result.duplicate)).toEqual([false, true]);
    expect(sent[1]!.messageId).toBe(sent[0]!.messageId);
    const mails = smtp.received.filter((mail) => mail.parsed.subject?.startsWith(`Homeward ${number}:`));
    expect(mails).toHaveLength(1);
    expect(mails[0]!.parsed.subject).toBe(`Homeward ${number}: Запрос согласия`);
    expect(mails[0]!.parsed.text).toMatch(new RegExp(`http://localhost:\\d+/consent/\\S+`));

    const bookings = (await run(
      'bookTransit',
      { caseNumber: number, from: 'UA', to: 'RU', medicalSupport: false, round: 1 },
      2,
    )) as Array<{ bookingReference: string }>;
    expect(bookings[1]).toEqual(bookings[0]);
    expect(simulator.ledger.bookings.filter((entry) => entry.caseNumber === number)).toHaveLength(1);
  });
});

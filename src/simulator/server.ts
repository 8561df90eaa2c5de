/**
 * The partner simulator: answers like the record registries, DNA labs, travel-document authority and transit
 * provider, so Homeward runs end to end without any partner at hand. Every party honours `Idempotency-Key`: a
 * repeat answers the first reply again and acts once. Lab orders are answered later by posting the result to
 * Homeward's public `POST /labs/results`.
 */
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import { postLabResult, type LabResultDelivery } from './lab-results';
import {
  isUnavailable,
  labOutcomeFor,
  recordOutcomeFor,
  scenarioSchema,
  type Party,
  type RecordOutcome,
  type Scenario,
} from './scenario';

export interface SimulatorOptions {
  /** When set, every party call must carry `Authorization: Bearer <token>`. */
  token?: string;
  /** Where lab results go: Homeward's public base URL. */
  homewardUrl: string;
  /** The API key each simulated lab posts its results with, by lab ID. */
  labKeys: Record<string, string>;
  /** Default for `labResultAfterMs`. */
  labResultAfterMs?: number;
  /** Mounted for the mail catcher's listing; see mail-catcher.ts. */
  extraRoutes?: (app: FastifyInstance) => Promise<void>;
}

/** Everything the simulated parties did, for tests and the demo to check. */
export interface Ledger {
  recordChecks: Array<{ caseNumber: string; registry: string; outcome: RecordOutcome; reference: string }>;
  labOrders: Array<{ caseNumber: string; labId: string; sampleId: string; labOrderReference: string }>;
  labResults: LabResultDelivery[];
  travelDocuments: Array<{ caseNumber: string; applicationReference: string; status: 'issued' | 'cancelled' }>;
  bookings: Array<{ caseNumber: string; bookingReference: string; status: 'booked' | 'cancelled' }>;
  /** Calls received per party, counting every attempt. */
  attempts: Record<Party, number>;
}

export interface Simulator {
  app: FastifyInstance;
  ledger: Ledger;
  setScenario(caseNumber: string, scenario: Scenario): void;
  setDefaultScenario(scenario: Scenario): void;
  /** Where lab results go from now on (a test's API gets its port after the simulator starts). */
  setHomewardUrl(url: string): void;
  /** Resolves when every lab result posted so far has been delivered, refused or given up. */
  settled(): Promise<void>;
}

const country = z.string().regex(/^[A-Z]{2}$/);
const caseNumber = z.string().min(1).max(64);
const checkBody = z.object({ caseNumber, documentReference: z.string().max(200).optional() });
const orderBody = z.object({
  caseNumber,
  labId: z.string().min(1).max(64),
  sampleId: z.string().min(1).max(64),
  chainOfCustody: z.object({
    collectedBy: z.string().min(1),
    carrier: z.string().min(1),
    receivingLab: z.string().min(1),
    orderedAt: z.iso.datetime(),
  }),
});
const routeBody = z
  .object({ caseNumber, from: country, to: country })
  .refine((route) => route.from !== route.to, 'from and to must differ');
const bookingBody = z.intersection(routeBody, z.object({ escorted: z.literal(true), medicalSupport: z.boolean() }));
const cancelBody = z.object({ caseNumber });

interface Reply {
  status: number;
  body?: unknown;
}

export async function buildSimulator(options: SimulatorOptions): Promise<Simulator> {
  const app = Fastify({ logger: false });
  const scenarios = new Map<string, Scenario>();
  let defaults: Scenario = {};
  const replies = new Map<string, { fingerprint: string; reply: Promise<Reply> }>();
  const attemptsByKey = new Map<string, number>();
  const deliveries: Array<Promise<unknown>> = [];
  const ordersPerCase = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let serial = 0;
  let homewardUrl = options.homewardUrl;
  const ledger: Ledger = {
    recordChecks: [],
    labOrders: [],
    labResults: [],
    travelDocuments: [],
    bookings: [],
    attempts: { registries: 0, labs: 0, 'travel-documents': 0, transit: 0 },
  };
  const scenarioFor = (caseNumber: string): Scenario => ({ ...defaults, ...scenarios.get(caseNumber) });
  const reference = (prefix: string) => `${prefix}-${Date.now().toString(36).toUpperCase()}-${++serial}`;

  app.addHook('onClose', async () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
  });

  /** The shared rules of every party call: auth, scenario delays and failures, validation, idempotency. */
  async function answer<Body extends { caseNumber: string }>(
    party: Party,
    request: FastifyRequest,
    reply: FastifyReply,
    schema: z.ZodType<Body>,
    act: (body: Body, scenario: Scenario) => Reply,
  ) {
    ledger.attempts[party] += 1;
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`) {
      return reply.code(401).send({ code: 'unauthorised' });
    }
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.length < 3 || key.length > 200) {
      return reply.code(400).send({ code: 'idempotency-key-required' });
    }
    const parsed = schema.safeParse(request.body);
    if (!parsed.success) return reply.code(422).send({ code: 'invalid-request' });
    const scenario = scenarioFor(parsed.data.caseNumber);
    const slot = `${request.routeOptions.url}|${key}`;
    const attempt = (attemptsByKey.get(slot) ?? 0) + 1;
    attemptsByKey.set(slot, attempt);
    if (attempt <= (scenario.failFirst ?? 0) || isUnavailable(scenario, party)) {
      return reply.code(503).send({ code: 'temporarily-unavailable' });
    }
    if (scenario.reject?.includes(party)) return reply.code(422).send({ code: 'case-refused' });
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(request.body) + (request.params ? JSON.stringify(request.params) : ''))
      .digest('hex');
    let first = replies.get(slot);
    if (first && first.fingerprint !== fingerprint) {
      return reply.code(422).send({ code: 'idempotency-key-reused-with-other-request' });
    }
    if (!first) {
      first = { fingerprint, reply: Promise.resolve().then(() => act(parsed.data, scenario)) };
      replies.set(slot, first);
    }
    const result = await first.reply;
    // The party acts at once and answers late: the case a caller's timeout and retry must not turn into two bookings.
    if (scenario.delayMs && attempt <= (scenario.delayAttempts ?? Infinity)) {
      await new Promise((resolve) => setTimeout(resolve, scenario.delayMs));
    }
    if (result.status >= 400) replies.delete(slot);
    return result.body === undefined ? reply.code(result.status).send() : reply.code(result.status).send(result.body);
  }

  app.post<{ Params: { registry: string } }>('/registries/:registry/checks', (request, reply) => {
    const registry = request.params.registry;
    if (registry !== 'civil' && registry !== 'medical' && registry !== 'school') {
      return reply.code(404).send({ code: 'unknown-registry' });
    }
    return answer('registries', request, reply, checkBody, (body, scenario) => {
      const outcome = recordOutcomeFor(scenario, registry);
      const check = { caseNumber: body.caseNumber, registry, outcome, reference: reference(registry.toUpperCase()) };
      ledger.recordChecks.push(check);
      return { status: 200, body: { outcome, reference: check.reference } };
    });
  });

  app.post('/labs/orders', (request, reply) =>
    answer('labs', request, reply, orderBody, (order, scenario) => {
      const index = ordersPerCase.get(order.caseNumber) ?? 0;
      ordersPerCase.set(order.caseNumber, index + 1);
      const labOrderReference = reference('LAB');
      ledger.labOrders.push({
        caseNumber: order.caseNumber,
        labId: order.labId,
        sampleId: order.sampleId,
        labOrderReference,
      });
      const outcome = labOutcomeFor(scenario, index);
      if (outcome) {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            const delivery = postLabResult({
              homewardUrl,
              labKey: options.labKeys[order.labId] ?? Object.values(options.labKeys)[0],
              result: {
                caseNumber: order.caseNumber,
                labId: order.labId,
                sampleId: order.sampleId,
                resultReference: `RES-${labOrderReference}`,
                outcome,
              },
              stopped: () => stopped,
            }).then((result) => void ledger.labResults.push(result));
            deliveries.push(delivery);
          },
          scenario.labResultAfterMs ?? options.labResultAfterMs ?? 1000,
        );
        timers.add(timer);
      }
      return { status: 201, body: { labOrderReference } };
    }),
  );

  app.post('/travel-documents/applications', (request, reply) =>
    answer('travel-documents', request, reply, routeBody, (application) => {
      const applicationReference = reference('ETD');
      ledger.travelDocuments.push({ caseNumber: application.caseNumber, applicationReference, status: 'issued' });
      return { status: 201, body: { applicationReference } };
    }),
  );

  app.post<{ Params: { reference: string } }>('/travel-documents/applications/:reference/cancel', (request, reply) =>
    answer('travel-documents', request, reply, cancelBody, (body) => {
      const application = ledger.travelDocuments.find(
        (entry) => entry.applicationReference === request.params.reference && entry.caseNumber === body.caseNumber,
      );
      if (!application) return { status: 404, body: { code: 'unknown-application' } };
      application.status = 'cancelled';
      return { status: 204 };
    }),
  );

  app.post('/transit/bookings', (request, reply) =>
    answer('transit', request, reply, bookingBody, (booking) => {
      const bookingReference = reference('TRIP');
      ledger.bookings.push({ caseNumber: booking.caseNumber, bookingReference, status: 'booked' });
      return { status: 201, body: { bookingReference } };
    }),
  );

  app.post<{ Params: { reference: string } }>('/transit/bookings/:reference/cancel', (request, reply) =>
    answer('transit', request, reply, cancelBody, (body) => {
      const booking = ledger.bookings.find(
        (entry) => entry.bookingReference === request.params.reference && entry.caseNumber === body.caseNumber,
      );
      if (!booking) return { status: 404, body: { code: 'unknown-booking' } };
      booking.status = 'cancelled';
      return { status: 204 };
    }),
  );

  // Local control for the demo and for people trying things out; the simulator listens on loopback only.
  app.put<{ Params: { caseNumber: string } }>('/simulator/scenarios/:caseNumber', (request, reply) => {
    const parsed = scenarioSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(422).send({ code: 'invalid-scenario', issues: parsed.error.issues });
    scenarios.set(request.params.caseNumber, parsed.data);
    return reply.code(204).send();
  });
  app.put('/simulator/scenario', (request, reply) => {
    const parsed = scenarioSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(422).send({ code: 'invalid-scenario', issues: parsed.error.issues });
    defaults = parsed.data;
    return reply.code(204).send();
  });
  app.get('/simulator/ledger', async () => ledger);

  if (options.extraRoutes) await options.extraRoutes(app);

  return {
    app,
    ledger,
    setScenario: (caseNumber, scenario) => void scenarios.set(caseNumber, scenarioSchema.parse(scenario)),
    setDefaultScenario: (scenario) => void (defaults = scenarioSchema.parse(scenario)),
    setHomewardUrl: (url) => void (homewardUrl = url),
    async settled() {
      let seen = -1;
      while (seen !== deliveries.length) {
        seen = deliveries.length;
        await Promise.all(deliveries);
      }
    },
  };
}

/**
 * The weekly dashboard's response time over a registry of 35,000 cases (about 400,000 audit entries over two years):
 * on PGlite (`npm run dev`'s registry) and on a throwaway PostgreSQL server (production's). Prints p50 / p99 of
 * GET /dashboard/weekly and of the HTML page GET /dashboard over HTTP. Target: p99 < 500 ms.
 */
import Fastify from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { dashboardRoutes } from '../src/api/dashboard';
import type { ApiContext } from '../src/api/context';
import { registerErrorHandler } from '../src/api/errors';
import { countedEvents } from '../src/domain/events';
import { GENESIS_HASH, hashEntry } from '../src/registry/audit';
import type { Db } from '../src/registry/db';
import { isoWeekOf } from '../src/registry/dashboard';
import { canonicalJson } from '../src/registry/canonical-json';
import { distribution, ms, report, say, table, runMain } from './support/measure';
import { benchCases as CASES, insertRows, onBothRegistries, seededRandom } from './support/registry-seeding';

const FIRST_DAY = Date.UTC(2025, 0, 6);
const DAYS = 7 * 100;
const DAY = 86_400_000;

const routes: Array<[string, string, number]> = [
  ['RU', 'UA', 0.86],
  ['UA', 'RU', 0.02],
  ['BY', 'UA', 0.06],
  ['PL', 'UA', 0.03],
  ['UA', 'DE', 0.03],
];

const auditColumns = [
  'case_number',
  'position',
  'source',
  'sequence',
  'event_type',
  'occurred_at',
  'event',
  'route_from',
  'route_to',
  'previous_hash',
  'hash',
  'recorded_at',
];

async function seed(db: Db): Promise<number> {
  const next = seededRandom(35_000);
  let rows: unknown[][] = [];
  let total = 0;
  const flush = async () => {
    await insertRows(db, 'audit_entries', auditColumns, rows);
    total += rows.length;
    rows = [];
  };
  for (let serial = 1; serial <= CASES; serial += 1) {
    const caseNumber = `HW-BENCH-${String(serial).padStart(6, '0')}`;
    let pick = next();
    const [from, to] = routes.find(([, , share]) => (pick -= share) < 0) ?? routes[0]!;
    let at = FIRST_DAY + Math.floor(next() * DAYS) * DAY + Math.floor(next() * DAY);
    const types: Array<[string, Record<string, string>?]> = [[countedEvents.registered, { from }]];
    types.push(['record-check-completed'], ['record-check-completed'], ['reminder-sent']);
    if (next() < 0.15)
      types.push([countedEvents.disputeOpened], ...(next() < 0.8 ? [[countedEvents.disputeDecided] as [string]] : []));
    if (next() < 0.85) {
      types.push([countedEvents.verified, { to }]);
      if (next() < 0.8) {
        types.push([countedEvents.consentGiven], ['travel-documents-issued'], [countedEvents.travelScheduled]);
        if (next() < 0.95) {
          types.push([countedEvents.returned]);
          for (let visit = 0; visit < 3; visit += 1) if (next() < 0.7) types.push([countedEvents.followUpDone]);
        }
      }
    }
    let previousHash = GENESIS_HASH;
    for (const [position, [type, data]] of types.entries()) {
      at += Math.floor(next() * 9 * DAY);
      const event = {
        at: new Date(at).toISOString(),
        type,
        actor: { id: 'coord-bench', role: 'coordinator' as const },
        stage: 'registered' as const,
        ...(data ? { data } : {}),
      };
      const body = { caseNumber, position, source: 'workflow' as const, sequence: position, event };
      const hash = hashEntry(previousHash, body);
      rows.push([
        caseNumber,
        position,
        'workflow',
        position,
        type,
        event.at,
        canonicalJson(event),
        data?.from ?? null,
        data?.to ?? null,
        previousHash,
        hash,
        event.at,
      ]);
      previousHash = hash;
      if (rows.length >= 400) await flush();
    }
  }
  await flush();
  await db.exec('ANALYZE');
  return total;
}

interface Timing {
  backend: string;
  route: string;
  requests: number;
  p50: number;
  p99: number;
}

async function measure(label: string, db: Db): Promise<Timing[]> {
  const seeding = performance.now();
  const entries = await seed(db);
  say(
    `${label}: seeded ${CASES} cases, ${entries} audit entries in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(dashboardRoutes, { db } as ApiContext);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const weeks = Array.from({ length: 100 }, (_, index) => isoWeekOf(new Date(FIRST_DAY + index * 7 * DAY)));
  const next = seededRandom(7);
  const time = async (route: string, times: number): Promise<Timing> => {
    const samples: number[] = [];
    for (let round = 0; round < times; round += 1) {
      const target = route.replace('WEEK', weeks[Math.floor(next() * weeks.length)]!);
      const started = performance.now();
      const response = await fetch(`${base}${target}`);
      await response.text();
      if (response.status !== 200) throw new Error(`${target} answered ${response.status}`);
      samples.push(performance.now() - started);
    }
    const figures = distribution(samples);
    return {
      backend: label,
      route: route.replace('WEEK', '<week>'),
      requests: times,
      p50: figures.p50,
      p99: figures.p99,
    };
  };
  await time('/dashboard/weekly?week=WEEK', 5);
  const timings = [await time('/dashboard/weekly?week=WEEK', 200), await time('/dashboard?week=WEEK', 50)];
  await app.close();
  return timings;
}

export async function dashboard(): Promise<void> {
  const timings = await onBothRegistries(measure);
  report(
    'dashboard',
    [
      `Dashboard over a registry of ${CASES} cases, one request at a time\n\n` +
        table(
          ['registry', 'route', 'requests', 'p50', 'p99', 'p99 < 500 ms'],
          timings.map((timing) => [
            timing.backend,
            timing.route,
            timing.requests,
            ms(timing.p50),
            ms(timing.p99),
            timing.p99 < 500 ? 'met' : `missed by ${(timing.p99 - 500).toFixed(0)} ms`,
          ]),
        ),
    ],
    { cases: CASES, timings },
  );
}

if (require.main === module) runMain(dashboard);

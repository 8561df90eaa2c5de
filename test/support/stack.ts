/**
 * Test helpers that start real parts: the shared dev server (started by global-setup), a worker on a task queue
 * of the test file's own, the API on a random port, and a fresh in-memory PGlite registry.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app';
import type { OidcVerifierOptions } from '../../src/api/oidc';
import { loadConfig, type ApiKey, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { openPglite, type Db } from '../../src/registry/db';
import { dataConverterFor } from '../../src/temporal/connection';
import { createWorker } from '../../src/workers/create-worker';
import { createActivityDeps } from '../../src/activities/deps';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes-setup';
import type { ServerExecutable } from '../../src/temporal/provision';

export const testKeys = {
  coordinator: { key: 'test-coordinator-key-0001', role: 'coordinator', actorId: 'coord-ana' },
  coordinator2: { key: 'test-coordinator-key-0002', role: 'coordinator', actorId: 'coord-bo' },
  reviewer: { key: 'test-reviewer-key-000001', role: 'reviewer', actorId: 'rev-chen' },
  supervisor: { key: 'test-supervisor-key-0001', role: 'supervisor', actorId: 'sup-dara' },
  operator: { key: 'test-operator-key-000001', role: 'operator', actorId: 'op-eli' },
  lab: { key: 'test-lab-kyiv-key-000001', role: 'lab', actorId: 'lab-kyiv', labId: 'lab-kyiv' },
  otherLab: { key: 'test-lab-lviv-key-000001', role: 'lab', actorId: 'lab-lviv', labId: 'lab-lviv' },
  escort: { key: 'test-escort-key-00000001', role: 'escort', actorId: 'esc-iva' },
  /** The receiving side's clinician of the health tests' cases. */
  clinician: { key: 'test-clinician-key-00001', role: 'clinician', actorId: 'clin-rui' },
  /** The sending side's clinician, who compiles and reviews the summary before the departure. */
  sendingClinician: { key: 'test-clinician-key-00002', role: 'clinician', actorId: 'clin-sam' },
} satisfies Record<string, ApiKey>;

export const testEncryptionKey = { id: 'test-1', key: Buffer.alloc(32, 7) };

export function testConfig(environment: Record<string, string> = {}): Config {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(6).toString('hex')}`,
    ...environment,
  });
  return {
    ...config,
    api: { ...config.api, keys: Object.values(testKeys), consentTokenSecret: 'test-consent-secret-0123456789abcdef' },
    encryption: { ...config.encryption, keys: [testEncryptionKey], currentKeyId: testEncryptionKey.id },
  };
}

/**
 * The environment of a worker or API run as its own NODE_ENV=production process against the given Temporal server,
 * registry and dev partners (the process test and the benchmarks): the test keys, and partners and SMTP at the
 * simulator and mail catcher.
 */
export function productionEnvironment(options: {
  temporalAddress: string;
  databaseUrl: string;
  partners: Config;
  consentTokenSecret: string;
}): Record<string, string> {
  const { partners: urls, mail, temporal } = options.partners;
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    API_HOST: '127.0.0.1',
    TEMPORAL_ADDRESS: options.temporalAddress,
    TEMPORAL_TASK_QUEUE: temporal.taskQueue,
    DATABASE_URL: options.databaseUrl,
    API_KEYS: Object.values(testKeys)
      .map((key) => [key.key, key.role, key.actorId, 'labId' in key ? key.labId : undefined].filter(Boolean).join(':'))
      .join(','),
    ENCRYPTION_KEYS: `${testEncryptionKey.id}:${testEncryptionKey.key.toString('base64')}`,
    CONSENT_TOKEN_SECRET: options.consentTokenSecret,
    PARTNER_REGISTRIES_URL: urls.registries!.url,
    PARTNER_LABS_URL: urls.labs!.url,
    PARTNER_TRAVEL_DOCUMENTS_URL: urls.travelDocuments!.url,
    PARTNER_TRANSIT_URL: urls.transit!.url,
    SMTP_URL: mail.smtpUrl!,
    STAFF_EMAILS:
      'coordinator=coordinator@desk.example.org:en,supervisor=supervisor@desk.example.org:uk,neutral-desk=desk@desk.example.org:en,lab=lab@lab.example.org:en,caseworker=caseworker@desk.example.org:uk',
  };
}

export function devServerAddress(): string {
  const address = process.env.HOMEWARD_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('no dev server: run the tests through jest, whose global setup starts one');
  return address;
}

export function workflowBundlePath(): string {
  const path = process.env.HOMEWARD_WORKFLOW_BUNDLE;
  if (!path) throw new Error('no workflow bundle: run the tests through jest, whose global setup builds one');
  return path;
}

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const executable = JSON.parse(process.env.HOMEWARD_TEST_SERVER ?? '{"type":"cached-download"}') as ServerExecutable;
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable },
    client: { dataConverter: dataConverterFor(testConfig()) },
  });
  await ensureSearchAttributes(env.connection, 'default');
  return env;
}

export interface TestStack {
  config: Config;
  client: Client;
  db: Db;
  worker: Worker;
  app: FastifyInstance;
  /** Log lines the API wrote, for scanning. */
  logLines: string[];
  /** Shuts the worker down and starts one running another workflow bundle on the same task queue. */
  replaceWorker(workflowBundlePath: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Each test file's registry starts its case serials in a block of its own: every file shares one dev server, and
 * two files numbering cases from 1 would start the same workflow IDs. Blocks are claimed by exclusive file creation.
 */
export async function reserveCaseSerials(db: Db): Promise<void> {
  await db.query(`SELECT setval('case_serial', $1)`, [caseSerialBlock() * 10_000]);
}

function caseSerialBlock(): number {
  const dir = `${workflowBundlePath()}.serial-blocks`;
  mkdirSync(dir, { recursive: true });
  for (let block = 1; block < 99; block += 1) {
    try {
      closeSync(openSync(join(dir, String(block)), 'wx'));
      return block;
    } catch {
      // Claimed by another test file of this run.
    }
  }
  throw new Error('more than 98 test files started stacks in one run: widen the case serial blocks');
}

/**
 * API + worker + registry (a fresh PGlite unless one is given) against the shared dev server; the worker runs the
 * suite's workflow bundle unless another is given.
 */
export async function startTestStack(
  environment: Record<string, string> = {},
  options: { db?: Db; workflowBundlePath?: string; oidc?: OidcVerifierOptions; extraKeys?: ApiKey[] } = {},
  adjust: (config: Config) => Config = (config) => config,
): Promise<TestStack> {
  const base = testConfig(environment);
  const config = adjust(
    options.extraKeys ? { ...base, api: { ...base.api, keys: [...base.api.keys, ...options.extraKeys] } } : base,
  );
  const address = devServerAddress();
  const db = options.db ?? (await openPglite());
  await reserveCaseSerials(db);
  const connection = await Connection.connect({ address });
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: dataConverterFor(config),
  });
  const logLines: string[] = [];
  // Debug: request lines are logged at debug, and the tests scan them for tokens and personal data too.
  const logger = createLogger('debug', { write: (line: string) => void logLines.push(line) });
  const startWorker = async (bundlePath: string) => {
    const worker = await createWorker({
      config,
      address,
      deps: createActivityDeps(config, db),
      workflowBundlePath: bundlePath,
      client,
      logger,
    });
    return { worker, running: worker.run() };
  };
  let current = await startWorker(options.workflowBundlePath ?? workflowBundlePath());
  const app = await buildApp({ config, client, db, logger, ...(options.oidc ? { oidc: options.oidc } : {}) });
  await app.ready();
  return {
    config,
    client,
    db,
    get worker() {
      return current.worker;
    },
    app,
    logLines,
    async replaceWorker(bundlePath) {
      current.worker.shutdown();
      await current.running;
      current = await startWorker(bundlePath);
    },
    async stop() {
      await app.close();
      current.worker.shutdown();
      await current.running;
      await connection.close();
      await db.close();
    },
  };
}

/**
 * The stack a benchmark measures, deployed the way production runs it: the Temporal dev server (its own process,
 * on a SQLite file set up as `npm run dev` sets it up), PostgreSQL for the registry, the worker and the API as
 * separate NODE_ENV=production processes, and the partner simulator and mail catcher in the benchmark's process. With TEMPORAL_ADDRESS set, that server is
 * used instead and its CPU and database size are not measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { simpleParser } from 'mailparser';
import { ensureTemporalCli } from '../../scripts/provision';
import { loadConfig } from '../../src/config';
import { openPostgres } from '../../src/registry/db';
import { startDevPartners, type DevPartners } from '../../src/simulator/dev-partners';
import { dataConverterFor } from '../../src/temporal/connection';
import { devServerSqlitePragmas } from '../../src/temporal/embedded-server';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes-setup';
import { createDatabase, startPostgres, type PostgresServer } from '../../test/support/postgres';
import { freePort } from '../../test/support/ports';
import { productionEnvironment, testConfig, testKeys } from '../../test/support/stack';
import { cpuSeconds, say, sleep } from './measure';

/** Workflows the worker caches: the deployment default unless BENCH_WORKER_CACHE says otherwise. */
export const workerCache = Number(process.env.BENCH_WORKER_CACHE ?? loadConfig({}).worker.maxCachedWorkflows);

const root = resolve(__dirname, '../..');
const benchData = join(root, '.data', 'bench');

export const keys = testKeys;

export interface StackOptions {
  /** Names the run's directory under .data/bench. */
  name: string;
  /** Variables for the worker and API beyond the production defaults (policy scale, cache size, …). */
  environment?: Record<string, string>;
  /** How long the simulated lab takes to post a result (default: its own). */
  labResultAfterMs?: number;
  /** False: no Homeward worker, so cases wait in the task queue (the intake benchmark's first round). */
  worker?: boolean;
}

export interface WorkerHealth {
  worker: string;
  cachedWorkflows: number;
  memoryMiB: { rss: number; heapUsed: number; heapTotal: number; external: number };
}

export interface BenchStack {
  apiUrl: string;
  partners: DevPartners;
  simulatorUrl: string;
  /** A client with Homeward's codec, for reading histories. */
  client: Client;
  temporalAddress: string;
  taskQueue: string;
  pids: { server?: number; worker?: number; api: number; postgres: number };
  /** CPU seconds used so far by each part. */
  cpu(): Record<string, number>;
  workerHealth(): Promise<WorkerHealth>;
  /** The Temporal server's SQLite file and its write-ahead log, in bytes (undefined for an external server). */
  serverDbBytes(): number | undefined;
  registryDbBytes(): Promise<number>;
  stop(): Promise<void>;
}

interface Child {
  process: ChildProcess;
  tail: string[];
  exited: Promise<number | null>;
}

/** Every line a child prints is kept whole under .data/bench/logs (a stall is read there afterwards). */
function startChild(command: string, args: string[], env: Record<string, string>, label: string): Child {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = join(benchData, 'logs');
  mkdirSync(logs, { recursive: true });
  const logFile = join(logs, `${label.replace(/^the /, '').replace(/\W+/g, '-')}-${process.pid}-${child.pid}.log`);
  const log = createWriteStream(logFile);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    log.write(chunk);
    tail.push(chunk.toString());
    if (tail.length > 200) tail.splice(0, tail.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  void exited.then((code) => {
    log.end();
    if (code !== 0 && code !== null)
      say(`${label} exited with ${code} (whole log: ${logFile}):\n${tail.join('').slice(-3000)}`);
  });
  return { process: child, tail, exited };
}

async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

let build: Promise<string> | undefined;

/**
 * The worker and API compiled as the Docker image compiles them, run by plain node: under tsx, source maps are on,
 * and every stack trace the workflow sandbox formats (one per cancelled timer) is mapped through them.
 */
function compiled(): Promise<string> {
  build ??= new Promise((done, fail) => {
    const outDir = join(benchData, `dist-${process.pid}`);
    const tsc = spawn(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    tsc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tsc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tsc.once('exit', (code) =>
      code === 0 ? done(outDir) : fail(new Error(`compiling for the benchmark failed:\n${output}`)),
    );
  });
  return build;
}

let bundle: Promise<string> | undefined;

/** The workflow code, bundled once per benchmark run (the way the Docker image ships it). */
function workflowBundle(): Promise<string> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: require.resolve('../../src/workflows'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => say(message) },
  }).then(({ code }) => {
    mkdirSync(benchData, { recursive: true });
    const path = join(benchData, `workflow-bundle-${process.pid}.js`);
    writeFileSync(path, code);
    return path;
  });
  return bundle;
}

async function startTemporal(dir: string): Promise<{ address: string; child?: Child; dbFile?: string }> {
  if (process.env.TEMPORAL_ADDRESS) return { address: process.env.TEMPORAL_ADDRESS };
  const cli = await ensureTemporalCli(say);
  if (cli.type !== 'existing-path') {
    throw new Error(
      'the benchmarks run the Temporal CLI they build with Go: install Go, set TEMPORAL_CLI_PATH, or TEMPORAL_ADDRESS',
    );
  }
  const port = await freePort();
  const dbFile = join(dir, 'temporal.sqlite');
  const child = startChild(
    cli.path,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--db-filename',
      dbFile,
      '--log-level',
      'warn',
      ...devServerSqlitePragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ],
    { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    'the Temporal dev server',
  );
  return { address: `127.0.0.1:${port}`, child, dbFile };
}

let runtimeQuiet = false;

export async function startBenchStack(options: StackOptions): Promise<BenchStack> {
  if (!runtimeQuiet) {
    // The benchmark's own workers (the bare baseline) would print every state change between the progress lines.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
    runtimeQuiet = true;
  }
  const dir = join(benchData, `${options.name}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const children: Child[] = [];
  let postgres: PostgresServer | undefined;
  let partners: DevPartners | undefined;
  let client: Client | undefined;
  const stop = async () => {
    await client?.connection.close().catch(() => undefined);
    for (const child of children.reverse()) {
      child.process.kill('SIGTERM');
      const code = await Promise.race([child.exited, sleep(20_000).then(() => 'slow' as const)]);
      if (code === 'slow') child.process.kill('SIGKILL');
    }
    await partners?.stop();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    say(`${options.name}: starting the Temporal dev server, PostgreSQL, the simulator, the worker and the API`);
    const [temporal, bundlePath, pg, distDir] = await Promise.all([
      startTemporal(dir),
      workflowBundle(),
      startPostgres(),
      compiled(),
    ]);
    postgres = pg;
    if (temporal.child) children.push(temporal.child);
    const connection = await (async () => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        try {
          return await Connection.connect({ address: temporal.address, connectTimeout: 2000 });
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await sleep(300);
        }
      }
    })();
    await ensureSearchAttributes(connection, 'default');

    const databaseUrl = await createDatabase(postgres, 'homeward_bench');
    const registry = await openPostgres(databaseUrl); // migrates before the two processes race to
    await registry.close();

    const [apiPort, simulatorPort, mailPort, healthPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const base = {
      API_PORT: String(apiPort),
      PUBLIC_BASE_URL: apiUrl,
      SIMULATOR_PORT: String(simulatorPort),
      MAIL_CATCHER_PORT: String(mailPort),
      DATA_DIR: dir,
    };
    partners = await startDevPartners(
      testConfig(base),
      options.labResultAfterMs !== undefined ? { labResultAfterMs: options.labResultAfterMs } : {},
    );
    const environment: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...base,
      ...productionEnvironment({
        temporalAddress: temporal.address,
        databaseUrl,
        partners: partners.config,
        consentTokenSecret: 'bench-consent-secret-0123456789abcdef',
      }),
      // One benchmark client drives thousands of cases from one address: the per-address budgets would refuse it.
      RATE_LIMIT_MAX: '10000000',
      RATE_LIMIT_CONSENT_MAX: '10000000',
      RATE_LIMIT_LABS_MAX: '10000000',
      WORKFLOW_BUNDLE_PATH: bundlePath,
      WORKER_HEALTH_PORT: String(healthPort),
      WORKER_MAX_CACHED_WORKFLOWS: String(workerCache),
      ...options.environment,
    };
    const node = (role: 'worker' | 'api') =>
      startChild(
        process.execPath,
        [
          // BENCH_PROFILE=worker (or api) writes a V8 CPU profile of that process under .data/bench/profiles.
          ...(process.env.BENCH_PROFILE === role
            ? ['--cpu-prof', `--cpu-prof-dir=${join(benchData, 'profiles')}`]
            : []),
          join(distDir, 'src', 'workers', `${role}.js`),
        ],
        { ...environment, HOMEWARD_ROLE: role },
        `the ${role}`,
      );
    const worker = options.worker === false ? undefined : node('worker');
    const api = node('api');
    children.push(...(worker ? [worker] : []), api);
    await until('the API', async () => (await fetch(`${apiUrl}/healthz`)).ok);
    if (worker) await until('the worker', async () => (await fetch(`http://127.0.0.1:${healthPort}/`)).ok);

    client = new Client({ connection, namespace: 'default', dataConverter: dataConverterFor(testConfig()) });
    const postgresPid = Number(readFileSync(join(postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const pids = {
      ...(temporal.child?.process.pid ? { server: temporal.child.process.pid } : {}),
      ...(worker ? { worker: worker.process.pid! } : {}),
      api: api.process.pid!,
      postgres: postgresPid,
    };
    const activeClient = client;
    return {
      apiUrl,
      partners,
      simulatorUrl: partners.simulatorUrl!,
      client: activeClient,
      temporalAddress: temporal.address,
      taskQueue: partners.config.temporal.taskQueue,
      pids,
      cpu: () => ({
        ...(pids.server ? { 'Temporal server': cpuSeconds(pids.server) } : {}),
        ...(pids.worker ? { worker: cpuSeconds(pids.worker) } : {}),
        API: cpuSeconds(pids.api),
        PostgreSQL: cpuSeconds(pids.postgres, true),
        'driver + simulator': cpuSeconds(process.pid),
      }),
      workerHealth: async () => (await (await fetch(`http://127.0.0.1:${healthPort}/`)).json()) as WorkerHealth,
      serverDbBytes: () =>
        temporal.dbFile
          ? [temporal.dbFile, `${temporal.dbFile}-wal`]
              .filter((file) => existsSync(file))
              .reduce((sum, file) => sum + statSync(file).size, 0)
          : undefined,
      registryDbBytes: async () => {
        const db = await openPostgres(databaseUrl);
        try {
          const { rows } = await db.query<{ size: string }>('SELECT pg_database_size(current_database()) AS size');
          return Number(rows[0]!.size);
        } finally {
          await db.close();
        }
      },
      stop,
    };
  } catch (error) {
    const tails = children.map((child) => child.tail.join('').slice(-2000)).join('\n---\n');
    await stop().catch(() => undefined);
    throw new Error(`${(error as Error).message}\n${tails}`);
  }
}

/** The consent link a guardian was emailed for a case, read from the caught message as the guardian would. */
export async function consentLinkFor(stack: BenchStack, caseNumber: string): Promise<string | undefined> {
  const catcher = stack.partners.mailCatcher!;
  const mail = catcher.messages.find(
    (message) => message.caseNumber === caseNumber && message.kind === 'consent-request',
  );
  if (!mail) return undefined;
  const { text } = await simpleParser(readFileSync(join(catcher.dir, mail.file)));
  const token = /\/consent\/([A-Za-z0-9_.-]+)/.exec(text ?? '')?.[1];
  return token ? `${stack.apiUrl}/consent/${token}` : undefined;
}

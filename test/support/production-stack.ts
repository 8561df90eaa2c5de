/**
 * Homeward deployed the way production runs it, for the fault-injection suite and the benchmarks: the Temporal dev
 * server (its own process, on a SQLite file set up as `npm run dev` sets it up), PostgreSQL for the registry, the
 * worker and the API as separate NODE_ENV=production processes compiled as the Docker image compiles them (one of
 * each, or as many as `workers` and `apis` ask, the APIs then behind a round-robin balancer), and the partner
 * simulator and mail catcher in the calling process behind links that can be cut. Each process can be killed and
 * started again, the Temporal server too (on the same data and port). With TEMPORAL_ADDRESS set (or
 * `temporalAddress`, the test run's shared dev server), that server is used instead, and it is neither restarted nor
 * measured. With `temporalCluster`, the Temporal server runs as deployments run it instead of the dev server (its
 * services as processes of their own on the stack's PostgreSQL: test/support/temporal-cluster.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { bundleCaseWorkflows } from '../../src/workers/workflow-code';
import { simpleParser } from 'mailparser';
import { ensureTemporalCli } from '../../src/temporal/provision';
import { openPostgres } from '../../src/registry/db';
import { startDevPartners, type DevPartners } from '../../src/simulator/dev-partners';
import { dataConverterFor } from '../../src/temporal/connection';
import { devServerSettings } from '../../src/temporal/embedded-server';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes-setup';
import { openBalancer } from './balancer';
import { openFaultLink, type FaultLink } from './fault-link';
import { createDatabase, startPostgres } from './postgres';
import { freePort } from './ports';
import { cpuSeconds, ownCpuSeconds } from './process-stats';
import { productionEnvironment, reserveCaseSerials, testConfig } from './stack';
import { restartable, stackData, startChild, type StackProcess } from './stack-process';
import { startTemporalCluster, type ClusterOptions, type TemporalCluster } from './temporal-cluster';

export type { StackProcess } from './stack-process';

const root = resolve(__dirname, '../..');

export interface StackOptions {
  /** Names the run's directory under .data/bench. */
  name: string;
  /** Variables for the worker and API beyond the production defaults (policy scale, cache size, …). */
  environment?: Record<string, string>;
  /** How long the simulated lab takes to post a result (default: its own). */
  labResultAfterMs?: number;
  /** False: no Homeward worker, so cases wait in the task queue (the intake benchmark's first round). */
  worker?: boolean;
  /** Where progress lines go (default: nowhere). */
  say?: (line: string) => void;
  /** A prebuilt workflow bundle (a test run's); by default the stack bundles its own. */
  workflowBundlePath?: string;
  /** A Temporal server other test files share (the test run's dev server): the registry numbers its cases apart. */
  temporalAddress?: string;
  /**
   * Run the Temporal server as deployments do (test/support/temporal-cluster.ts): its four services as processes of
   * their own on the stack's PostgreSQL, instead of the dev server.
   */
  temporalCluster?: boolean | Pick<ClusterOptions, 'instances'>;
  /** The worker reaches Temporal through a link a fault test can cut (`workerLink`); the API reaches it directly. */
  workerTemporalLink?: boolean;
  /** How many Homeward workers run (default one), each a process of its own on the one task queue. */
  workers?: number;
  /** How many API processes run (default one); more than one sit behind a round-robin balancer at `apiUrl`. */
  apis?: number;
}

export interface WorkerHealth {
  worker: string;
  cachedWorkflows: number;
  memoryMiB: { rss: number; heapUsed: number; heapTotal: number; external: number };
}

export interface ProductionStack {
  apiUrl: string;
  partners: DevPartners;
  simulatorUrl: string;
  /** A client with Homeward's codec, for reading histories. */
  client: Client;
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  workflowBundlePath: string;
  /** The worker's and the API's variables: a change applies from their next `start()`. */
  environment: Record<string, string>;
  /** Kept after the stack stops: .data/bench/<name>-<pid>. */
  dataDir: string;
  /** The first worker and the first API process. */
  worker: StackProcess;
  api: StackProcess;
  /** Every worker and API process (`workers`, `apis`), the first ones included. */
  workers: StackProcess[];
  apis: StackProcess[];
  /** Per worker, variables over `environment` (its ports; a rolling upgrade's WORKFLOW_BUNDLE_PATH), from its next start. */
  workerEnvironments: Array<Record<string, string>>;
  /** The Temporal dev server (undefined with TEMPORAL_ADDRESS set). */
  temporal?: StackProcess;
  /** The Temporal server's services as separate processes (with `temporalCluster`). */
  temporalCluster?: TemporalCluster;
  /** Between the worker and the partner simulator. */
  partnerLink: FaultLink;
  /** Between the first worker and the Temporal frontend (with `workerTemporalLink`; every worker has its own). */
  workerLink?: FaultLink;
  /** Between the worker and the mail server. */
  mailLink: FaultLink;
  pids: { server?: number; worker?: number; api: number; postgres: number };
  /** CPU seconds used so far by each part. */
  cpu(): Record<string, number>;
  workerHealth(): Promise<WorkerHealth>;
  /**
   * Prometheus's view of each process (WORKER_METRICS_PORT, API_METRICS_PORT): the first ones', and every one's; and
   * of the stack's own Temporal dev server (its --metrics-port: the series the server emits in compose, on
   * PROMETHEUS_ENDPOINT).
   */
  metricsUrls: { worker: string; api: string; workers: string[]; apis: string[]; temporal?: string };
  /** The Temporal server's SQLite file and its write-ahead log, in bytes (undefined for an external server). */
  serverDbBytes(): number | undefined;
  registryDbBytes(): Promise<number>;
  /** PostgreSQL (the registry's, and Temporal's on the cluster) stopped as by a crash and started after `downMs`. */
  restartPostgres(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

let build: Promise<string> | undefined;

/**
 * The worker and API compiled as the Docker image compiles them, run by plain node: under tsx, source maps are on,
 * and every stack trace the workflow sandbox formats (one per cancelled timer) is mapped through them.
 */
function compiled(): Promise<string> {
  build ??= new Promise((done, fail) => {
    const outDir = join(stackData, `dist-${process.pid}`);
    const tsc = spawn(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    tsc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tsc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    tsc.once('exit', (code) => (code === 0 ? done(outDir) : fail(new Error(`compiling failed:\n${output}`))));
  });
  return build;
}

let bundle: Promise<string> | undefined;

/** The workflow code, bundled once per run (the way the Docker image ships it). */
function workflowBundle(say: (line: string) => void): Promise<string> {
  bundle ??= bundleCaseWorkflows({
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => say(message) },
  }).then((code) => {
    mkdirSync(stackData, { recursive: true });
    const path = join(stackData, `workflow-bundle-${process.pid}.js`);
    writeFileSync(path, code);
    return path;
  });
  return bundle;
}

async function temporalServer(
  dir: string,
  say: (line: string) => void,
  shared?: string,
): Promise<{
  address: string;
  process?: ReturnType<typeof restartable>;
  dbFile?: string;
  closeProbe?: () => Promise<void>;
  metricsUrl?: string;
}> {
  const given = shared ?? process.env.TEMPORAL_ADDRESS;
  if (given) return { address: given };
  let probe: Connection | undefined;
  const cli = await ensureTemporalCli(say);
  if (cli.type !== 'existing-path') {
    throw new Error(
      'the production stack runs the Temporal CLI built with Go: install Go, set TEMPORAL_CLI_PATH, or TEMPORAL_ADDRESS',
    );
  }
  const [port, metricsPort] = await Promise.all([freePort(), freePort()]);
  const dbFile = join(dir, 'temporal.sqlite');
  const address = `127.0.0.1:${port}`;
  const args = [
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
    '--metrics-port',
    String(metricsPort),
    ...devServerSettings,
  ];
  const server = restartable(
    'the Temporal dev server',
    (log) =>
      startChild(
        cli.path,
        args,
        { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        'the Temporal dev server',
        log,
        say,
      ),
    async () => {
      // One connection for every probe, closed with the stack: closing one after a failed check while the client's
      // retry timer for it was still pending crashed the soak ("Channel has been shut down", thrown from a timer).
      probe ??= Connection.lazy({ address });
      const connection = probe;
      await connection.withDeadline(Date.now() + 2000, () => connection.healthService.check({}));
      return true;
    },
    say,
  );
  return {
    address,
    process: server,
    dbFile,
    closeProbe: async () => probe?.close(),
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
  };
}

export async function startProductionStack(options: StackOptions): Promise<ProductionStack> {
  const say = options.say ?? (() => undefined);
  const dir = join(stackData, `${options.name}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const keptDir = join(stackData, `${options.name}-${process.pid}`);
  const stopping: Array<() => Promise<void>> = [];
  let client: Client | undefined;
  const stop = async () => {
    await client?.connection.close().catch(() => undefined);
    for (const step of stopping.reverse()) await step().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const server = options.temporalCluster
      ? "the Temporal server's services, "
      : options.temporalAddress
        ? ''
        : 'the Temporal dev server, ';
    say(`${options.name}: starting ${server}PostgreSQL, the simulator, the worker and the API`);
    const postgresStarting = startPostgres();
    // On the cluster, Temporal's databases sit beside the registry's on one PostgreSQL server, as in compose.
    const clusterStarting = options.temporalCluster
      ? postgresStarting.then((postgres) =>
          startTemporalCluster({
            postgres,
            namespace: 'default',
            say,
            ...(typeof options.temporalCluster === 'object' ? options.temporalCluster : {}),
          }),
        )
      : undefined;
    const [temporal, bundlePath, postgres, distDir] = await Promise.all([
      clusterStarting
        ? clusterStarting.then((cluster) => ({ address: cluster.address, cluster }))
        : temporalServer(dir, say, options.temporalAddress),
      options.workflowBundlePath ? Promise.resolve(options.workflowBundlePath) : workflowBundle(say),
      postgresStarting,
      compiled(),
    ]).catch(async (error: unknown) => {
      // What did start is stopped: the cluster's processes and PostgreSQL would otherwise outlive the test.
      await clusterStarting?.then((cluster) => cluster.stop()).catch(() => undefined);
      await postgresStarting.then((started) => started.stop()).catch(() => undefined);
      throw error;
    });
    stopping.push(() => postgres.stop());
    const cluster = 'cluster' in temporal ? temporal.cluster : undefined;
    if (cluster) stopping.push(() => cluster.stop());
    if ('process' in temporal && temporal.process) {
      stopping.push(() => temporal.closeProbe?.() ?? Promise.resolve());
      stopping.push(() => temporal.process!.stopGracefully());
      await temporal.process.start();
    }
    const connection = await Connection.connect({ address: temporal.address });
    await ensureSearchAttributes(connection, 'default');

    const databaseUrl = await createDatabase(postgres, 'homeward_stack');
    const registry = await openPostgres(databaseUrl); // migrates before the two processes race to
    // Two test files numbering cases from 1 on one server would start the same workflow IDs.
    if (options.temporalAddress) await reserveCaseSerials(registry);
    await registry.close();

    const [simulatorPort, mailPort] = await Promise.all([freePort(), freePort()]);
    const ports = (count: number) => Promise.all(Array.from({ length: count }, () => freePort()));
    const workerCount = options.workers ?? 1;
    const [apiPorts, apiMetricsPorts, healthPorts, workerMetricsPorts] = await Promise.all([
      ports(options.apis ?? 1),
      ports(options.apis ?? 1),
      ports(workerCount),
      ports(workerCount),
    ]);
    const balancer =
      apiPorts.length > 1 ? await openBalancer(apiPorts.map((port) => ({ host: '127.0.0.1', port }))) : undefined;
    if (balancer) stopping.push(() => balancer.close());
    const apiUrl = balancer?.url ?? `http://127.0.0.1:${apiPorts[0]}`;
    const base = {
      API_PORT: String(apiPorts[0]),
      PUBLIC_BASE_URL: apiUrl,
      SIMULATOR_PORT: String(simulatorPort),
      MAIL_CATCHER_PORT: String(mailPort),
      DATA_DIR: dir,
    };
    const partners = await startDevPartners(
      testConfig(base),
      options.labResultAfterMs !== undefined ? { labResultAfterMs: options.labResultAfterMs } : {},
    );
    stopping.push(() => partners.stop());
    const partnerLink = await openFaultLink({ host: '127.0.0.1', port: simulatorPort });
    const [frontendHost, frontendPort] = temporal.address.split(':');
    const workerLinks = options.workerTemporalLink
      ? await Promise.all(healthPorts.map(() => openFaultLink({ host: frontendHost!, port: Number(frontendPort) })))
      : [];
    for (const link of workerLinks) stopping.push(() => link.close());
    const workerLink = workerLinks[0];
    const mailLink = await openFaultLink({ host: '127.0.0.1', port: mailPort });
    stopping.push(
      () => partnerLink.close(),
      () => mailLink.close(),
    );
    const linked = (url: string) => url.replace(`:${simulatorPort}/`, `:${partnerLink.port}/`);
    const { partners: urls } = partners.config;
    const environment: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      // As the Docker image sets it: glibc's malloc keeps two arenas, not eight per core, for the SDK's threads.
      MALLOC_ARENA_MAX: '2',
      ...base,
      ...productionEnvironment({
        temporalAddress: temporal.address,
        databaseUrl,
        partners: partners.config,
        consentTokenSecret: 'bench-consent-secret-0123456789abcdef',
      }),
      PARTNER_REGISTRIES_URL: linked(urls.registries!.url),
      PARTNER_LABS_URL: linked(urls.labs!.url),
      PARTNER_TRAVEL_DOCUMENTS_URL: linked(urls.travelDocuments!.url),
      PARTNER_TRANSIT_URL: linked(urls.transit!.url),
      SMTP_URL: `smtp://${mailLink.address}`,
      // One client drives thousands of cases from one address: the per-address budgets would refuse it.
      RATE_LIMIT_MAX: '10000000',
      RATE_LIMIT_CONSENT_MAX: '10000000',
      RATE_LIMIT_LABS_MAX: '10000000',
      WORKFLOW_BUNDLE_PATH: bundlePath,
      WORKER_HEALTH_PORT: String(healthPorts[0]),
      WORKER_METRICS_PORT: String(workerMetricsPorts[0]),
      API_METRICS_PORT: String(apiMetricsPorts[0]),
      ...options.environment,
    };
    const workerEnvironments = healthPorts.map((healthPort, index) => ({
      WORKER_HEALTH_PORT: String(healthPort),
      WORKER_METRICS_PORT: String(workerMetricsPorts[index]),
      ...(workerLinks[index] ? { TEMPORAL_ADDRESS: workerLinks[index].address } : {}),
    }));
    const apiEnvironments = apiPorts.map((port, index) => ({
      API_PORT: String(port),
      API_METRICS_PORT: String(apiMetricsPorts[index]),
    }));
    const homeward = (
      role: 'worker' | 'api',
      label: string,
      own: () => Record<string, string>,
      ready: () => Promise<boolean>,
    ) =>
      restartable(
        label,
        (log) =>
          startChild(
            process.execPath,
            [
              // BENCH_PROFILE=worker (or api, or both: worker,api) writes a V8 CPU profile of that process under
              // .data/bench/profiles.
              ...((process.env.BENCH_PROFILE ?? '').split(',').includes(role)
                ? ['--cpu-prof', `--cpu-prof-dir=${join(stackData, 'profiles')}`]
                : []),
              join(distDir, 'src', 'workers', `${role}.js`),
            ],
            { ...environment, HOMEWARD_ROLE: role, ...own() },
            label,
            log,
            say,
          ),
        ready,
        say,
      );
    const numbered = (role: string, index: number, count: number) => `the ${role}${count > 1 ? ` ${index + 1}` : ''}`;
    const apis = apiEnvironments.map((own, index) =>
      homeward(
        'api',
        numbered('api', index, apiPorts.length),
        () => own,
        async () => (await fetch(`http://127.0.0.1:${own.API_PORT}/healthz`)).ok,
      ),
    );
    const workers = workerEnvironments.map((own, index) =>
      homeward(
        'worker',
        numbered('worker', index, workerCount),
        () => workerEnvironments[index]!,
        async () => (await fetch(`http://127.0.0.1:${own.WORKER_HEALTH_PORT}/`)).ok,
      ),
    );
    for (const part of [...apis, ...workers]) stopping.push(() => part.stopGracefully());
    const [api, worker] = [apis[0]!, workers[0]!];
    await Promise.all([...apis, ...(options.worker === false ? [] : workers)].map((part) => part.start()));

    client = new Client({ connection, namespace: 'default', dataConverter: dataConverterFor(testConfig()) });
    const postgresPid = Number(readFileSync(join(postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const pids = {
      ...('process' in temporal && temporal.process?.pid ? { server: temporal.process.pid } : {}),
      ...(worker.pid ? { worker: worker.pid } : {}),
      api: api.pid!,
      postgres: postgresPid,
    };
    return {
      apiUrl,
      partners,
      simulatorUrl: partners.simulatorUrl!,
      client,
      temporalAddress: temporal.address,
      taskQueue: partners.config.temporal.taskQueue,
      databaseUrl,
      workflowBundlePath: bundlePath,
      environment,
      dataDir: keptDir,
      worker,
      api,
      workers,
      apis,
      workerEnvironments,
      ...('process' in temporal && temporal.process ? { temporal: temporal.process } : {}),
      ...(cluster ? { temporalCluster: cluster } : {}),
      partnerLink,
      ...(workerLink ? { workerLink } : {}),
      mailLink,
      pids,
      cpu: () => ({
        ...(pids.server ? { 'Temporal server': cpuSeconds(pids.server) } : {}),
        ...Object.fromEntries(
          (cluster?.instances ?? []).map(({ label, process: part }) => [
            label.replace(/^temporal/, 'Temporal'),
            part.pid ? cpuSeconds(part.pid) : Number.NaN,
          ]),
        ),
        ...(pids.worker ? { worker: cpuSeconds(pids.worker) } : {}),
        API: cpuSeconds(pids.api),
        PostgreSQL: cpuSeconds(pids.postgres, true),
        // Its own time only: a child it ran and reaped (the import's command line) is counted where it is measured.
        'driver + simulator': ownCpuSeconds(),
      }),
      metricsUrls: {
        worker: `http://127.0.0.1:${workerMetricsPorts[0]}/metrics`,
        api: `http://127.0.0.1:${apiMetricsPorts[0]}/metrics`,
        workers: workerMetricsPorts.map((port) => `http://127.0.0.1:${port}/metrics`),
        apis: apiMetricsPorts.map((port) => `http://127.0.0.1:${port}/metrics`),
        ...('metricsUrl' in temporal && temporal.metricsUrl ? { temporal: temporal.metricsUrl } : {}),
      },
      workerHealth: async () => (await (await fetch(`http://127.0.0.1:${healthPorts[0]}/`)).json()) as WorkerHealth,
      serverDbBytes: () =>
        'dbFile' in temporal && temporal.dbFile
          ? [temporal.dbFile, `${temporal.dbFile}-wal`]
              .filter((file) => existsSync(file))
              .reduce((sum, file) => sum + statSync(file).size, 0)
          : undefined,
      restartPostgres: async (downMs) => {
        await postgres.restart(downMs);
        pids.postgres = Number(readFileSync(join(postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      },
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
    await stop().catch(() => undefined);
    throw error;
  }
}

/** The consent link a guardian was emailed for a case, read from the caught message as the guardian would. */
export async function consentLinkFor(stack: ProductionStack, caseNumber: string): Promise<string | undefined> {
  const catcher = stack.partners.mailCatcher!;
  const mail = catcher.messages.find(
    (message) => message.caseNumber === caseNumber && message.kind === 'consent-request',
  );
  if (!mail) return undefined;
  const { text } = await simpleParser(readFileSync(join(catcher.dir, mail.file)));
  const token = /\/consent\/([A-Za-z0-9_.-]+)/.exec(text ?? '')?.[1];
  return token ? `${stack.apiUrl}/consent/${token}` : undefined;
}

/**
 * The Temporal server the way a deployment runs it: the server docker-compose.yml's image holds (the same version,
 * built with Go), on PostgreSQL for persistence and visibility with the schemas applied by the server's own schema
 * tool, its frontend, history, matching and worker services each a process of its own, configured by
 * deploy/temporal/server.yaml (the file compose gives the image) with deploy/temporal/dynamicconfig.yaml. The
 * namespace and Homeward's search attributes are registered as deploy/temporal-namespace.sh registers them. Each
 * service can be killed and started again on the same ports and data.
 */
import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { SearchAttributeType } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { ensureTemporalServer, TEMPORAL_SERVER_VERSION } from '../../src/temporal/provision-server';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes-setup';
import { allSearchAttributes } from '../../src/workflows/search-attributes';
import type { PostgresServer } from './postgres';
import { freeLowPort } from './ports';
import { restartable, startChild, type StackProcess } from './stack-process';

const root = resolve(__dirname, '../..');
export const serverConfigFile = join(root, 'deploy', 'temporal', 'server.yaml');
export const dynamicConfigFile = join(root, 'deploy', 'temporal', 'dynamicconfig.yaml');
const run = promisify(execFile);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export const temporalServices = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof temporalServices)[number];

export interface TemporalCluster {
  /** The frontend's gRPC address. */
  address: string;
  /** The first process of each service (the one a fault test kills). */
  services: Record<TemporalService, StackProcess>;
  /** Every process, a service's second and later instances included. */
  instances: Array<{ service: TemporalService; label: string; process: StackProcess }>;
  /** The variables every service runs with (the ports, the database). */
  environment: Record<string, string>;
  stop(): Promise<void>;
}

/** Creates Temporal's two databases and applies their schemas, as deploy/temporal-schema.sh does in compose. */
async function applySchemas(postgres: PostgresServer, sqlTool: string, schemaDir: string): Promise<void> {
  const url = new URL(postgres.url);
  const sql = (database: string, ...args: string[]) =>
    run(sqlTool, [
      '--plugin',
      'postgres12',
      '--ep',
      url.hostname,
      '-p',
      url.port,
      '-u',
      decodeURIComponent(url.username),
      '--pw',
      decodeURIComponent(url.password),
      '--db',
      database,
      ...args,
    ]);
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    await sql(database, 'create-database');
    await sql(database, 'setup-schema', '-v', '0.0');
    await sql(database, 'update-schema', '-d', join(schemaDir, schema, 'versioned'));
  }
}

const portOpen = (port: number) =>
  new Promise<boolean>((done) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      done(true);
    });
    socket.once('error', () => done(false));
  });

export interface ClusterOptions {
  postgres: PostgresServer;
  namespace: string;
  say: (line: string) => void;
  /** How many processes run the history and the matching service (default one each). */
  instances?: Partial<Record<'history' | 'matching', number>>;
}

export async function startTemporalCluster(options: ClusterOptions): Promise<TemporalCluster> {
  const { say } = options;
  const binaries = await ensureTemporalServer(say);
  const started = Date.now();
  await applySchemas(options.postgres, binaries.sqlTool, binaries.postgresSchemaDir);
  const url = new URL(options.postgres.url);
  const portsOf = async (service: TemporalService): Promise<Record<string, string>> => ({
    [`${service.toUpperCase()}_GRPC_PORT`]: String(await freeLowPort()),
    [`${service.toUpperCase()}_MEMBERSHIP_PORT`]: String(await freeLowPort()),
    ...(service === 'frontend' ? { FRONTEND_HTTP_PORT: String(await freeLowPort()) } : {}),
  });
  const ports: Record<string, string> = {};
  for (const service of temporalServices) Object.assign(ports, await portsOf(service));
  // The names docker-compose.yml gives the image; compose.test.ts checks that it gives these.
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TEMPORAL_SERVER_CONFIG_FILE_PATH: serverConfigFile,
    DYNAMIC_CONFIG_FILE_PATH: dynamicConfigFile,
    POSTGRES_SEEDS: url.hostname,
    DB_PORT: url.port,
    POSTGRES_USER: decodeURIComponent(url.username),
    POSTGRES_PWD: decodeURIComponent(url.password),
    BIND_ON_IP: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...ports,
  };
  const address = `127.0.0.1:${ports.FRONTEND_GRPC_PORT}`;
  let probe: Connection | undefined;
  const frontendServing = async () => {
    probe ??= Connection.lazy({ address });
    const connection = probe;
    const { status } = await connection.withDeadline(Date.now() + 2000, () => connection.healthService.check({}));
    return status === 1; // SERVING
  };
  // A second instance of a service is the same file with its own ports, as another machine would run it.
  const instances: Array<{ service: TemporalService; label: string; process: ReturnType<typeof restartable> }> = [];
  for (const service of temporalServices) {
    const count = service === 'history' || service === 'matching' ? (options.instances?.[service] ?? 1) : 1;
    for (let index = 1; index <= count; index += 1) {
      const own = index === 1 ? {} : await portsOf(service);
      const env: Record<string, string> = { ...environment, ...own };
      const label = `temporal ${service}${count > 1 ? ` ${index}` : ''}`;
      const grpcPort = Number(env[`${service.toUpperCase()}_GRPC_PORT`]);
      instances.push({
        service,
        label,
        process: restartable(
          label,
          (log) => startChild(binaries.server, ['start', `--service=${service}`], env, label, log, say),
          service === 'frontend' ? frontendServing : () => portOpen(grpcPort),
          say,
        ),
      });
    }
  }
  const stop = async () => {
    await probe?.close().catch(() => undefined);
    for (const instance of [...instances].reverse()) await instance.process.stopGracefully();
  };
  try {
    // On a new database the first service to start writes the cluster's metadata, and one starting at the same
    // moment fails on the duplicate and exits (a deployment's restart policy starts it again): history goes first.
    await instances[0]!.process.start();
    await Promise.all(instances.slice(1).map((instance) => instance.process.start()));
    const connection = await Connection.connect({ address });
    try {
      await registerNamespace(connection, options.namespace);
      await ensureSearchAttributes(connection, options.namespace);
      await untilCasesCanStart(connection, options.namespace);
    } finally {
      await connection.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  say(
    `Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL: ${instances.map((instance) => instance.label.replace('temporal ', '')).join(', ')} as separate processes, frontend ${address}, ready in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  const first = (service: TemporalService) => instances.find((instance) => instance.service === service)!.process;
  return {
    address,
    services: {
      history: first('history'),
      matching: first('matching'),
      frontend: first('frontend'),
      worker: first('worker'),
    },
    instances: instances.map(({ service, label, process }) => ({ service, label, process })),
    environment,
    stop,
  };
}

/** As deploy/temporal-namespace.sh: the namespace with 30 days' retention, once the history service can take it. */
async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        workflowExecutionRetentionPeriod: msToTs('30 days'),
      });
      return;
    } catch (error) {
      if ((error as { code?: number }).code === 6) return; // already exists
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
}

const probeValue: Record<string, unknown> = {
  [SearchAttributeType.KEYWORD]: 'probe',
  [SearchAttributeType.BOOL]: false,
  [SearchAttributeType.INT]: 0,
  [SearchAttributeType.DATETIME]: new Date(0),
};

/**
 * A start that uses every search attribute, until one is accepted: the frontend and history read the namespace and
 * its search attributes from caches that refresh every few seconds, and a case started before then is refused.
 */
async function untilCasesCanStart(connection: Connection, namespace: string): Promise<void> {
  const client = new Client({ connection, namespace });
  const deadline = Date.now() + 90_000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const handle = await client.workflow.start('clusterProbe', {
        taskQueue: 'homeward-cluster-probe',
        workflowId: `cluster-probe-${attempt}`,
        typedSearchAttributes: allSearchAttributes.map((key) => ({ key, value: probeValue[key.type] })) as never,
      });
      await handle.terminate('the cluster accepts starts');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(1000);
    }
  }
}

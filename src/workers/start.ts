import type { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../api/app';
import type { ApiMetrics } from '../api/metrics';
import type { Config } from '../config';
import { openRegistryDb, type Db } from '../registry/db';
import { connectClient } from '../temporal/connection';
import { startEmbeddedTemporal, type EmbeddedTemporal } from '../temporal/embedded-server';
import { ensureSearchAttributes } from '../temporal/search-attributes-setup';
import { createActivityDeps } from '../activities/deps';
import { startDevPartners, type DevPartners } from '../simulator/dev-partners';
import { createWorker } from './create-worker';

export interface StartOptions {
  embeddedTemporal: boolean;
  worker: boolean;
  api: boolean;
  say: (line: string) => void;
  workflowBundlePath?: string;
  /** Development only: the partner simulator and mail catcher stand in for partners and SMTP left unconfigured. */
  devPartners?: boolean;
  /** The API's request metrics, which the process serves (src/workers/main.ts). */
  apiMetrics?: ApiMetrics;
}

export interface Homeward {
  temporal: { address: string; uiUrl?: string };
  client: Client;
  db: Db;
  app?: FastifyInstance;
  worker?: Worker;
  partners?: DevPartners;
  stop(): Promise<void>;
}

/** Starts the parts of Homeward a process runs, and stops them in reverse order. */
export async function startHomeward(config: Config, logger: Logger, options: StartOptions): Promise<Homeward> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    let embedded: EmbeddedTemporal | undefined;
    if (options.embeddedTemporal) {
      embedded = await startEmbeddedTemporal(config, options.say);
      stops.push(() => embedded!.stop());
    }
    const address = embedded?.address ?? config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
    const client = await connectClient(config, address);
    stops.push(() => client.connection.close());
    if (!embedded) {
      const added = await ensureSearchAttributes(client.connection as Connection, config.temporal.namespace);
      if (added.length) options.say(`registered search attributes: ${added.join(', ')}`);
    }
    options.say(
      config.databaseUrl
        ? 'opening the registry on PostgreSQL'
        : `opening the registry (PGlite) under ${config.dataDir}/registry`,
    );
    const db = await openRegistryDb(config);
    stops.push(() => db.close());

    let partners: DevPartners | undefined;
    if (options.devPartners && options.worker) {
      partners = await startDevPartners(config);
      stops.push(() => partners!.stop());
      if (partners.simulatorUrl) options.say(`partner simulator at ${partners.simulatorUrl}`);
    }

    let worker: Worker | undefined;
    if (options.worker) {
      options.say('starting the worker (bundling workflow code the first time takes a few seconds)');
      worker = await createWorker({
        config,
        address,
        deps: createActivityDeps(partners?.config ?? config, db),
        client,
        logger,
        ...(options.workflowBundlePath ? { workflowBundlePath: options.workflowBundlePath } : {}),
      });
      const running = worker.run();
      const current = worker;
      stops.push(async () => {
        if (current.getState() === 'RUNNING') current.shutdown();
        await running;
      });
    }
    let app: FastifyInstance | undefined;
    if (options.api) {
      app = await buildApp({
        config,
        client,
        db,
        logger,
        ...(options.apiMetrics ? { metrics: options.apiMetrics } : {}),
      });
      await app.listen({ host: config.api.host, port: config.api.port });
      const current = app;
      stops.push(() => current.close());
    }
    return {
      temporal: { address, ...(embedded?.uiUrl ? { uiUrl: embedded.uiUrl } : {}) },
      client,
      db,
      ...(app ? { app } : {}),
      ...(worker ? { worker } : {}),
      ...(partners ? { partners } : {}),
      stop,
    };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** The Temporal dev server (full server + Web UI, SQLite under the data directory) that `npm run dev` runs. */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { TypedSearchAttributes } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Config } from '../config';
import { ensureTemporalCli, type Progress } from './provision';
import { allSearchAttributes } from '../workflows/search-attributes';

export interface EmbeddedTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/**
 * The dev server's SQLite file in write-ahead-log mode with NORMAL sync: it survives the process being killed, and
 * a machine losing power loses what the operating system had not yet written out (Linux writes dirty pages within
 * about 30 s). The default (a rollback journal synced on every commit) held the server to about 40 workflow starts a
 * second on this project's reference machine; this to 96 (bench/RESULTS.md).
 *
 * The log is copied into the database (a checkpoint, two fsyncs and more on the server's only connection, which
 * every other request waits for) every 10,000 pages instead of SQLite's 1,000. A new case writes about 125 pages
 * (the visibility row alone touches 45 indexes), so at 1,000 an import checkpointed every 8 cases and spent 9% of
 * its time in fsync (bench/RESULTS.md section 9); a page written again before the next checkpoint is copied once.
 * The log grows to about 40 MB before it is reused.
 */
const devServerSqlitePragmas = ['journal_mode=wal', 'synchronous=normal', 'wal_autocheckpoint=10000'];

/**
 * Eager activity dispatch: an activity a workflow task schedules on the worker's own task queue is handed to that
 * worker in the answer to the task's completion, instead of going through the task queue. A case's record checks
 * and audit batches start this way, and the audit batch carries the view the API reads a message's answer from: a
 * lab result reached its next stage in 137.9 ms at p50 with it and 245.2 ms without (bench/RESULTS.md section 2).
 * The server's default is off (deploy/temporal/dynamicconfig.yaml sets the same for the full server).
 */
const eagerActivities = 'system.enableActivityEagerExecution=true';

/**
 * The dev server reads the cluster's search attributes from its database on every request that names one (a workflow
 * start, an upsert, a list), so that one added by hand is usable at once. Homeward's are all registered when the
 * server starts (`--search-attribute`, before it serves), so it reads them once a minute, as the full server does:
 * the reads were 5% of the dev server's CPU during an import (bench/RESULTS.md section 9).
 */
const searchAttributesCached = 'system.forceSearchAttributesCacheRefreshOnRead=false';

const devServerDynamicConfig = [eagerActivities, searchAttributesCached];

/**
 * The dev server's command-line settings beyond its address: what every dev server Homeward starts runs with,
 * Homeward's search attributes among them.
 */
export const devServerSettings = [
  ...devServerSqlitePragmas.flatMap((pragma) => ['--sqlite-pragma', pragma]),
  ...devServerDynamicConfig.flatMap((setting) => ['--dynamic-config-value', setting]),
  ...allSearchAttributes.flatMap(({ name, type }) => [
    '--search-attribute',
    `${name}=${TypedSearchAttributes.toMetadataType(type)}`,
  ]),
];

export async function startEmbeddedTemporal(config: Config, progress: Progress): Promise<EmbeddedTemporal> {
  const executable = await ensureTemporalCli(progress);
  mkdirSync(config.dataDir, { recursive: true });
  const codecEndpoint = `${config.api.publicBaseUrl}/codec`;
  progress(`starting the Temporal dev server on 127.0.0.1:${config.temporal.port}`);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: '127.0.0.1',
      port: config.temporal.port,
      namespace: config.temporal.namespace,
      dbFilename: resolve(config.dataDir, 'temporal.sqlite'),
      ui: config.temporal.startUi,
      ...(config.temporal.startUi ? { uiPort: config.temporal.uiPort } : {}),
      log: { format: 'pretty', level: 'warn' },
      extraArgs: [...devServerSettings, ...(config.temporal.startUi ? ['--ui-codec-endpoint', codecEndpoint] : [])],
    },
  }).catch((error: unknown) => {
    const hint =
      executable.type === 'cached-download'
        ? 'Go is not installed and the SDK could not download the Temporal CLI: install Go, or set TEMPORAL_CLI_PATH, or TEMPORAL_ADDRESS to use an existing server.'
        : `is port ${config.temporal.port} or ${config.temporal.uiPort} in use? Set TEMPORAL_PORT / TEMPORAL_UI_PORT, or TEMPORAL_ADDRESS to use an existing server.`;
    throw new Error(`the Temporal dev server did not start (${(error as Error).message}); ${hint}`);
  });
  return {
    address: env.address,
    ...(config.temporal.startUi ? { uiUrl: `http://localhost:${config.temporal.uiPort}` } : {}),
    stop: () => env.teardown(),
  };
}

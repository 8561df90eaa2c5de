/**
 * `npm run dev`: the whole of Homeward in one process on embedded defaults. The Temporal dev server (unless
 * TEMPORAL_ADDRESS is set), the registry on PGlite, the worker and the API. Ctrl-C stops everything cleanly.
 */
import { join } from 'node:path';
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../config';
import { createDevLogger } from '../logger';
import { withDevDefaults } from './dev-defaults';
import { recordDevStack } from './dev-stack';
import { startHomeward } from './start';

async function main(): Promise<void> {
  const { config, generatedApiKeys } = withDevDefaults(loadConfig());
  // The console shows a line per case event; every line, requests and the worker's included, goes to the file.
  const logFile = join(config.dataDir, 'logs', 'homeward.log');
  const logger = createDevLogger(config.logLevel, logFile);
  const runtimeLog = logger.child({ component: 'temporal-worker' });
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      // The bundler's and the worker's lines go to the file; only their errors reach the console.
      const method = ({ TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'info', ERROR: 'error' } as const)[
        level as LogLevel
      ];
      runtimeLog[method](meta ?? {}, message);
    }),
  });
  const say = (line: string) => process.stdout.write(`[homeward] ${line}\n`);
  const homeward = await startHomeward(config, logger, {
    embeddedTemporal: !config.temporal.address,
    worker: true,
    api: true,
    devPartners: true,
    say,
  });
  if (generatedApiKeys.length) {
    say(`development API keys (kept in ${config.dataDir}/dev-secrets.json):`);
    for (const key of generatedApiKeys)
      say(`  ${key.role.padEnd(11)} ${key.key}${key.labId ? `  (lab ${key.labId})` : ''}`);
  }
  say(`API:        ${config.api.publicBaseUrl}  (docs at /docs)`);
  say(
    `Desk:       ${config.api.publicBaseUrl}/desk  (${config.api.devSignIn ? 'sign in as any development account, no key needed' : 'sign in with an API key'})`,
  );
  if (homeward.temporal.uiUrl) say(`Temporal UI: ${homeward.temporal.uiUrl}`);
  if (homeward.partners?.mailUrl)
    say(`Mail:       ${homeward.partners.mailUrl}  (.eml files under ${config.dataDir}/mail)`);
  if (homeward.partners?.simulatorUrl) say(`Partners:   simulated at ${homeward.partners.simulatorUrl}`);
  say(`Temporal:   ${homeward.temporal.address}, namespace ${config.temporal.namespace}`);
  say(`Logs:       ${logFile} (JSON, every request); here: a line per case event`);
  const forget = recordDevStack(config.dataDir, {
    pid: process.pid,
    apiUrl: `http://${config.api.host}:${config.api.port}`,
    temporalAddress: homeward.temporal.address,
    namespace: config.temporal.namespace,
    ...(homeward.temporal.uiUrl ? { uiUrl: homeward.temporal.uiUrl } : {}),
    ...(homeward.partners?.simulatorUrl ? { simulatorUrl: homeward.partners.simulatorUrl } : {}),
    ...(homeward.partners?.mailUrl ? { mailUrl: homeward.partners.mailUrl } : {}),
    policyTimeScale: Number(process.env.POLICY_TIME_SCALE ?? 1),
  });
  say('ready; Ctrl-C stops everything');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
    forget();
    homeward
      .stop()
      .then(() => {
        say('stopped');
        process.exit(0);
      })
      .catch((error: unknown) => {
        process.stderr.write(`error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Homeward did not start: ${(error as Error).stack}`}\n`,
  );
  process.exit(1);
});

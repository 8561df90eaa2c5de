/**
 * `npm run dev`: the whole of Homeward in one process on embedded defaults. The Temporal dev server (unless
 * TEMPORAL_ADDRESS is set), the registry on PGlite, the worker and the API. Ctrl-C stops everything cleanly.
 */
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { withDevDefaults } from './dev-defaults';
import { startHomeward } from './start';

async function main(): Promise<void> {
  const { config, generatedApiKeys } = withDevDefaults(loadConfig());
  const logger = createLogger(config.logLevel);
  const say = (line: string) => process.stdout.write(`[homeward] ${line}\n`);
  const homeward = await startHomeward(config, logger, {
    embeddedTemporal: !config.temporal.address,
    worker: true,
    api: true,
    devPartners: true,
    say,
  });
  if (generatedApiKeys.length) {
    say('development API keys (kept in .data/dev-secrets.json):');
    for (const key of generatedApiKeys)
      say(`  ${key.role.padEnd(11)} ${key.key}${key.labId ? `  (lab ${key.labId})` : ''}`);
  }
  say(`API:        ${config.api.publicBaseUrl}  (docs at /docs)`);
  if (homeward.temporal.uiUrl) say(`Temporal UI: ${homeward.temporal.uiUrl}`);
  if (homeward.partners?.mailUrl)
    say(`Mail:       ${homeward.partners.mailUrl}  (.eml files under ${config.dataDir}/mail)`);
  if (homeward.partners?.simulatorUrl) say(`Partners:   simulated at ${homeward.partners.simulatorUrl}`);
  say(`Temporal:   ${homeward.temporal.address}, namespace ${config.temporal.namespace}`);
  say('ready; Ctrl-C stops everything');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
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

/**
 * `npm run demo`: starts Homeward on embedded defaults with the partner simulator and the mail catcher, registers
 * the batch from DOMAIN.md and drives every case to its end, printing progress and a summary table. Policy
 * durations are divided by POLICY_TIME_SCALE (200000 unless set: six months of aftercare in about 80 seconds).
 */
import { randomBytes } from 'node:crypto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { withDevDefaults } from '../src/workers/dev-defaults';
import { startHomeward } from '../src/workers/start';
import { runDemo, summaryTable } from './demo-batch';

async function main(): Promise<number> {
  process.env.POLICY_TIME_SCALE ??= '200000';
  process.env.LOG_LEVEL ??= 'warn';
  // The driver polls ten cases at once from one address.
  process.env.RATE_LIMIT_MAX ??= '20000';
  // Retries the batch provokes on purpose (a partner answering 503 first) would bury the progress lines.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const { config } = withDevDefaults(loadConfig());
  const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);
  const coordinator = config.api.keys.find((key) => key.role === 'coordinator');
  const reviewer = config.api.keys.find((key) => key.role === 'reviewer' && key.actorId !== coordinator?.actorId);
  if (!coordinator || !reviewer)
    throw new ConfigError('the demo needs a coordinator key and a reviewer key in API_KEYS');

  const homeward = await startHomeward(config, createLogger(config.logLevel), {
    embeddedTemporal: !config.temporal.address,
    worker: true,
    api: true,
    devPartners: true,
    say,
  });
  const interrupt = () => {
    say('interrupted: stopping…');
    homeward.stop().then(
      () => process.exit(130),
      () => process.exit(130),
    );
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const simulatorUrl = homeward.partners?.simulatorUrl;
    if (!simulatorUrl || !homeward.partners?.mailUrl) {
      throw new ConfigError('the demo drives cases through the partner simulator: unset PARTNER_*_URL and SMTP_URL');
    }
    say(`policy durations divided by ${process.env.POLICY_TIME_SCALE}`);
    if (homeward.temporal.uiUrl) say(`watch the cases in the Temporal UI: ${homeward.temporal.uiUrl}`);
    say(`mail sent to guardians and staff: ${homeward.partners.mailUrl}`);
    const started = Date.now();
    const results = await runDemo({
      apiUrl: `http://${config.api.host}:${config.api.port}`,
      simulatorUrl,
      coordinatorKey: coordinator.key,
      reviewerKey: reviewer.key,
      runId: randomBytes(3).toString('hex'),
      say,
    });
    say(`all cases ended in ${Math.round((Date.now() - started) / 1000)} s:`);
    process.stdout.write(`\n${summaryTable(results)}\n\n`);
    const unexpected = results.filter((result) => !result.ok).length;
    say(unexpected ? `${unexpected} case(s) did not end as expected` : 'every case ended as expected');
    return unexpected ? 1 : 0;
  } finally {
    await homeward.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `the demo failed: ${(error as Error).stack}`}\n`,
    );
    process.exit(1);
  },
);

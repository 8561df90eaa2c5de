/**
 * `npm run demo`: registers the demo batch (children displaced by front-line fighting, separated across borders, one
 * turned 18, one whose DNA excludes the claimant) and drives every case to its end, printing progress and a summary
 * table. It drives a running `npm run dev` when there is one (to the end when that runs with POLICY_TIME_SCALE, else
 * to aftercare, whose visits are months away in real time; with `-- --for-the-desk`, to each verification, left for a
 * reviewer at the desk); otherwise it starts Homeward itself on embedded defaults with the partner simulator and
 * the mail catcher, durations divided by POLICY_TIME_SCALE (200000 unless set: aftercare in about 80 seconds).
 */
import { randomBytes } from 'node:crypto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { withDevDefaults } from '../src/workers/dev-defaults';
import { runningDevStack } from '../src/workers/dev-stack';
import { startHomeward } from '../src/workers/start';
import type { CaseStage } from '../src/domain/case';
import { runDemo, summaryTable, type DemoOptions } from './demo-batch';

// Below this, the batch's six months of aftercare take longer than anyone watches a demo: it stops at aftercare.
const minimumTimeScale = 10_000;

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
  // Two clinician keys let two children arrive with a health summary and a report; without them none does.
  const [sendingClinician, receivingClinician] = config.api.keys.filter((key) => key.role === 'clinician');
  const careTeam =
    sendingClinician && receivingClinician
      ? {
          sendingClinician,
          receivingClinician,
          escortId: config.api.keys.find((key) => key.role === 'escort')?.actorId,
        }
      : undefined;

  const running = await runningDevStack(config.dataDir);
  if (running) {
    const realTime = running.policyTimeScale < minimumTimeScale;
    if (!running.simulatorUrl)
      throw new ConfigError('the running npm run dev has no partner simulator (PARTNER_*_URL set): the demo needs it');
    say(`driving the running npm run dev (pid ${running.pid}) at ${running.apiUrl}`);
    if (running.uiUrl) say(`watch the cases in the Temporal UI: ${running.uiUrl}`);
    if (running.mailUrl) say(`mail sent to guardians and staff: ${running.mailUrl}`);
    if (realTime)
      say(
        'it runs in real time: each case is driven to aftercare, whose first visit is due in two weeks; to see the cases close too, restart it as POLICY_TIME_SCALE=200000 npm run dev',
      );
    if (process.argv.includes('--for-the-desk')) {
      say('each case is left waiting at its verification, for a reviewer to sign off at the desk');
      return drive(
        running.apiUrl,
        running.simulatorUrl,
        coordinator.key,
        reviewer.key,
        say,
        false,
        'verification',
        careTeam,
      );
    }
    return drive(
      running.apiUrl,
      running.simulatorUrl,
      coordinator.key,
      reviewer.key,
      say,
      realTime,
      undefined,
      careTeam,
    );
  }

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
    return await drive(
      `http://${config.api.host}:${config.api.port}`,
      simulatorUrl,
      coordinator.key,
      reviewer.key,
      say,
      false,
      undefined,
      careTeam,
    );
  } finally {
    await homeward.stop();
  }
}

async function drive(
  apiUrl: string,
  simulatorUrl: string,
  coordinatorKey: string,
  reviewerKey: string,
  say: (line: string) => void,
  stopAtAftercare = false,
  stopAt?: CaseStage,
  careTeam?: DemoOptions['careTeam'],
): Promise<number> {
  const started = Date.now();
  const results = await runDemo({
    apiUrl,
    simulatorUrl,
    coordinatorKey,
    reviewerKey,
    runId: randomBytes(3).toString('hex'),
    say,
    stopAtAftercare,
    ...(stopAt ? { stopAt } : {}),
    ...(careTeam ? { careTeam } : {}),
  });
  const reached = stopAt ? `reached ${stopAt} or ended` : stopAtAftercare ? 'reached aftercare or ended' : 'ended';
  say(`all cases ${reached} in ${Math.round((Date.now() - started) / 1000)} s:`);
  process.stdout.write(`\n${summaryTable(results)}\n\n`);
  const unexpected = results.filter((result) => !result.ok).length;
  say(
    unexpected
      ? `${unexpected} case(s) did not end as expected`
      : `every case ${stopAt || stopAtAftercare ? 'is where it should be' : 'ended as expected'}`,
  );
  return unexpected ? 1 : 0;
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

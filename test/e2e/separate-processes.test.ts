/**
 * Issue 8: the worker and the API as separate production processes (NODE_ENV=production, registry on a real
 * PostgreSQL server, partners and SMTP at the simulator and mail catcher), a case driven through them, and each
 * process stopped with SIGTERM while work is in flight and started again: nothing is lost, the case completes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { demoBatch, runDemo, type DemoResult } from '../../scripts/demo-batch';
import { startDevPartners, type DevPartners } from '../../src/simulator/dev-partners';
import { freePort } from '../support/ports';
import { openPostgres } from '../../src/registry/db';
import { createDatabase, startPostgres, type PostgresServer } from '../support/postgres';
import {
  devServerAddress,
  productionEnvironment,
  reserveCaseSerials,
  testConfig,
  testKeys,
  workflowBundlePath,
} from '../support/stack';

const root = resolve(__dirname, '../..');

interface Process {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startProcess(role: 'worker' | 'api', environment: Record<string, string>): Process {
  const child = spawn(process.execPath, ['--import', 'tsx', `src/workers/${role}.ts`], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...environment, HOMEWARD_ROLE: role },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output, exited };
}

async function waitFor(what: string, ready: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('worker and API as separate processes', () => {
  let postgres: PostgresServer;
  let partners: DevPartners;
  let environment: Record<string, string>;
  let apiUrl: string;
  const running: Process[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    const databaseUrl = await createDatabase(postgres, `processes_${randomBytes(3).toString('hex')}`);
    // Migrated here first so the registry numbers its cases in this file's own block on the shared dev server.
    const registry = await openPostgres(databaseUrl);
    await reserveCaseSerials(registry);
    await registry.close();
    const apiPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const [simulatorPort, mailPort] = [await freePort(), await freePort()];
    const base = {
      API_PORT: String(apiPort),
      PUBLIC_BASE_URL: apiUrl,
      SIMULATOR_PORT: String(simulatorPort),
      MAIL_CATCHER_PORT: String(mailPort),
    };
    partners = await startDevPartners(testConfig(base));
    environment = {
      ...base,
      ...productionEnvironment({
        temporalAddress: devServerAddress(),
        databaseUrl,
        partners: partners.config,
        consentTokenSecret: 'test-consent-secret-0123456789abcdef',
      }),
      // Deadlines scaled so a restart (several seconds) never outlasts a wait: 7 days of identification is 30 s, and
      // follow-ups come 1, 2 and 3 days after handover (4 to 13 s) so the case still ends within the test.
      POLICY_TIME_SCALE: '20000',
      CASE_POLICY: JSON.stringify({ followUpsAfterHandover: ['1 day', '2 days', '3 days'] }),
      RATE_LIMIT_MAX: '100000',
      WORKFLOW_BUNDLE_PATH: workflowBundlePath(),
      WORKER_SHUTDOWN_GRACE_SECONDS: '10',
    };
  }, 120_000);

  afterAll(async () => {
    for (const process of running) process.child.kill('SIGKILL');
    await partners?.stop();
    await postgres?.stop();
  });

  const start = (role: 'worker' | 'api') => {
    const started = startProcess(role, environment);
    running.push(started);
    return started;
  };

  async function stop(process: Process): Promise<number | null> {
    process.child.kill('SIGTERM');
    return process.exited;
  }

  it('completes a case although each process is stopped with SIGTERM mid-case and restarted', async () => {
    let worker = start('worker');
    let api = start('api');
    await waitFor('the API', async () => (await fetch(`${apiUrl}/healthz`).catch(() => undefined))?.ok === true);
    await waitFor('the worker', () => worker.output.join('').includes('worker ready'));

    const demoCase = demoBatch[0]!;
    const progress: string[] = [];
    const driving: Promise<DemoResult[]> = runDemo({
      apiUrl,
      simulatorUrl: partners.simulatorUrl!,
      coordinatorKey: testKeys.coordinator.key,
      reviewerKey: testKeys.reviewer.key,
      runId: randomBytes(3).toString('hex'),
      say: (line) => progress.push(line),
      pollMs: 200,
      timeoutMs: 240_000,
      batch: [demoCase],
    });

    await waitFor('the case to be registered', () => progress.some((line) => line.includes('registered')));
    const caseNumber = /HW-\d{4}-\d{6}-[A-Z]/.exec(progress.join('\n'))![0];

    // The worker goes while the case's record checks are in flight, then comes back.
    expect(await stop(worker)).toBe(0);
    expect(worker.output.join('')).toMatch(/SIGTERM: worker stopping/);
    worker = start('worker');
    await waitFor('the restarted worker', () => worker.output.join('').includes('worker ready'));

    // The API goes once the case is past verification, then comes back; the driver retries meanwhile.
    await waitFor(
      'consent',
      () => progress.some((line) => line.includes(`${caseNumber}`) && line.includes('→ consent')),
      150_000,
    );
    expect(await stop(api)).toBe(0);
    api = start('api');

    const errorsOf = (process: Process) =>
      process.output
        .join('')
        .split('\n')
        .filter((line) => /"level":(50|60)/.test(line))
        .join('\n');
    const [result] = await driving.catch((error: Error) => {
      throw new Error(`${error.message}\n--- worker errors\n${errorsOf(worker)}\n--- api errors\n${errorsOf(api)}`);
    });
    if (result?.stage !== 'closed') {
      const tail = (lines: string[]) => lines.join('').split('\n').slice(-20).join('\n');
      throw new Error(
        `the case ended in ${result?.stage}:\n${progress.slice(-20).join('\n')}\n--- worker\n${tail(worker.output)}\n--- api\n${tail(api.output)}`,
      );
    }
    expect(result).toMatchObject({ caseNumber, stage: 'closed', outcome: 'reunited' });
    expect(await stop(worker)).toBe(0);
    expect(await stop(api)).toBe(0);
  }, 300_000);
});

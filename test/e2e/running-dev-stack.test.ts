/**
 * `npm run temporal` and `npm run demo` beside a running `npm run dev`: they find it through its record in the data
 * directory, and use its Temporal server (or refuse, for a demo against a stack in real time).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordDevStack, runningDevStack, type DevStack } from '../../src/workers/dev-stack';
import { demoBatch, runDemo } from '../../scripts/demo-batch';
import { startDevPartners } from '../../src/simulator';
import { devServerAddress, startTestStack, testConfig, testKeys } from '../support/stack';

const tsx = join(__dirname, '../../node_modules/.bin/tsx');

/** Runs a script as `npm run` would, in an environment of its own. */
function script(name: string, args: string[], environment: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(tsx, [join(__dirname, '../../scripts', name), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('scripts beside a running npm run dev', () => {
  let api: Server;
  let apiUrl: string;
  beforeAll(async () => {
    // Stands in for the running stack's API: the record is trusted only while that answers.
    api = createServer((_request, response) => response.writeHead(200).end('{"status":"ok"}'));
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => api.close(resolve));
  });

  const stack = (overrides: Partial<DevStack> = {}): DevStack => ({
    pid: process.pid,
    apiUrl,
    temporalAddress: devServerAddress(),
    namespace: 'default',
    simulatorUrl: 'http://127.0.0.1:9',
    policyTimeScale: 200_000,
    ...overrides,
  });

  it('takes a stack as running only while its process lives and its API answers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-dev-stack-'));
    expect(await runningDevStack(dataDir)).toBeUndefined();
    const forget = recordDevStack(dataDir, stack());
    expect(await runningDevStack(dataDir)).toMatchObject({ pid: process.pid, apiUrl });
    const exited = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid;
    recordDevStack(dataDir, stack({ pid: exited }));
    expect(await runningDevStack(dataDir)).toBeUndefined();
    recordDevStack(dataDir, stack({ apiUrl: 'http://127.0.0.1:9' }));
    expect(await runningDevStack(dataDir)).toBeUndefined();
    recordDevStack(dataDir, stack());
    forget();
    expect(await runningDevStack(dataDir)).toBeUndefined();
  });

  it('npm run temporal runs the provisioned CLI against the running stack’s server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-dev-stack-'));
    recordDevStack(dataDir, stack());
    // TEMPORAL_PORT points nowhere: only the record can have given the CLI the shared dev server's address.
    const listed = await script('temporal.ts', ['workflow', 'list', '--limit', '1'], {
      DATA_DIR: dataDir,
      TEMPORAL_PORT: '9',
    });
    expect(listed).toEqual({ code: 0, output: expect.stringMatching(/WorkflowId|^\s*$/) });
    const nowhere = await script('temporal.ts', ['workflow', 'list', '--limit', '1'], {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'homeward-dev-stack-')),
      TEMPORAL_PORT: '9',
    });
    expect(nowhere.code).not.toBe(0);
  });

  it('npm run demo tells a person that a stack in real time is driven to aftercare, and how to see cases close', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-dev-stack-'));
    recordDevStack(dataDir, stack({ policyTimeScale: 1, simulatorUrl: apiUrl }));
    // The stand-in registers nothing and sets no scenario: the demo says what it will do, then fails on the first case.
    const demo = await script('demo.ts', [], { DATA_DIR: dataDir });
    expect(demo.output).toContain(`driving the running npm run dev (pid ${process.pid}) at ${apiUrl}`);
    expect(demo.output).toContain('each case is driven to aftercare');
    expect(demo.output).toContain('POLICY_TIME_SCALE=200000 npm run dev');
    expect(demo.code).toBe(1);
  });

  it('drives cases on a stack in real time to aftercare, and one that closes earlier to its end', async () => {
    const partners = await startDevPartners(testConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'homeward-demo-')) }), {
      simulatorPort: 0,
      mailCatcherPort: 0,
      labResultAfterMs: 200,
    });
    const { registries, labs, travelDocuments, transit } = partners.config.partners;
    // No POLICY_TIME_SCALE: every deadline and visit is as far away as it is for a real case.
    const realTime = await startTestStack({
      PARTNER_REGISTRIES_URL: registries!.url,
      PARTNER_LABS_URL: labs!.url,
      PARTNER_TRAVEL_DOCUMENTS_URL: travelDocuments!.url,
      PARTNER_TRANSIT_URL: transit!.url,
      SMTP_URL: partners.config.mail.smtpUrl!,
      RATE_LIMIT_MAX: '100000',
    });
    try {
      await realTime.app.listen({ host: '127.0.0.1', port: 0 });
      const url = `http://127.0.0.1:${(realTime.app.server.address() as AddressInfo).port}`;
      partners.simulator!.setHomewardUrl(url);
      const results = await runDemo({
        apiUrl: url,
        simulatorUrl: partners.simulatorUrl!,
        coordinatorKey: testKeys.coordinator.key,
        reviewerKey: testKeys.reviewer.key,
        runId: `rt${process.pid}`,
        say: () => undefined,
        batch: [demoBatch[0]!, demoBatch[demoBatch.length - 1]!],
        stopAtAftercare: true,
        timeoutMs: 90_000,
      });
      expect(results.map((result) => [result.stage, result.outcome ?? '-', result.ok])).toEqual([
        ['aftercare', '-', true],
        ['closed', 'not-a-match', true],
      ]);
    } finally {
      await realTime.stop();
      await partners.stop();
    }
  });
});

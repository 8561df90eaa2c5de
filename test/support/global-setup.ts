/**
 * Runs once per test run: provisions the Temporal servers (the dev server, the time-skipping server and the server
 * deployments run; built or resolved once, then cached), bundles the workflow code once, and starts one dev server
 * that every integration test file shares. Nothing here is skipped: without a server, the suite fails.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleCaseWorkflows } from '../../src/workers/workflow-code';
import { devServerSettings } from '../../src/temporal/embedded-server';
import { ensureTemporalCli, ensureTestServer } from '../../src/temporal/provision';
import { ensureTemporalServer } from '../../src/temporal/provision-server';

const say = (line: string) => process.stderr.write(`[test setup] ${line}\n`);

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  // The deployed server (test/e2e/temporal-cluster.test.ts) is built here on a machine's first run, about 7 minutes.
  const [cli, testServer, server] = await Promise.all([
    ensureTemporalCli(say),
    ensureTestServer(say),
    ensureTemporalServer(say),
  ]);
  say(`Temporal server: ${server.server}`);
  const describe = (executable: typeof cli) =>
    executable.type === 'existing-path' ? executable.path : "the SDK's download";
  say(`time-skipping test server: ${describe(testServer)}`);
  process.env.HOMEWARD_TEST_SERVER = JSON.stringify(testServer);

  const dir = resolve('.data/test');
  mkdirSync(dir, { recursive: true });
  // One file per run: concurrent runs (and their workers) must not read each other's half-written bundle.
  const bundlePath = join(dir, `workflow-bundle-${process.pid}.js`);
  const [bundle, devServer] = await Promise.all([
    bundleCaseWorkflows({ logger: quietLogger }),
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: cli,
        ip: '127.0.0.1',
        log: { format: 'pretty', level: 'error' },
        extraArgs: devServerSettings,
      },
    }),
  ]);
  writeFileSync(bundlePath, bundle);
  process.env.HOMEWARD_WORKFLOW_BUNDLE = bundlePath;
  process.env.HOMEWARD_TEST_TEMPORAL_ADDRESS = devServer.address;
  (globalThis as { homewardDevServer?: TestWorkflowEnvironment }).homewardDevServer = devServer;
  say(`dev server: ${devServer.address} (Temporal CLI ${describe(cli)})`);
  say(
    `workflow bundle: ${bundlePath} (${Math.round(bundle.length / 1024)} KiB); set-up took ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => say(`bundler: ${message}`),
  error: (message: string) => say(`bundler: ${message}`),
};

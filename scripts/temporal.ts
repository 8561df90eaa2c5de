/**
 * `npm run temporal -- <arguments>`: the Temporal CLI Homeward provisioned (not necessarily on PATH), pointed at the
 * server and namespace Homeward uses: TEMPORAL_ADDRESS when set, else a running `npm run dev`, else TEMPORAL_PORT.
 */
import { spawn } from 'node:child_process';
import { ConfigError, loadConfig } from '../src/config';
import { runningDevStack } from '../src/workers/dev-stack';
import { ensureTemporalCli } from '../src/temporal/provision';

async function main(): Promise<number> {
  const config = loadConfig();
  const running = config.temporal.address ? undefined : await runningDevStack(config.dataDir);
  const address = config.temporal.address ?? running?.temporalAddress ?? `127.0.0.1:${config.temporal.port}`;
  const namespace = running?.namespace ?? config.temporal.namespace;
  const cli = await ensureTemporalCli((line) => process.stderr.write(`[temporal] ${line}\n`));
  if (cli.type !== 'existing-path')
    throw new ConfigError('no Temporal CLI binary to run: install Go (it builds one) or set TEMPORAL_CLI_PATH');
  const child = spawn(cli.path, process.argv.slice(2), {
    stdio: 'inherit',
    env: { ...process.env, TEMPORAL_ADDRESS: address, TEMPORAL_NAMESPACE: namespace },
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
    process.exit(1);
  },
);

/**
 * `npm run cases:stuck`: lists the running cases whose history no longer replays with this checkout's workflow
 * code, and where each would be reset. `-- --reset` resets them; `-- --all` also checks closed cases (a closed case
 * that does not replay answers no query). Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the encryption keys as
 * the worker does (in development, the keys under .data). Exits 0 when none is stuck or all were reset, 1 otherwise.
 */
import { bundleCaseWorkflows } from '../src/workers/workflow-code';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config';
import { findStuckRuns, resetStuckRun } from '../src/operations/stuck-cases';
import { connectClient, dataConverterFor } from '../src/temporal/connection';
import { withDevDefaults } from '../src/workers/dev-defaults';
import { reunificationCase } from '../src/workflows';

async function main(argv: string[]): Promise<number> {
  const { config } = withDevDefaults(loadConfig());
  const address = config.temporal.address ?? `127.0.0.1:${config.temporal.port}`;
  const client = await connectClient(config, address);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    say(`bundling the workflow code of this checkout…`);
    const code = await bundleCaseWorkflows({
      logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (message) => say(message) },
    });
    const bundlePath = join(mkdtempSync(join(tmpdir(), 'homeward-')), 'workflows.js');
    writeFileSync(bundlePath, code);
    const query = argv.includes('--all') ? `WorkflowType = '${reunificationCase.name}'` : undefined;
    const stuck = await findStuckRuns({
      client,
      workflowBundlePath: bundlePath,
      dataConverter: dataConverterFor(config),
      ...(query ? { query } : {}),
      progress: (checked) => checked % 100 === 0 && say(`  ${checked} runs replayed…`),
    });
    if (stuck.length === 0) {
      say(`no stuck case on ${address} (namespace ${config.temporal.namespace})`);
      return 0;
    }
    say(`${stuck.length} run(s) do not replay:`);
    for (const run of stuck)
      say(`  ${run.workflowId} ${run.runId} (${run.status}): ${run.error}; reset point: ${run.resetTo ?? 'none'}`);
    if (!argv.includes('--reset')) {
      say('run again with `-- --reset` to reset each to its reset point');
      return 1;
    }
    let failed = 0;
    for (const run of stuck) {
      try {
        const runId = await resetStuckRun(client, run, 'history does not replay: reset by npm run cases:stuck');
        say(`  reset ${run.workflowId} to event ${run.resetTo}: new run ${runId}`);
      } catch (error) {
        failed += 1;
        say(`  could not reset ${run.workflowId}: ${(error as Error).message}`);
      }
    }
    return failed === 0 ? 0 : 1;
  } finally {
    await client.connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
  },
);

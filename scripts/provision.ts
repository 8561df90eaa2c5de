/** `npm run provision`: builds or resolves the Temporal servers ahead of time (src/temporal/provision.ts). */
import { defaultProgress, ensureTemporalCli, ensureTestServer } from '../src/temporal/provision';
import { ensureTemporalServer } from '../src/temporal/provision-server';

(async () => {
  const started = Date.now();
  const cli = await ensureTemporalCli();
  defaultProgress(`Temporal CLI: ${cli.type === 'existing-path' ? cli.path : "the SDK's download"}`);
  const testServer = await ensureTestServer();
  defaultProgress(`test server: ${testServer.type === 'existing-path' ? testServer.path : "the SDK's download"}`);
  const server = await ensureTemporalServer();
  defaultProgress(`Temporal server: ${server.server} (schema tool ${server.sqlTool})`);
  defaultProgress(`done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
})().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

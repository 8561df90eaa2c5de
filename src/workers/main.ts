/** Shared entry for the separate production processes: `npm run worker` and `npm run api`. */
import { createServer } from 'node:http';
import { Runtime } from '@temporalio/worker';
import { createApiMetrics, serveMetrics } from '../api/metrics';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { startHomeward } from './start';

export function runProcess(role: 'worker' | 'api'): void {
  const run = async () => {
    const config = loadConfig();
    if (!config.databaseUrl) {
      throw new ConfigError(
        `Homeward's configuration is invalid:\n  DATABASE_URL: a separate ${role} process needs PostgreSQL; the embedded registry serves only the all-in-one \`npm run dev\``,
      );
    }
    const logger = createLogger(config.logLevel);
    const say = (line: string) => logger.info(line);
    // Before any connection or worker exists: the runtime's telemetry is fixed when it is created.
    if (role === 'worker' && config.worker.metricsPort)
      Runtime.install({
        telemetryOptions: { metrics: { prometheus: { bindAddress: `0.0.0.0:${config.worker.metricsPort}` } } },
      });
    const apiMetrics = role === 'api' && config.api.metricsPort ? createApiMetrics() : undefined;
    const homeward = await startHomeward(config, logger, {
      embeddedTemporal: false,
      worker: role === 'worker',
      api: role === 'api',
      say,
      ...(config.worker.bundlePath ? { workflowBundlePath: config.worker.bundlePath } : {}),
      ...(apiMetrics ? { apiMetrics } : {}),
    });
    if (apiMetrics && config.api.metricsPort) {
      apiMetrics.readCases(homeward.db);
      (await serveMetrics(apiMetrics.registry, config.api.metricsPort, config.api.host)).unref();
    }
    if (role === 'worker' && config.worker.healthPort) {
      const probe = createServer((_request, response) => {
        const healthy = homeward.worker?.getState() === 'RUNNING';
        response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
        const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
        const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
        response.end(
          JSON.stringify({
            worker: homeward.worker?.getState() ?? 'absent',
            cachedWorkflows: homeward.worker?.getStatus().numCachedWorkflows ?? 0,
            // What an operator sizes the container by; the workflow sandbox's own heap is part of the RSS.
            memoryMiB: { rss: mib(rss), heapUsed: mib(heapUsed), heapTotal: mib(heapTotal), external: mib(external) },
          }),
        );
      });
      probe.listen(config.worker.healthPort);
      probe.unref();
    }
    say(`${role} ready`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: ${role} stopping, letting work in flight finish`);
      homeward.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  };
  run().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `Homeward ${role} did not start: ${(error as Error).stack}`}\n`,
    );
    process.exit(1);
  });
}

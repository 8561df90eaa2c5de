/**
 * The whole of Homeward in the test process, as `npm run dev` runs it, against the shared dev server: worker, API
 * listening on a real port, registry on PGlite in a temporary directory, partner simulator and mail catcher.
 */
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startHomeward, type Homeward } from '../../src/workers/start';
import { devServerAddress, testConfig, workflowBundlePath } from './stack';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface E2eStack {
  homeward: Homeward;
  config: Config;
  apiUrl: string;
  simulatorUrl: string;
  /** Every line Homeward's own logger wrote. */
  logLines: string[];
  stop(): Promise<void>;
}

export async function startE2eStack(environment: Record<string, string> = {}): Promise<E2eStack> {
  const [apiPort, simulatorPort, mailPort] = [await freePort(), await freePort(), await freePort()];
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const config = testConfig({
    TEMPORAL_ADDRESS: devServerAddress(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'homeward-e2e-')),
    API_PORT: String(apiPort),
    PUBLIC_BASE_URL: apiUrl,
    SIMULATOR_PORT: String(simulatorPort),
    MAIL_CATCHER_PORT: String(mailPort),
    RATE_LIMIT_MAX: '100000',
    POLICY_TIME_SCALE: '200000',
    ...environment,
  });
  const logLines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logLines.push(line) });
  const homeward = await startHomeward(config, logger, {
    embeddedTemporal: false,
    worker: true,
    api: true,
    devPartners: true,
    workflowBundlePath: workflowBundlePath(),
    say: (line) => void logLines.push(line),
  });
  const simulatorUrl = homeward.partners?.simulatorUrl;
  if (!simulatorUrl) throw new Error('the partner simulator did not start');
  return { homeward, config, apiUrl, simulatorUrl, logLines, stop: () => homeward.stop() };
}

/** The command line against a real API: the test stack listening on a port, and `homeward …` run in-process. */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { startTestStack, testKeys, type TestStack } from '../support/stack';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Standard output as bytes (an XLSX export). */
  bytes: Buffer;
}

export interface CliStack {
  stack: TestStack;
  api: string;
  dir: string;
  homeward(args: string[], key?: { key: string } | null, environment?: Record<string, string>): Promise<CliRun>;
  /** Cases the registry holds for an organisation. */
  casesOf(organisation: string): Promise<number>;
  /** Case workflows this stack's worker runs (its own task queue), as Temporal's visibility counts them. */
  workflows(): Promise<number>;
  stop(): Promise<void>;
}

export async function startCliStack(): Promise<CliStack> {
  const stack = await startTestStack({ RATE_LIMIT_MAX: '1000000' });
  await stack.app.listen({ host: '127.0.0.1', port: 0 });
  const api = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), 'homeward-cli-'));
  return {
    stack,
    api,
    dir,
    async homeward(args, key = testKeys.coordinator, environment = {}) {
      const out: Buffer[] = [];
      let stderr = '';
      const code = await main(
        args,
        { HOMEWARD_API_URL: api, LANG: 'C.UTF-8', ...(key ? { HOMEWARD_API_KEY: key.key } : {}), ...environment },
        {
          stdout: { isTTY: false, write: (text) => void out.push(Buffer.from(text)) },
          stderr: { isTTY: false, write: (text) => void (stderr += String(text)) },
        },
      );
      const bytes = Buffer.concat(out);
      return { code, stdout: bytes.toString('utf8'), stderr, bytes };
    },
    async casesOf(organisation) {
      const { rows } = await stack.db.query<{ count: string | number }>(
        'SELECT count(*) AS count FROM cases WHERE organisation_id = $1',
        [organisation],
      );
      return Number(rows[0]!.count);
    },
    async workflows() {
      const { count } = await stack.client.workflow.count(
        `TaskQueue = '${stack.config.temporal.taskQueue}' AND WorkflowType = 'reunificationCase'`,
      );
      return count;
    },
    async stop() {
      await stack.stop();
    },
  };
}

/** Waits until `read` answers `expected` (Temporal's visibility store catches up a moment after a start). */
export async function settlesAt(read: () => Promise<number>, expected: number, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

export const readJsonLines = <T>(text: string): T[] =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

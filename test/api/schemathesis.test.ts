/**
 * Schemathesis (the OpenAPI fuzzer, pinned and installed by scripts/test-prerequisites.sh) against the API on the dev
 * server, with every check, once without a key and once with a coordinator's. Any failure fails the suite; the checks
 * switched off, and why, are in schemathesis.toml beside this file.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cacheRoot } from '../../src/temporal/provision';
import { startTestStack, testKeys, type TestStack } from '../support/stack';

const version = /^schemathesis_version=(\S+)$/m.exec(
  readFileSync(join(__dirname, '../../scripts/test-prerequisites.sh'), 'utf8'),
)?.[1];
const st = join(cacheRoot(), `schemathesis-${version}`, 'bin', 'st');
/** Seconds per run: two runs stay within about two minutes on the suite's shared cores. */
const secondsPerRun = Number(process.env.HOMEWARD_SCHEMATHESIS_SECONDS ?? 50);

interface Run {
  code: number | null;
  output: string;
  requests: number;
}

function schemathesis(url: string, name: string, headers: string[]): Promise<Run> {
  const reports = mkdtempSync(join(tmpdir(), `homeward-schemathesis-${name}-`));
  const args = [
    '--config-file',
    join(__dirname, 'schemathesis.toml'),
    'run',
    `${url}/openapi.json`,
    '--checks',
    'all',
    '--max-time',
    String(secondsPerRun),
    '--workers',
    '1',
    '--seed',
    '20261201',
    '--report',
    'ndjson',
    '--report-dir',
    reports,
    '--no-color',
    ...headers.flatMap((header) => ['--header', header]),
  ];
  return new Promise((resolve, reject) => {
    // In the run's own directory: Schemathesis keeps its crash files under the working directory.
    const child = spawn(st, args, { cwd: reports, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, output, requests: requestsIn(reports) });
    });
  });
}

/** The requests a run sent: every finished scenario lists its interactions, one per request and response. */
function requestsIn(reports: string): number {
  let requests = 0;
  for (const file of readdirSync(reports).filter((name) => name.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(reports, file), 'utf8').split('\n')) {
      if (!line.startsWith('{"ScenarioFinished"')) continue;
      const event = JSON.parse(line) as { ScenarioFinished: { recorder: { interactions?: object } } };
      requests += Object.keys(event.ScenarioFinished.recorder.interactions ?? {}).length;
    }
  }
  return requests;
}

describe('Schemathesis against the API', () => {
  let stack: TestStack;
  let url: string;
  beforeAll(async () => {
    if (!version || !existsSync(st))
      throw new Error(`Schemathesis ${version} is not installed at ${st}: run bash scripts/test-prerequisites.sh`);
    stack = await startTestStack({
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_CONSENT_MAX: '1000000',
      RATE_LIMIT_LABS_MAX: '1000000',
      AUTH_FAILURE_MAX: '1000000',
    });
    await stack.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(stack.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each([
    ['without a key', []],
    ['with a coordinator key', [`Authorization: Bearer ${testKeys.coordinator.key}`]],
  ] as const)(
    'finds no failure %s',
    async (name, headers) => {
      const slug = name.replace(/\W+/g, '-');
      const run = await schemathesis(url, slug, [...headers]);
      // Kept whole where a person can read it: the failure below shows only its end.
      const log = join(__dirname, '../../.data/schemathesis', `${slug}.log`);
      mkdirSync(dirname(log), { recursive: true });
      writeFileSync(log, run.output);
      process.stderr.write(`schemathesis ${name}: ${run.requests} requests, exit ${run.code}; output in ${log}\n`);
      expect(run.requests).toBeGreaterThan(500);
      expect({ exit: run.code, output: run.code === 0 ? '' : run.output.slice(-20_000) }).toEqual({
        exit: 0,
        output: '',
      });
    },
    (secondsPerRun + 90) * 1000,
  );
});

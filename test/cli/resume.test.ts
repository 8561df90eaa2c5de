/**
 * An import killed with SIGKILL mid-run, as a crash or a closed laptop would stop it, then resumed: every row ends
 * in the result file once, and no case is started twice (the registry and Temporal both count one per row).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RowResult } from '../../src/cli/import/results';
import { testKeys } from '../support/stack';
import { generateList, writeList } from '../support/registry-list';
import { readJsonLines, settlesAt, startCliStack, type CliStack } from './cli-support';

const organisation = 'resume-desk';
const root = resolve(__dirname, '../..');

describe('an import killed mid-run and resumed', () => {
  let cli: CliStack;
  beforeAll(async () => {
    cli = await startCliStack();
  });
  afterAll(async () => {
    await cli?.stop();
  });

  it('finishes every row once and starts no case twice', async () => {
    const list = generateList({
      rows: 240,
      seed: 77,
      referencePrefix: 'RES',
      errorShare: 0.05,
      registryDuplicateShare: 0,
      familySlice: [1, 2],
    });
    const file = join(cli.dir, 'list.csv');
    await writeList(file, list.rows, { format: 'csv', delimiter: ';', bom: true });
    const resultFile = join(cli.dir, 'list.results.jsonl');

    const child = spawn(
      process.execPath,
      [join(root, 'bin/homeward.js'), 'import', file, '--organisation', organisation, '--result', resultFile],
      {
        cwd: root,
        env: { ...process.env, HOMEWARD_API_URL: cli.api, HOMEWARD_API_KEY: testKeys.coordinator.key },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.once('exit', (_code, signal) => done(signal)));
    const linesWritten = () => (existsSync(resultFile) ? readFileSync(resultFile, 'utf8').split('\n').length - 1 : 0);
    const deadline = Date.now() + 60_000;
    while (linesWritten() < 60 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = linesWritten();
    expect({ before, output }).toEqual({ before: expect.any(Number), output: expect.not.stringMatching(/rows: /) });
    expect(before).toBeGreaterThanOrEqual(60);
    expect(before).toBeLessThan(list.expected.rows);

    const resumed = await cli.homeward([
      'import',
      file,
      '--organisation',
      organisation,
      '--result',
      resultFile,
      '--resume',
    ]);
    expect(resumed.stdout).toMatch(/resuming: \d+ rows were finished by an earlier run/);
    const { registered, duplicates, invalid, rows } = list.expected;
    // The totals cover both runs: rows in flight at the kill were registered by the first and found again by the second.
    expect(resumed.stdout).toMatch(
      new RegExp(
        `${rows} rows: ${registered} registered \\(\\d+ new, \\d+ already registered\\), ${duplicates} set aside as likely duplicates, ${invalid} invalid, 0 failed`,
      ),
    );
    const results = readJsonLines<RowResult>(readFileSync(resultFile, 'utf8'));
    expect(results.map((result) => result.row).sort((a, b) => a - b)).toEqual(list.rows.map((_, index) => index + 2));
    const caseNumbers = results.flatMap((result) => (result.caseNumber ? [result.caseNumber] : []));
    expect(new Set(caseNumbers).size).toBe(registered);
    expect(await cli.casesOf(organisation)).toBe(registered);
    expect(await settlesAt(() => cli.workflows(), registered)).toBe(registered);
  });
});

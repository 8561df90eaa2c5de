/**
 * `homeward import` of a generated registry list against the API: a dry run that finds every injected error by row
 * and column and registers nothing; a real run whose counts are the generator's, with each duplicate set aside with
 * its candidates; a second run (and the same list as XLSX) that registers nothing new.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RowResult } from '../../src/cli/import/results';
import { testKeys } from '../support/stack';
import { asRegistration, generateList, writeList, type GeneratedList } from '../support/registry-list';
import { readJsonLines, settlesAt, startCliStack, type CliStack } from './cli-support';

const organisation = 'ua-registry';

describe('homeward import', () => {
  let cli: CliStack;
  let list: GeneratedList;
  let csv: string;
  const earlierCases = new Map<string, string>();

  beforeAll(async () => {
    cli = await startCliStack();
    list = generateList({ rows: 300, seed: 2026, referencePrefix: 'UA-CW', familySlice: [0, 2] });
    csv = join(cli.dir, 'children.csv');
    await writeList(csv, list.rows, { format: 'csv', delimiter: ',' });
    for (const child of list.alreadyRegistered) {
      const answer = await cli.stack.app.inject({
        method: 'POST',
        url: '/cases',
        headers: { authorization: `Bearer ${testKeys.coordinator.key}` },
        payload: asRegistration(child, 'earlier-desk'),
      });
      expect(answer.statusCode).toBe(201);
      earlierCases.set(child.reference, answer.json<{ caseNumber: string }>().caseNumber);
    }
  });
  afterAll(async () => {
    await cli?.stop();
  });

  it('checks every row in a dry run, names each problem by row and column, and registers nothing', async () => {
    const semicolons = join(cli.dir, 'children-1251.csv');
    await writeList(semicolons, list.rows, { format: 'csv', delimiter: ';', encoding: 'windows-1251' });
    const run = await cli.homeward(['import', semicolons, '--dry-run', '--organisation', organisation]);
    expect(run.stderr).not.toMatch(/homeward:/);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/CSV, windows-1251, delimiter ";"/);
    expect(run.stdout).toContain(
      `${list.expected.rows} rows checked: ${list.expected.rows - list.expected.invalid} valid, ${list.expected.invalid} with problems; nothing was registered`,
    );
    const problemRows = new Set([...run.stdout.matchAll(/^row (\d+), column /gm)].map((match) => Number(match[1])));
    const injected = list.kinds.flatMap((kind, index) =>
      !['clean', 'in-file-duplicate', 'registry-duplicate'].includes(kind) ? [index + 2] : [],
    );
    expect([...problemRows].sort((a, b) => a - b)).toEqual(injected);
    const rowOf = (kind: string) => list.kinds.indexOf(kind as never) + 2;
    expect(run.stdout).toContain(`row ${rowOf('bad-date')}, column birth_date: not a date`);
    expect(run.stdout).toMatch(
      new RegExp(`row ${rowOf('impossible-date')}, column birth_date: not a real calendar date`),
    );
    expect(run.stdout).toMatch(new RegExp(`row ${rowOf('bad-country')}, column origin_country: `));
    expect(run.stdout).toMatch(
      new RegExp(`row ${rowOf('no-contact')}, column claimant_email: give an email or a phone`),
    );
    expect(run.stdout).toMatch(new RegExp(`row ${rowOf('bad-relationship')}, column relationship: `));
    expect(run.stdout).toMatch(new RegExp(`row ${rowOf('no-reference')}, column reference: empty`));
    expect(run.stdout).toMatch(new RegExp(`row ${rowOf('bad-age')}, column estimated_age: not an age`));
    // Row and column numbers only: nothing of what the rows say.
    for (const row of list.rows.slice(0, 50)) expect(run.stdout).not.toContain(row.family_name);
    expect(await cli.casesOf(organisation)).toBe(0);
  });

  it('registers every valid row once, sets duplicates aside with their candidates, and writes every row to the result file', async () => {
    const run = await cli.homeward(['import', csv, '--organisation', organisation, '--concurrency', '8']);
    expect(run.stderr).not.toMatch(/homeward:/);
    const { registered, duplicates, invalid, rows } = list.expected;
    expect(run.stdout).toContain(
      `${rows} rows: ${registered} registered (${registered} new, 0 already registered), ${duplicates} set aside as likely duplicates, ${invalid} invalid, 0 failed`,
    );
    expect(run.code).toBe(1);
    const results = readJsonLines<RowResult>(readFileSync(`${csv}.results.jsonl`, 'utf8'));
    expect(results).toHaveLength(rows);
    expect(new Set(results.map((result) => result.row)).size).toBe(rows);
    const byRow = new Map(results.map((result) => [result.row, result]));
    list.kinds.forEach((kind, index) => {
      const result = byRow.get(index + 2)!;
      if (kind === 'clean')
        expect({ row: index + 2, status: result.status }).toEqual({ row: index + 2, status: 'registered' });
      else if (kind === 'in-file-duplicate') {
        expect({ row: index + 2, status: result.status }).toEqual({ row: index + 2, status: 'duplicate' });
        // The candidate is a case this file registered, named with its row.
        expect(result.candidates?.some((candidate) => candidate.row !== undefined && candidate.row < index + 2)).toBe(
          true,
        );
      } else if (kind === 'registry-duplicate') {
        expect({ row: index + 2, status: result.status }).toEqual({ row: index + 2, status: 'duplicate' });
        expect(result.candidates?.map((candidate) => candidate.caseNumber)).toContain(
          earlierCases.get(
            list.alreadyRegistered.find((child) => child.reference.endsWith(`-EARLIER-${index}`))!.reference,
          ),
        );
      } else expect({ row: index + 2, status: result.status }).toEqual({ row: index + 2, status: 'invalid' });
    });
    expect(await cli.casesOf(organisation)).toBe(registered);
    expect(await settlesAt(() => cli.workflows(), registered + list.alreadyRegistered.length)).toBe(
      registered + list.alreadyRegistered.length,
    );
  });

  it('registers nothing new when the same list is imported again, as CSV or as XLSX', async () => {
    const { registered, duplicates, invalid, rows } = list.expected;
    const again = await cli.homeward(['import', csv, '--organisation', organisation]);
    expect(again.stdout).toContain(
      `${rows} rows: ${registered} registered (0 new, ${registered} already registered), ${duplicates} set aside as likely duplicates, ${invalid} invalid, 0 failed`,
    );
    const xlsx = join(cli.dir, 'children.xlsx');
    await writeList(xlsx, list.rows, { format: 'xlsx' });
    const fromXlsx = await cli.homeward([
      'import',
      xlsx,
      '--organisation',
      organisation,
      '--result',
      join(cli.dir, 'x.csv'),
    ]);
    expect(fromXlsx.stderr).not.toMatch(/homeward:/);
    expect(fromXlsx.stdout).toContain(`(XLSX, OOXML)`);
    expect(fromXlsx.stdout).toContain(
      `${rows} rows: ${registered} registered (0 new, ${registered} already registered)`,
    );
    expect(readFileSync(join(cli.dir, 'x.csv'), 'utf8').trim().split('\r\n')).toHaveLength(rows + 1);
    expect(await cli.casesOf(organisation)).toBe(registered);
    expect(await settlesAt(() => cli.workflows(), registered + list.alreadyRegistered.length)).toBe(
      registered + list.alreadyRegistered.length,
    );
  });

  it('answers a key that may not register with exit code 3, and a missing file with 2', async () => {
    const refused = await cli.homeward(['import', csv, '--organisation', 'another-desk'], testKeys.operator);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/refused the key \(403\)/);
    expect(await cli.casesOf('another-desk')).toBe(0);
    const missing = await cli.homeward(['import', join(cli.dir, 'nowhere.csv'), '--organisation', organisation]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read/);
  });
});

/**
 * Exports and the desk's other commands against the API: the case list in CSV, XLSX and JSON with personal columns
 * only for roles that may see them, formula injection neutralised; the weekly figures; a case's audit trail, checked
 * by `homeward audit verify`; `cases list`, `cases show` and `dashboard`; messages in Ukrainian and Russian.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { caseColumns, personalColumns } from '../../src/exports/case-table';
import { registration } from '../support/fixtures';
import { testKeys } from '../support/stack';
import { startCliStack, type CliStack } from './cli-support';

type OpenApi = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

describe('exports and the desk commands', () => {
  let cli: CliStack;
  const caseNumbers: string[] = [];
  beforeAll(async () => {
    cli = await startCliStack();
    for (const [index, overrides] of [
      { organisation: { id: 'export-desk', reference: '-FILE-1' } },
      { organisation: { id: 'export-desk', reference: 'FILE-2' } },
      { organisation: { id: 'export-desk', reference: 'FILE-3' } },
    ].entries()) {
      const body = registration(overrides);
      if (index === 0) body.child.currentLocation.facility = '=HYPERLINK("http://evil.example","open me")';
      const answer = await cli.stack.app.inject({
        method: 'POST',
        url: '/cases',
        headers: { authorization: `Bearer ${testKeys.coordinator.key}` },
        payload: body,
      });
      expect(answer.statusCode).toBe(201);
      caseNumbers.push(answer.json<{ caseNumber: string }>().caseNumber);
    }
  });
  afterAll(async () => {
    await cli?.stop();
  });

  it('exports the case list as CSV with personal columns for a coordinator, none for an operator, formulas neutralised', async () => {
    const coordinator = await cli.homeward(['export', 'cases', '--format', 'csv']);
    expect(coordinator.code).toBe(0);
    const rows = parse(coordinator.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.case_number)).toEqual(caseNumbers);
    const first = rows[0]!;
    expect(Object.keys(first)).toEqual([...caseColumns, ...personalColumns]);
    expect(first.organisation_reference).toBe("'-FILE-1");
    expect(first.facility).toBe(`'=HYPERLINK("http://evil.example","open me")`);
    expect(first.child_names).toContain('Zlata Kovalenko');
    expect(first.claimants).toMatch(/\(mother, guardian, UA\)/);
    expect(coordinator.stdout).not.toContain('oksana.kovalenko@example.org');

    const operator = await cli.homeward(['export', 'cases', '--format', 'csv'], testKeys.operator);
    const header = operator.stdout
      .split('\r\n')[0]!
      .replace(/^\ufeff/, '')
      .split(',');
    expect(header).toEqual([...caseColumns]);
    expect(operator.stdout).not.toMatch(/Zlata|Злата|Kovalenko|HYPERLINK/);
  });

  it('exports the case list as XLSX and JSON, streamed to a file', async () => {
    const file = join(cli.dir, 'cases.xlsx');
    const run = await cli.homeward(['export', 'cases', '--format', 'xlsx', '--output', file]);
    expect(run.code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('cases')!;
    expect(sheet.rowCount).toBe(1 + caseNumbers.length);
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const facility = sheet.getRow(2).getCell(header.indexOf('facility') + 1).value;
    expect(facility).toBe(`'=HYPERLINK("http://evil.example","open me")`);
    expect(sheet.getRow(2).getCell(1).value).toBe(caseNumbers[0]);

    const json = await cli.homeward(['export', 'cases', '--format', 'json'], testKeys.operator);
    const { cases } = JSON.parse(json.stdout) as { cases: Array<Record<string, unknown>> };
    expect(cases.map((entry) => entry.case_number)).toEqual(caseNumbers);
    expect(cases[0]).not.toHaveProperty('child_names');
    expect(cases[0]).toMatchObject({ organisation_reference: '-FILE-1', current_country: 'RU' });
  });

  it('exports the weekly figures as CSV to anyone, small counts suppressed', async () => {
    const run = await cli.homeward(['export', 'weekly'], null);
    expect(run.code).toBe(0);
    const rows = parse(run.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    const totals = rows.filter((row) => row.from === 'all');
    expect(totals).toHaveLength(12);
    expect(totals.at(-1)!.registered).toBe('<5');
    const refused = await cli.stack.app.inject({ method: 'GET', url: '/exports/weekly?from=2026-W10&to=2026-W01' });
    expect(refused.statusCode).toBe(422);
    expect((await cli.stack.app.inject({ method: 'GET', url: '/exports/weekly?to=2025-W53' })).statusCode).toBe(404);
  });

  it("exports a case's audit trail as CSV and JSON, and verify tells an intact trail from a tampered one", async () => {
    const [caseNumber] = caseNumbers as [string];
    const csv = await cli.homeward(['export', 'audit', caseNumber, '--format', 'csv'], testKeys.operator);
    expect(csv.code).toBe(0);
    const entries = parse(csv.stdout, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ position: '0', stage: 'registered' });

    const file = join(cli.dir, 'audit.json');
    expect((await cli.homeward(['export', 'audit', caseNumber, '--format', 'json', '-o', file])).code).toBe(0);
    const intact = await cli.homeward(['audit', 'verify', file]);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(new RegExp(`^intact: case ${caseNumber}`));
    const online = await cli.homeward(['audit', 'verify', caseNumber]);
    expect(online.stdout).toMatch(/the head matches the one the registry gives/);
    const trail = JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<{ event: { type: string } }> };
    trail.entries[0]!.event.type = 'something-else';
    writeFileSync(file, JSON.stringify(trail));
    const tampered = await cli.homeward(['audit', 'verify', file], null);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^TAMPERED/);
    const missing = await cli.homeward(['export', 'audit', 'HW-2020-000001-U']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404/);
  });

  it('lists and shows cases, prints the dashboard, and speaks Ukrainian and Russian', async () => {
    const list = await cli.homeward(['cases', 'list', '--all', '--page-size', '100', '--json']);
    expect(list.code).toBe(0);
    const listed = (JSON.parse(list.stdout) as { cases: Array<{ caseNumber: string }> }).cases.map(
      (entry) => entry.caseNumber,
    );
    expect(listed).toEqual(expect.arrayContaining(caseNumbers));
    const table = await cli.homeward(['cases', 'list', '--stage', 'identification', '--current-country', 'ru']);
    expect(table.code).toBe(0);
    const shown = await cli.homeward(['cases', 'show', caseNumbers[1]!]);
    expect(shown.stdout).toMatch(new RegExp(`^${caseNumbers[1]}  \\w+`));
    expect(shown.stdout).toContain('child: ');
    const forOperator = await cli.homeward(['cases', 'show', caseNumbers[1]!], testKeys.operator);
    expect(forOperator.stdout).not.toContain('child: ');
    const dashboard = await cli.homeward(['dashboard'], null);
    expect(dashboard.stdout).toMatch(/^Week \d{4}-W\d{2} /);

    const ukrainian = await cli.homeward(['cases', 'show', 'HW-2020-000001-U', '--lang', 'uk']);
    expect(ukrainian.code).toBe(1);
    expect(ukrainian.stderr).toMatch(/API відповів 404/);
    const russian = await cli.homeward(['cases', 'list', '--stage', 'nowhere'], testKeys.coordinator, {
      LANG: 'ru_RU.UTF-8',
    });
    expect(russian.code).toBe(2);
    expect(russian.stderr).toMatch(/--stage должен быть одним из/);
    const help = await cli.homeward(['export', '--help'], null, { LANG: 'uk_UA.UTF-8' });
    expect(help.stdout).toMatch(/Коди виходу: 0 гаразд/);
    const unreachable = await cli.homeward(['cases', 'list', '--api', 'http://127.0.0.1:1']);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(/cannot reach the Homeward API/);
    expect((await cli.homeward(['cases', 'list'], { key: 'not-a-key-at-all' })).code).toBe(3);
  });

  it('documents every export route with the statuses it answers', async () => {
    const document = (await cli.stack.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApi>();
    const statuses = (path: string) => Object.keys(document.paths[path]!.get!.responses).sort();
    expect(statuses('/exports/cases')).toEqual(['200', '400', '401', '403', '422', '429', '431']);
    expect(statuses('/exports/weekly')).toEqual(['200', '400', '401', '404', '422', '429', '431']);
    expect(statuses('/exports/cases/{caseNumber}/audit')).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '414',
      '422',
      '429',
      '431',
    ]);
    const bad = await cli.stack.app.inject({
      method: 'GET',
      url: '/exports/cases?format=pdf',
      headers: { authorization: `Bearer ${testKeys.coordinator.key}` },
    });
    expect(bad.statusCode).toBe(400);
  });
});

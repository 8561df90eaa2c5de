/**
 * Files that are broken or made to hurt: a malformed CSV, an XLSX zip bomb (one that says how big it is, and one
 * that lies about it), a huge cell, a wrong encoding. Each gets a clear error; rows read before the damage are
 * registered and recorded, nothing is half-done, and a resumed run after the file is fixed finishes it.
 */
import { deflateRawSync, crc32 } from 'node:zlib';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import type { RowResult } from '../../src/cli/import/results';
import { generateList, registryHeader, writeList, type ListRow } from '../support/registry-list';
import { readJsonLines, startCliStack, type CliStack } from './cli-support';

/** A zip archive written by hand, so a test can declare sizes that are not true. */
function zipOf(entries: Array<{ name: string; data: Buffer; declaredSize?: number }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const packed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const csvOf = (rows: ListRow[], delimiter = ',') =>
  [
    registryHeader.join(delimiter),
    ...rows.map((row) => registryHeader.map((column) => row[column]).join(delimiter)),
  ].join('\n') + '\n';

describe('hostile and broken files', () => {
  let cli: CliStack;
  const clean = generateList({
    rows: 40,
    seed: 5150,
    errorShare: 0,
    duplicateShare: 0,
    registryDuplicateShare: 0,
    referencePrefix: 'HOST',
  });
  const rows = clean.rows.map((row) => ({
    ...row,
    facility: row.facility.replace(/,/g, ''),
    origin_locality: row.origin_locality.replace(/,/g, ''),
  }));
  beforeAll(async () => {
    cli = await startCliStack();
  });
  afterAll(async () => {
    await cli?.stop();
  });

  it('stops at a quote that is never closed, keeps every row before it, and finishes once the file is fixed', async () => {
    const file = join(cli.dir, 'malformed.csv');
    const broken = rows.slice(0, 20).map((row, index) => (index === 10 ? { ...row, facility: '"Camp Sokol' } : row));
    writeFileSync(file, csvOf(broken));
    const first = await cli.homeward(['import', file, '--organisation', 'hostile-desk']);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(
      /the file stops being readable after row \d+: (a quoted cell that starts in row 12 is never closed|row 12 is larger)/,
    );
    const recorded = readJsonLines<RowResult>(readFileSync(`${file}.results.jsonl`, 'utf8'));
    expect(recorded.map((result) => result.status)).toEqual(Array(10).fill('registered'));
    expect(await cli.casesOf('hostile-desk')).toBe(10);

    writeFileSync(file, csvOf(rows.slice(0, 20)));
    const fixed = await cli.homeward(['import', file, '--organisation', 'hostile-desk', '--resume']);
    expect(fixed.stdout).toContain('20 rows: 20 registered (20 new, 0 already registered)');
    expect(fixed.code).toBe(0);
    expect(await cli.casesOf('hostile-desk')).toBe(20);
  });

  it('refuses an XLSX zip bomb before parsing it, whether it declares its size or lies about it', async () => {
    const sheet = Buffer.from(
      `<?xml version="1.0"?><worksheet><sheetData>${' '.repeat(40 * 1024 * 1024)}</sheetData></worksheet>`,
    );
    const honest = join(cli.dir, 'bomb.xlsx');
    writeFileSync(
      honest,
      zipOf([
        { name: '[Content_Types].xml', data: Buffer.from('<Types/>') },
        { name: 'xl/worksheets/sheet1.xml', data: sheet },
      ]),
    );
    const refused = await cli.homeward(['import', honest, '--organisation', 'bomb-desk']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/refused as a likely zip bomb/);

    const liar = join(cli.dir, 'liar.xlsx');
    writeFileSync(liar, zipOf([{ name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: 2048 }]));
    const caught = await cli.homeward(['import', liar, '--organisation', 'bomb-desk']);
    expect(caught.code).toBe(2);
    expect(caught.stderr).toMatch(/the XLSX cannot be unpacked: too many bytes/);
    expect(await cli.casesOf('bomb-desk')).toBe(0);
  });

  it('stops at a huge CSV cell with the row named, and takes a huge XLSX cell as one invalid row', async () => {
    const file = join(cli.dir, 'huge.csv');
    const huge = rows
      .slice(20, 30)
      .map((row, index) => (index === 5 ? { ...row, facility: 'x'.repeat(200_000) } : row));
    writeFileSync(file, csvOf(huge));
    const run = await cli.homeward(['import', file, '--organisation', 'huge-desk']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/row 7 is larger than 64 KiB/);
    expect(await cli.casesOf('huge-desk')).toBe(5);

    const xlsx = join(cli.dir, 'huge.xlsx');
    const workbook = new ExcelJS.Workbook();
    const worksheet = workbook.addWorksheet('list');
    worksheet.addRow([...registryHeader]);
    for (const [index, row] of rows.slice(30, 36).entries())
      worksheet.addRow(
        registryHeader.map((column) => (index === 2 && column === 'given_name' ? 'Я'.repeat(300_000) : row[column])),
      );
    await workbook.xlsx.writeFile(xlsx);
    const fromXlsx = await cli.homeward(['import', xlsx, '--organisation', 'huge-desk-xlsx']);
    expect(fromXlsx.stdout).toContain(
      '6 rows: 5 registered (5 new, 0 already registered), 0 set aside as likely duplicates, 1 invalid',
    );
    expect(fromXlsx.stdout).not.toContain('ЯЯЯ');
  });

  it('refuses text in an encoding it cannot tell apart, and a binary file, registering nothing', async () => {
    const koi8 = join(cli.dir, 'koi8.csv');
    writeFileSync(koi8, iconv.encode(csvOf(rows.slice(0, 10)), 'koi8-r'));
    const wrong = await cli.homeward(['import', koi8, '--organisation', 'encoding-desk']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/neither UTF-8 nor Windows-1251/);
    const cp866 = join(cli.dir, 'cp866.csv');
    writeFileSync(cp866, iconv.encode(csvOf(rows.slice(0, 10)), 'cp866'));
    expect((await cli.homeward(['import', cp866, '--organisation', 'encoding-desk'])).stderr).toMatch(
      /neither UTF-8 nor Windows-1251/,
    );
    const binary = join(cli.dir, 'photo.csv');
    writeFileSync(binary, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]));
    const notText = await cli.homeward(['import', binary, '--organisation', 'encoding-desk']);
    expect(notText.code).toBe(2);
    expect(notText.stderr).toMatch(/not text/);
    expect(await cli.casesOf('encoding-desk')).toBe(0);
  });

  it('reads Windows-1251 and UTF-16 tab-separated text as a spreadsheet saves it', async () => {
    const file = join(cli.dir, 'unicode.txt');
    writeFileSync(
      file,
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csvOf(rows.slice(36, 40), '\t'), 'utf-16le')]),
    );
    const run = await cli.homeward(['import', file, '--organisation', 'utf16-desk', '--dry-run']);
    expect(run.stdout).toContain('(CSV, utf-16le, delimiter "\\t")');
    expect(run.stdout).toContain('4 rows checked: 4 valid, 0 with problems');
    const cp1251 = join(cli.dir, '1251.csv');
    await writeList(cp1251, rows.slice(0, 4), { format: 'csv', delimiter: '|', encoding: 'windows-1251' });
    const fromCp1251 = await cli.homeward(['import', cp1251, '--organisation', 'utf16-desk', '--dry-run']);
    expect(fromCp1251.stdout).toContain('(CSV, windows-1251, delimiter "|")');
    expect(fromCp1251.stdout).toContain('4 rows checked: 4 valid, 0 with problems');
  });
});

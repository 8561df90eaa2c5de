/**
 * Streams of rows as CSV, JSON or XLSX: each row is written as it comes, so an export never holds the whole list.
 * Spreadsheet cells are neutralised against formula injection (src/exports/cells.ts); JSON is data, kept as it is.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, neutralised } from './cells';

type Cell = string | number | boolean | null | undefined;
type Row = Partial<Record<string, Cell>>;

export const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
export type ExportFormat = keyof typeof contentTypes;

/** CSV with a BOM, so a spreadsheet opens Cyrillic names as UTF-8. */
export function csvStream(columns: readonly string[], rows: AsyncIterable<Row>): Readable {
  return Readable.from(
    (async function* () {
      yield `\ufeff${csvLine([...columns])}`;
      for await (const row of rows) yield csvLine(columns.map((column) => row[column]));
    })(),
  );
}

/** `{ "<key>": [ … ] }`, one element per row. */
export function jsonStream(key: string, rows: AsyncIterable<unknown>, extra: Record<string, unknown> = {}): Readable {
  return Readable.from(
    (async function* () {
      const head = JSON.stringify({ ...extra, [key]: [] });
      yield head.slice(0, -2);
      let first = true;
      for await (const row of rows) {
        yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
        first = false;
      }
      yield '\n]}\n';
    })(),
  );
}

/** One worksheet, written row by row through ExcelJS's streaming writer. */
export function xlsxStream(sheet: string, columns: readonly string[], rows: AsyncIterable<Row>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet(sheet);
  void (async () => {
    worksheet.addRow([...columns]).commit();
    for await (const row of rows) {
      worksheet
        .addRow(
          columns.map((column) => {
            const value = row[column];
            return typeof value === 'string' ? neutralised(value) : (value ?? null);
          }),
        )
        .commit();
    }
    worksheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error as Error));
  return output;
}

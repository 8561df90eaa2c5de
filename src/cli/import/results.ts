/**
 * The result file of an import: one line per row with its case number, its problems or its duplicate candidates,
 * written the moment the row is finished (a crash loses only rows still in flight, which a resumed run repeats
 * safely). JSON lines, or CSV for a spreadsheet, chosen by the file's extension.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { csvLine } from '../../exports/cells';
import type { RowProblem } from './mapping';

export type RowStatus = 'registered' | 'existing' | 'duplicate' | 'invalid' | 'failed';

export interface Candidate {
  caseNumber: string;
  /** The row of this file the candidate was registered from, when it was. */
  row?: number;
  nameSimilarity?: number;
  birthDate?: string;
}

export interface RowResult {
  row: number;
  reference?: string;
  status: RowStatus;
  caseNumber?: string;
  candidates?: Candidate[];
  errors?: Array<Pick<RowProblem, 'column' | 'field' | 'message'>>;
}

const csvHeader = ['row', 'reference', 'status', 'case_number', 'candidates', 'errors'];

const isCsv = (file: string) => /\.csv$/i.test(file);

function toCsv(result: RowResult): string {
  return csvLine([
    String(result.row),
    result.reference ?? '',
    result.status,
    result.caseNumber ?? '',
    (result.candidates ?? [])
      .map((candidate) => `${candidate.caseNumber}${candidate.row ? ` (row ${candidate.row})` : ''}`)
      .join('; '),
    (result.errors ?? []).map((error) => `${error.column}: ${error.message}`).join('; '),
  ]);
}

function fromCsv(cells: string[]): RowResult | undefined {
  const [row, reference, status, caseNumber, candidates, errors] = cells;
  const number = Number(row);
  if (!Number.isInteger(number) || !status) return undefined;
  const unquote = (text: string | undefined) => (text?.startsWith("'") ? text.slice(1) : text);
  return {
    row: number,
    ...(reference ? { reference: unquote(reference) } : {}),
    status: status as RowStatus,
    ...(caseNumber ? { caseNumber } : {}),
    ...(candidates
      ? {
          candidates: candidates.split('; ').map((text) => {
            const match = /^(\S+)(?: \(row (\d+)\))?$/.exec(text);
            return { caseNumber: match?.[1] ?? text, ...(match?.[2] ? { row: Number(match[2]) } : {}) };
          }),
        }
      : {}),
    ...(errors ? { errors: [{ column: '', field: '', message: unquote(errors)! }] } : {}),
  };
}

export interface ResultWriter {
  write(result: RowResult): void;
  close(): void;
}

export function openResults(file: string, append: boolean): ResultWriter {
  const fresh = !append || !existsSync(file) || readFileSync(file).length === 0;
  const fd = openSync(file, fresh ? 'w' : 'a');
  if (fresh && isCsv(file)) writeSync(fd, `\ufeff${csvLine(csvHeader)}`);
  return {
    write(result) {
      writeSync(fd, isCsv(file) ? toCsv(result) : `${JSON.stringify(result)}\n`);
    },
    close() {
      closeSync(fd);
    },
  };
}

/**
 * What an earlier run finished, for a resumed one. A line cut short by a crash is removed from the file: that row
 * was in flight and is done again (its registration is idempotent by the organisation reference).
 */
export function readEarlierResults(file: string): RowResult[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const complete = text.lastIndexOf('\n') + 1;
  if (complete < Buffer.byteLength(text)) {
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, Buffer.byteLength(text.slice(0, complete)));
    closeSync(fd);
  }
  const body = text.slice(0, complete);
  if (isCsv(file)) {
    const records = parse(body, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
    return records
      .slice(1)
      .map(fromCsv)
      .filter((result) => result !== undefined);
  }
  return body
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as RowResult];
      } catch {
        return [];
      }
    });
}

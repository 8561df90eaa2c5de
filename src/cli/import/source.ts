/**
 * Rows of a registry's list, read as a stream: CSV in any of the usual delimiters, in UTF-8 (with or without a BOM),
 * UTF-16 or Windows-1251, each detected; or XLSX, checked for zip bombs before it is parsed. Rows are numbered as a
 * spreadsheet shows them: the header is row 1.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import iconv from 'iconv-lite';
import { xlsxRows } from './xlsx';
import { checkZip } from './zip-guard';

export const encodings = ['utf-8', 'windows-1251', 'utf-16le', 'utf-16be'] as const;
export type Encoding = (typeof encodings)[number];

/** A file that cannot be read as a list at all: the message says why, in English (the schema's language). */
export class UnreadableFile extends Error {}

export interface SourceRow {
  row: number;
  cells: string[];
}

export interface Source {
  format: 'csv' | 'xlsx';
  encoding: Encoding | 'xlsx';
  delimiter?: string;
  header: string[];
  rows: AsyncIterable<SourceRow>;
  /** How much of the file has been read, 0 to 1. */
  fraction(): number;
}

/** The longest CSV record taken: a registration row is a few KiB; anything far past it is a broken or hostile file. */
export const MAX_RECORD_BYTES = 64 * 1024;
const SAMPLE_BYTES = 64 * 1024;

function sampleOf(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const read = readSync(fd, buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

// Windows-1251 bytes 0x80–0xBF that Ukrainian and Russian text uses (Ґ Є І Ї Ё, №, quotes, dashes, no-break space).
const usual1251 = new Set([
  0x84, 0x85, 0x93, 0x94, 0x96, 0x97, 0xa0, 0xa5, 0xa8, 0xaa, 0xab, 0xaf, 0xb2, 0xb3, 0xb4, 0xb8, 0xb9, 0xba, 0xbb,
  0xbf,
]);

/** The text encoding of a CSV file, from its first bytes: a BOM, valid UTF-8, or plausible Windows-1251. */
export function detectEncoding(sample: Buffer): Encoding {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  if (sample.includes(0))
    throw new UnreadableFile('the file is not text (it holds NUL bytes): save the list as CSV or XLSX');
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    // Not UTF-8: Windows-1251 if it reads as Ukrainian or Russian text.
  }
  const high = [...sample].filter((byte) => byte >= 0x80);
  const odd = high.filter((byte) => byte < 0xc0 && !usual1251.has(byte)).length;
  const text = iconv.decode(sample, 'windows-1251');
  const words = text.match(/[\u0400-\u04ff]{3,}/g) ?? [];
  // KOI8-R read as Windows-1251 swaps the case of every letter: "пЕТРЕНКО" instead of "Петренко".
  const swapped = words.filter((word) => /^[\u0430-\u045f][\u0400-\u042f]/.test(word)).length;
  if (odd > high.length * 0.05 || (words.length >= 5 && swapped > words.length * 0.3)) {
    throw new UnreadableFile(
      'the file is neither UTF-8 nor Windows-1251 text (KOI8-R or CP866?): save it as UTF-8 CSV, or as XLSX',
    );
  }
  return 'windows-1251';
}

const delimiters = [',', ';', '\t', '|'];

/** The delimiter that splits the first lines into the same number of cells most consistently (quotes respected). */
export function detectDelimiter(text: string): string {
  const lines: string[] = [];
  let current = '';
  let quoted = false;
  for (const character of text) {
    if (character === '"') quoted = !quoted;
    if (!quoted && (character === '\n' || character === '\r')) {
      if (current.trim()) lines.push(current);
      current = '';
      if (lines.length >= 20) break;
      continue;
    }
    current += character;
  }
  if (lines.length < 20 && current.trim() && !quoted) lines.push(current);
  const countIn = (line: string, delimiter: string) => {
    let count = 0;
    let inQuotes = false;
    for (const character of line) {
      if (character === '"') inQuotes = !inQuotes;
      else if (!inQuotes && character === delimiter) count += 1;
    }
    return count;
  };
  let best = { delimiter: ',', score: -1 };
  for (const delimiter of delimiters) {
    const counts = lines.map((line) => countIn(line, delimiter));
    const header = counts[0] ?? 0;
    if (header === 0) continue;
    const agreeing = counts.filter((count) => count === header).length;
    const score = (agreeing / counts.length) * 1000 + header;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

function counted(file: string): { stream: Readable; fraction: () => number } {
  const size = Math.max(1, statSync(file).size);
  let read = 0;
  const stream = createReadStream(file, { highWaterMark: 64 * 1024 });
  stream.on('data', (chunk) => (read += chunk.length));
  return { stream, fraction: () => Math.min(1, read / size) };
}

export interface SourceOptions {
  encoding?: Encoding;
  delimiter?: string;
  sheet?: string;
}

export async function openSource(file: string, options: SourceOptions = {}): Promise<Source> {
  const sample = sampleOf(file);
  if (sample.length === 0) throw new UnreadableFile('the file is empty');
  if (sample.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return openXlsx(file, options);
  if (/\.xlsx$/i.test(file)) throw new UnreadableFile('the file is named .xlsx but is not a zip archive: is it a CSV?');
  return openCsv(file, sample, options);
}

async function openCsv(file: string, sample: Buffer, options: SourceOptions): Promise<Source> {
  const encoding = options.encoding ?? detectEncoding(sample);
  const delimiter = options.delimiter ?? detectDelimiter(iconv.decode(sample, encoding));
  const { stream, fraction } = counted(file);
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    trim: false,
  });
  const decoded = encoding === 'utf-8' ? stream : stream.pipe(iconv.decodeStream(encoding));
  stream.on('error', (error) => parser.destroy(error));
  decoded.pipe(parser);
  const records = recordsOf(parser);
  const first = await nextRecord(records, 1);
  if (first.done) throw new UnreadableFile('the file has no header row');
  const header = first.value.map((cell) => cell.replace(/^\ufeff/, '').trim());
  return {
    format: 'csv',
    encoding,
    delimiter,
    header,
    fraction,
    rows: (async function* () {
      for (let row = 2; ; row += 1) {
        const next = await nextRecord(records, row);
        if (next.done) return;
        yield { row, cells: next.value };
      }
    })(),
  };
}

/**
 * The parser's records in order, then its error if it fails: a stream's own iterator drops the records it had
 * parsed in the chunk where the error was found, and those rows are fine. At most a thousand wait in the queue.
 */
function recordsOf(parser: Parser): AsyncIterator<string[]> {
  const queue: string[][] = [];
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  parser.on('data', (record: string[]) => {
    queue.push(record);
    if (queue.length >= 1000) parser.pause();
    wake?.();
  });
  parser.on('error', (error) => {
    failure = error;
    wake?.();
  });
  parser.on('end', () => {
    ended = true;
    wake?.();
  });
  return (async function* () {
    for (;;) {
      const record = queue.shift();
      if (record) {
        if (queue.length < 100 && parser.isPaused()) parser.resume();
        yield record;
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  })();
}

/** The next CSV record; a syntax error becomes a message a person can act on, naming the row it was found at. */
async function nextRecord(records: AsyncIterator<string[]>, row: number): Promise<IteratorResult<string[]>> {
  try {
    return await records.next();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reasons: Record<string, string> = {
      CSV_MAX_RECORD_SIZE: `row ${row} is larger than ${MAX_RECORD_BYTES / 1024} KiB (a huge cell, or a quote never closed)`,
      CSV_QUOTE_NOT_CLOSED: `a quoted cell that starts in row ${row} is never closed`,
      CSV_INVALID_CLOSING_QUOTE: `row ${row} has a quote in the middle of a quoted cell`,
    };
    throw new UnreadableFile(
      reasons[code ?? ''] ?? `the CSV cannot be read at row ${row}: ${(error as Error).message}`,
    );
  }
}

async function openXlsx(file: string, options: SourceOptions): Promise<Source> {
  await checkZip(file);
  const progress = { read: 0, total: 1 };
  const iterator = xlsxRows(file, options.sheet, progress)[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) throw new UnreadableFile('the worksheet has no header row');
  const headerRow = first.value.row;
  const header = first.value.cells.map((cell) => cell.trim());
  return {
    format: 'xlsx',
    encoding: 'xlsx',
    header,
    fraction: () => Math.min(1, progress.read / progress.total),
    rows: (async function* () {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        if (next.value.row > headerRow) yield next.value;
      }
    })(),
  };
}

/**
 * One import: rows stream from the file, each is validated with the API's schema and registered through POST /cases
 * with at most `concurrency` requests in flight, so memory does not grow with the file (the run keeps only each
 * row's reference and case number, to recognise a repeat and to name a candidate's row). A registration is
 * idempotent by the organisation reference, so a repeated or resumed run starts nothing twice. A row that looks
 * like a registered child (the API's 409) or like another row of the file is set aside with its candidates; a row
 * that looks like one still in flight waits for it, so the registry's check sees them one after the other.
 */
import { randomBytes } from 'node:crypto';
import { childLinkage, likelySameChild, type ChildLinkage } from '../../registry/duplicates';
import type { ApiClient } from '../api-client';
import { CliError, exitCode, type Output } from '../context';
import type { Translate } from '../messages';
import { progressOn } from '../progress';
import { mappingFor, type MappingFile } from './columns';
import { mapRow, type RowProblem } from './mapping';
import { register } from './registration';
import { openResults, readEarlierResults, type ResultWriter, type RowResult } from './results';
import { openSource, UnreadableFile, type Encoding, type Source } from './source';

export interface ImportOptions {
  file: string;
  mapping: MappingFile;
  organisation: string | undefined;
  dryRun: boolean;
  resultFile: string | undefined;
  resume: boolean;
  concurrency: number;
  sheet?: string;
  encoding?: Encoding;
  delimiter?: string;
}

export interface ImportSummary {
  rows: number;
  valid: number;
  registered: number;
  created: number;
  existing: number;
  duplicates: number;
  invalid: number;
  failed: number;
  /** Why the run stopped before the end of the file, if it did. */
  stopped?: string;
  exitCode: number;
}

interface Io {
  client: ApiClient | undefined;
  t: Translate;
  stdout: Output;
  stderr: Output;
}

/** How similar (below the registry's own thresholds) a row must be to one in flight to wait for it. */
const IN_FLIGHT_SLACK = 0.1;

export async function runImport(options: ImportOptions, io: Io): Promise<ImportSummary> {
  const { t } = io;
  let source: Source;
  try {
    source = await openSource(options.file, {
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.delimiter ? { delimiter: options.delimiter } : {}),
      ...(options.sheet ? { sheet: options.sheet } : {}),
    });
  } catch (error) {
    if (error instanceof UnreadableFile || (error as NodeJS.ErrnoException).code)
      throw new CliError(exitCode.usage, t('cannotRead', { file: options.file, reason: (error as Error).message }));
    throw error;
  }
  let mapping;
  try {
    mapping = mappingFor(source.header, options.mapping);
  } catch (error) {
    throw new CliError(exitCode.usage, t('cannotRead', { file: options.file, reason: (error as Error).message }));
  }
  const organisation = options.organisation ?? mapping.organisation;
  if (!organisation) throw new CliError(exitCode.usage, t('missingArgument', { what: '--organisation' }));

  const described = {
    file: options.file,
    format: source.format.toUpperCase(),
    encoding: source.encoding === 'xlsx' ? 'OOXML' : source.encoding,
    delimiter: source.delimiter
      ? t('delimiterIs', { delimiter: source.delimiter === '\t' ? '\\t' : source.delimiter })
      : '',
  };

  const summary: ImportSummary = {
    rows: 0,
    valid: 0,
    registered: 0,
    created: 0,
    existing: 0,
    duplicates: 0,
    invalid: 0,
    failed: 0,
    exitCode: exitCode.ok,
  };
  const referenceRows = new Map<string, number>();
  const caseRows = new Map<string, number>();
  const finished = new Set<number>();
  const count = (result: RowResult) => {
    summary.rows += 1;
    if (result.status === 'registered' || result.status === 'existing') {
      summary.registered += 1;
      summary.valid += 1;
      if (result.status === 'registered') summary.created += 1;
      else summary.existing += 1;
      if (result.caseNumber) caseRows.set(result.caseNumber, result.row);
    } else if (result.status === 'duplicate') {
      summary.duplicates += 1;
      summary.valid += 1;
    } else if (result.status === 'invalid') summary.invalid += 1;
    else summary.failed += 1;
  };

  const resultFile = options.resultFile ?? (options.dryRun ? undefined : `${options.file}.results.jsonl`);
  if (options.resume && resultFile) {
    const earlier = readEarlierResults(resultFile);
    for (const result of earlier) {
      if (finished.has(result.row)) continue;
      finished.add(result.row);
      if (result.reference) referenceRows.set(result.reference, result.row);
      count(result);
    }
    if (earlier.length) io.stdout.write(`${t('resuming', { count: finished.size })}\n`);
  }

  io.stdout.write(
    `${options.dryRun ? t('dryRunStarting', described) : t('importStarting', { ...described, result: resultFile ?? '' })}\n`,
  );
  if (!options.dryRun) {
    if (!io.client) throw new Error('a real run needs the API client');
    await io.client.get('/healthz', { authorised: false, attempts: 3 });
  }

  const writer: ResultWriter | undefined = resultFile ? openResults(resultFile, options.resume) : undefined;
  const record = (result: RowResult) => {
    writer?.write(result);
    count(result);
    if (options.dryRun)
      for (const error of result.errors ?? [])
        io.stdout.write(`${t('rowProblem', { row: result.row, column: error.column, message: error.message })}\n`);
  };

  const progress = progressOn(io.stderr, t);
  const linkageKey = randomBytes(32);
  const inFlight = new Map<number, { linkage: ChildLinkage; settled: Promise<void> }>();
  const slots = new Set<Promise<void>>();
  let fatal: unknown;
  let lastRow = 1;

  try {
    for await (const { row, cells } of source.rows) {
      lastRow = row;
      if (fatal) break;
      if (finished.has(row) || cells.every((cell) => !cell.trim())) continue;
      if (cells.length > source.header.length && cells.slice(source.header.length).some((cell) => cell.trim())) {
        record({
          row,
          status: 'invalid',
          errors: [
            {
              column: '(row)',
              field: 'row',
              message: `the row has ${cells.length} cells but the header has ${source.header.length}: a delimiter inside an unquoted cell?`,
            },
          ],
        });
        continue;
      }
      const mapped = mapRow(row, cells, mapping, organisation);
      const reference = mapped.reference;
      const earlierRow = reference === undefined ? undefined : referenceRows.get(reference);
      if (reference !== undefined && earlierRow === undefined) referenceRows.set(reference, row);
      const problems: RowProblem[] = mapped.ok ? [] : [...mapped.problems];
      if (earlierRow !== undefined)
        problems.unshift({
          row,
          column:
            mapping.header[[...mapping.byColumn].find(([, field]) => field === 'reference')?.[0] ?? -1] ??
            '(reference)',
          field: 'reference',
          message: `the same reference as row ${earlierRow}: each row needs a reference of its own`,
        });
      if (!mapped.ok || problems.length > 0) {
        record({ row, ...(reference ? { reference } : {}), status: 'invalid', errors: problems.map(withoutRow) });
        progress.update(summary.rows, source.fraction());
        continue;
      }
      if (options.dryRun) {
        summary.rows += 1;
        summary.valid += 1;
        progress.update(summary.rows, source.fraction());
        continue;
      }

      const linkage = childLinkage(mapped.registration.child, linkageKey);
      const lookalikes = [...inFlight.values()]
        .filter((other) => likelySameChild(other.linkage, linkage, IN_FLIGHT_SLACK))
        .map((other) => other.settled);
      const task = (async () => {
        await Promise.all(lookalikes);
        if (fatal) return;
        const result = await register(io.client!, row, mapped.reference, mapped.input, caseRows);
        record(result);
        progress.update(summary.rows, source.fraction());
      })().catch((error: unknown) => {
        fatal ??= error;
      });
      const settled = task.finally(() => {
        slots.delete(settled);
        inFlight.delete(row);
      });
      inFlight.set(row, { linkage, settled });
      slots.add(settled);
      while (slots.size >= options.concurrency) await Promise.race(slots);
    }
  } catch (error) {
    if (!(error instanceof UnreadableFile)) throw error;
    summary.stopped = t('fileBroken', { row: lastRow, reason: error.message });
  } finally {
    await Promise.all(slots);
    progress.finish();
    writer?.close();
  }

  if (fatal) {
    const reason = fatal instanceof Error ? fatal.message : String(fatal);
    io.stderr.write(`${t('importStopped', { reason })}\n`);
    throw fatal instanceof CliError ? fatal : new CliError(exitCode.unreachable, reason);
  }
  if (summary.stopped) io.stderr.write(`${summary.stopped}\n`);
  io.stdout.write(
    `${
      options.dryRun
        ? t('dryRunSummary', { rows: summary.rows, valid: summary.valid, invalid: summary.invalid })
        : t('summaryTitle', { ...summary })
    }\n`,
  );
  if (resultFile) io.stdout.write(`${t('resultFileIs', { file: resultFile })}\n`);
  const clean = summary.invalid + summary.duplicates + summary.failed === 0 && !summary.stopped;
  summary.exitCode = clean ? exitCode.ok : exitCode.someFailed;
  return summary;
}

const withoutRow = ({ column, field, message }: RowProblem) => ({ column, field, message });

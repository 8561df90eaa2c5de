import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CASE_NUMBER_PATTERN } from '../../domain/case-number';
import { ApiClient } from '../api-client';
import { choice, usageError, exitCode, type CliContext } from '../context';

export const exportOptions = {
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

type Values = Partial<Record<keyof typeof exportOptions, string | boolean>>;

const week = /^20\d{2}-W\d{2}$/;

/** Streams an export from the API to a file or standard output: nothing of it is held in memory. */
export async function exportCommand(context: CliContext, values: Values, positionals: string[]): Promise<number> {
  const { t } = context;
  const [what, caseNumber, ...rest] = positionals;
  const format = values.format as string | undefined;
  let path: string;
  let authorised = true;
  if (what === 'cases' && !caseNumber) {
    path = `/exports/cases?format=${choice(format, ['csv', 'xlsx', 'json'] as const, '--format', t) ?? 'csv'}`;
  } else if (what === 'weekly' && !caseNumber) {
    if (format !== undefined && format !== 'csv')
      throw usageError(t('badValue', { option: '--format', choices: 'csv' }));
    const query = new URLSearchParams();
    for (const bound of ['from', 'to'] as const) {
      const value = values[bound] as string | undefined;
      if (value === undefined) continue;
      if (!week.test(value)) throw usageError(t('badValue', { option: `--${bound}`, choices: '2026-W01' }));
      query.set(bound, value);
    }
    path = `/exports/weekly${query.size ? `?${query}` : ''}`;
    authorised = false;
  } else if (what === 'audit' && caseNumber && !rest.length) {
    if (!CASE_NUMBER_PATTERN.test(caseNumber))
      throw usageError(t('badValue', { option: 'CASE', choices: 'HW-2026-000123-K' }));
    path = `/exports/cases/${caseNumber}/audit?format=${choice(format, ['csv', 'json'] as const, '--format', t) ?? 'csv'}`;
  } else {
    throw usageError(t('missingArgument', { what: 'cases | weekly | audit CASE' }));
  }
  const client = new ApiClient(context);
  const response = await client.fetch(path, { authorised });
  if (response.status !== 200) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text
    }
    throw client.failure({ status: response.status, body, headers: response.headers });
  }
  const output = values.output as string | undefined;
  const target: Writable = output
    ? createWriteStream(output)
    : new Writable({
        write(chunk: Buffer, _encoding, done) {
          context.stdout.write(chunk);
          done();
        },
      });
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), target);
  if (output) context.stderr.write(`${t('written', { file: output })}\n`);
  return exitCode.ok;
}

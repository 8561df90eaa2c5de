import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** Fields that may carry personal data or secrets; pino replaces them wherever they appear in a log line. */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'registration',
  'child',
  'claimants',
  'name',
  'names',
  'birthDate',
  'email',
  'phone',
  '*.registration',
  '*.child',
  '*.claimants',
  '*.name',
  '*.names',
  '*.birthDate',
  '*.email',
  '*.phone',
  'body',
  '*.body',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}

/**
 * What a person watching `npm run dev` reads for one JSON log line: a line per case event (a line carrying `event`)
 * and per warning or error; nothing for the rest, which stays in the log file.
 */
export function consoleLine(json: string): string | undefined {
  let entry: {
    level?: number;
    time?: number;
    msg?: string;
    event?: string;
    caseNumber?: string;
    err?: { message?: string };
  };
  try {
    entry = JSON.parse(json) as typeof entry;
  } catch {
    return undefined;
  }
  const level = entry.level ?? 30;
  if (!entry.event && level < 40) return undefined;
  const time = new Date(entry.time ?? Date.now()).toISOString().slice(11, 19);
  const mark = level >= 50 ? 'error: ' : level >= 40 ? 'warning: ' : '';
  const what = [entry.caseNumber, entry.msg].filter(Boolean).join(' ');
  return `[homeward] ${time} ${mark}${what}${entry.err?.message ? ` (${entry.err.message})` : ''}`;
}

/**
 * The development logger: every line as JSON into `file` (down to debug, so request lines are kept), and on the
 * console only what `consoleLine` shows.
 */
export function createDevLogger(level: string, file: string, console: NodeJS.WritableStream = process.stdout): Logger {
  mkdirSync(dirname(file), { recursive: true });
  const shown = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const json of chunk.toString().split('\n')) {
        const line = json && consoleLine(json);
        if (line) console.write(`${line}\n`);
      }
      done();
    },
  });
  const fileLevel = pino.levels.values[level]! < pino.levels.values.debug! ? level : 'debug';
  return pino(
    { level: fileLevel, redact: { paths: redactedPaths, censor: '[redacted]' } },
    pino.multistream([
      { level: fileLevel as pino.Level, stream: pino.destination({ dest: file, sync: true }) },
      { level: level as pino.Level, stream: shown },
    ]),
  );
}

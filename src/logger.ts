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

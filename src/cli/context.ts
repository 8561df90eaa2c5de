/** What every command gets: its arguments, the API it talks to, the language it speaks, and where it writes. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { languageFrom, translator, type Language, type Translate } from './messages';

/** Exit codes scripts can rely on. */
export const exitCode = { ok: 0, someFailed: 1, usage: 2, unreachable: 3 } as const;

export class CliError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(exitCode.usage, message);

export interface Output {
  write(text: string | Uint8Array): void;
  isTTY: boolean;
}

export interface CliContext {
  language: Language;
  t: Translate;
  api: string;
  key: string | undefined;
  environment: NodeJS.ProcessEnv;
  stdout: Output;
  stderr: Output;
}

export const commonOptions = {
  api: { type: 'string' },
  key: { type: 'string' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments strictly: an unknown option is a usage error, not something silently ignored. */
export function parseCommand<Options extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: Options,
  t: Translate,
) {
  try {
    return parseArgs({ args: argv, options: { ...commonOptions, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(t('unknownOption', { detail: (error as Error).message }));
  }
}

export function contextFor(
  values: { api?: string; key?: string; lang?: string },
  environment: NodeJS.ProcessEnv,
  io: { stdout: Output; stderr: Output },
): CliContext {
  const language = languageFrom(values.lang, environment);
  if (!language) throw usageError(translator('en')('badValue', { option: '--lang', choices: 'en, uk, ru' }));
  const t = translator(language);
  const api = (values.api ?? environment.HOMEWARD_API_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(api))
    throw usageError(t('badValue', { option: '--api', choices: 'http(s)://host:port' }));
  return { language, t, api, key: values.key ?? environment.HOMEWARD_API_KEY, environment, ...io };
}

export function choice<T extends string>(
  value: string | undefined,
  choices: readonly T[],
  option: string,
  t: Translate,
) {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw usageError(t('badValue', { option, choices: choices.join(', ') }));
  return value as T;
}

export function wholeNumber(value: string | undefined, option: string, min: number, max: number, t: Translate) {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) throw usageError(t('badNumber', { option, min, max }));
  return number;
}

/** Dates and times in the person's locale and time zone, with the time left; never an ISO string on the page. */
import { escapeHtml } from './html';
import { say, ui, type Language } from './i18n';

const locales: Record<Language, string> = { en: 'en-GB', uk: 'uk-UA', ru: 'ru-RU' };

/** Time zones offered where the browser does not say its own; any IANA zone is accepted. */
export const commonTimeZones = [
  'Europe/Kyiv',
  'Europe/Moscow',
  'Europe/Warsaw',
  'Europe/Berlin',
  'Europe/Chisinau',
  'Europe/Bucharest',
  'Europe/Minsk',
  'Europe/London',
  'Europe/Geneva',
  'UTC',
];

/** An IANA zone this Node's ICU knows, under any of its names (it lists Europe/Kyiv as Europe/Kiev). */
export function isTimeZone(value: unknown): value is string {
  if (
    typeof value !== 'string' ||
    !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(value) ||
    value.length > 64
  )
    return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export interface Clock {
  language: Language;
  timeZone: string;
  now: number;
}

export function moment(clock: Clock, iso: string | number, style: 'long' | 'date' = 'long'): string {
  const format = new Intl.DateTimeFormat(locales[clock.language], {
    dateStyle: 'medium',
    ...(style === 'long' ? { timeStyle: 'short' } : {}),
    timeZone: clock.timeZone,
  });
  return format.format(new Date(iso));
}

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "in 3 days", "2 hours ago": the largest unit that fits at least once. */
export function relative(clock: Clock, iso: string | number): string {
  const difference = new Date(iso).getTime() - clock.now;
  const format = new Intl.RelativeTimeFormat(locales[clock.language], { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(difference) >= size || unit === 'second') return format.format(Math.trunc(difference / size), unit);
  }
  return format.format(0, 'second');
}

/** A <time> element: the moment in words, the machine-readable value in its attribute only. */
export function timeTag(clock: Clock, iso: string, style: 'long' | 'date' = 'long'): string {
  return `<time datetime="${escapeHtml(new Date(iso).toISOString())}">${escapeHtml(moment(clock, iso, style))}</time>`;
}

/** The deadline and how long is left, with "overdue" in words (not only in colour) once it has passed. */
export function deadlineTag(clock: Clock, iso: string): string {
  const overdue = new Date(iso).getTime() < clock.now;
  return `${timeTag(clock, iso)} <span class="${overdue ? 'overdue' : 'left'}">(${overdue ? `${escapeHtml(say(clock.language, ui.overdue))}, ` : ''}${escapeHtml(relative(clock, iso))})</span>`;
}

export const countryName = (language: Language, code: string | null | undefined): string => {
  if (!code) return '–';
  try {
    return new Intl.DisplayNames([locales[language]], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
};

export const languageName = (language: Language, code: string): string => {
  try {
    return new Intl.DisplayNames([locales[language]], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

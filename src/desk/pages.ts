/** What every desk page is answered with: the frame for the person signed in, a page of refusal, the request's language. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CASE_NUMBER_PATTERN } from '../domain/case-number';
import type { Clock } from './format';
import type { FormValues } from './forms';
import { escapeHtml } from './html';
import { languageFromHeader, say, ui, type Language } from './i18n';
import { notice, page } from './layout';
import type { DeskSession } from './sessions';

/** A refusal the desk answers with a page of its own. */
export class DeskPageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly text: (language: Language) => string,
  ) {
    super(`desk page ${statusCode}`);
  }
}

export const caseNumberOf = (request: FastifyRequest): string => {
  const { caseNumber } = request.params as { caseNumber?: string };
  if (!caseNumber || !CASE_NUMBER_PATTERN.test(caseNumber))
    throw new DeskPageError(404, (language) =>
      say(language, ui.noSuchCase, { caseNumber: String(caseNumber ?? '').slice(0, 40) }),
    );
  return caseNumber;
};

/** Only paths of the desk itself: a form's return address is never another site. */
export const safeReturn = (value: unknown, fallback = '/desk') =>
  typeof value === 'string' && /^\/desk(?:[/?#][^\s\\]*)?$/.test(value) && !value.startsWith('//') ? value : fallback;

/** The host an Origin header names; an origin that is not a URL (or "null") names none. */
export const hostOf = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
};

export const firstOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export const languageOfRequest = (request: FastifyRequest): Language =>
  request.deskSession?.language ?? languageFromHeader(request.headers['accept-language']);
export const clockOf = (session: DeskSession): Clock => ({
  language: session.language,
  timeZone: session.timeZone,
  now: Date.now(),
});

export const sendPage = (reply: FastifyReply, status: number, html: string) =>
  reply.code(status).type('text/html; charset=utf-8').send(html);

export const framed = (request: FastifyRequest, title: string, main: string, current?: 'queue' | 'register') => {
  const session = request.deskSession;
  return page(
    {
      language: languageOfRequest(request),
      title,
      ...(current ? { current } : {}),
      ...(session
        ? {
            signedIn: {
              person: session.person,
              csrfToken: session.csrfToken,
              timeZone: session.timeZone,
              returnTo: safeReturn(request.url),
            },
          }
        : {}),
    },
    main,
  );
};

export const errorPage = (request: FastifyRequest, reply: FastifyReply, status: number, text: string) => {
  const language = languageOfRequest(request);
  return sendPage(
    reply,
    status,
    framed(
      request,
      say(language, ui.desk),
      `${notice('alert', text)}<p><a href="/desk">${escapeHtml(say(language, ui.backToQueue))}</a></p>`,
    ),
  );
};

export const hidden = { schema: { hide: true } };

/** A form's values without the desk's own fields (the CSRF token, the return address, the key). */
export const valuesOf = (form: FormValues): FormValues =>
  Object.fromEntries(Object.entries(form).filter(([name]) => !name.startsWith('_')));

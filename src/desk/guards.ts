/** Who may reach a desk page or send its form: signed in, with the form's own token, a party to the case, a coordinator. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ensureCaseParty } from '../api/case-access';
import type { ApiContext } from '../api/context';
import { HttpError } from '../api/errors';
import type { FormValues } from './forms';
import { say, ui } from './i18n';
import { SESSION_COOKIE, cookieOf, readSession, sameToken, type DeskSession } from './sessions';
import { caseNumberOf, DeskPageError, errorPage, firstOf, hostOf, languageOfRequest, safeReturn } from './pages';

declare module 'fastify' {
  interface FastifyRequest {
    deskSession?: DeskSession;
  }
}

export function deskGuards(context: ApiContext) {
  const { db } = context;

  /** Pages and forms behind sign-in: a page sends the person to sign in; a form sent without a session says why. */
  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    const id = cookieOf(request, SESSION_COOKIE);
    const session = id ? await readSession(db, id) : undefined;
    if (session) {
      request.deskSession = session;
      return;
    }
    if (request.method === 'GET')
      return reply.redirect(`/desk/sign-in?next=${encodeURIComponent(safeReturn(request.url))}`, 303);
    return errorPage(request, reply, 401, say(languageOfRequest(request), ui.sessionEnded));
  };

  /** Every state-changing form: the session's CSRF token, and the page's own origin when the browser names one. */
  const checkedForm = async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin && hostOf(origin) !== request.host)
      return errorPage(request, reply, 403, say(languageOfRequest(request), ui.staleForm));
    const form = (request.body ?? {}) as FormValues;
    if (
      typeof form !== 'object' ||
      !request.deskSession ||
      !sameToken(firstOf(form._csrf), request.deskSession.csrfToken)
    )
      return errorPage(request, reply, 403, say(languageOfRequest(request), ui.staleForm));
  };

  /** Every case page and form: a case not shared with the person's organisation is no case to them (404). */
  const caseParty = async (request: FastifyRequest) => {
    const caseNumber = caseNumberOf(request);
    try {
      await ensureCaseParty(context, request.deskSession?.person, caseNumber);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 404)
        throw new DeskPageError(404, (language) => say(language, ui.noSuchCase, { caseNumber }));
      throw error;
    }
  };

  const coordinatorOnly = async (request: FastifyRequest) => {
    if (request.deskSession?.person.role !== 'coordinator')
      throw new DeskPageError(403, (language) => say(language, ui.forbidden));
  };

  return { signedIn, checkedForm, caseParty, coordinatorOnly };
}

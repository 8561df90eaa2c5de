/**
 * The desk at /desk: server-rendered pages for coordinators, reviewers, supervisors and operators, in the API's own
 * process. Every form is a plain HTML form (the script only improves); every page reads what the JSON routes read
 * and every form calls what the JSON routes call (registerCase, performCaseAction, assignCase), with the same
 * schemas. Hidden from the OpenAPI document: these answer HTML to browsers, not JSON to clients.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { assignCase, assignableCoordinators } from '../api/assignment';
import { caseActions, performCaseAction } from '../api/case-actions';
import { logAccess } from '../api/access-log';
import { ensureCaseParty, partyScopeOf } from '../api/case-access';
import { failedAuthBuckets } from '../api/auth';
import { readCase } from '../api/case-workflow';
import { registerCase } from '../api/cases';
import { personalDataRoles } from '../domain/authorisation';
import { withoutPersonalData } from '../domain/personal-data';
import type { ApiContext } from '../api/context';
import { HttpError } from '../api/errors';
import { CASE_NUMBER_PATTERN } from '../domain/case-number';
import type { CaseState } from '../domain/case';
import { countryCodes } from '../domain/countries';
import { registrationSchema, type Registration } from '../domain/registration';
import { auditTrail } from '../registry/audit';
import { exportTrail } from '../registry/audit-export';
import { assignmentOf, queuePage, searchCases, type Audience } from '../registry/case-queue';
import { findCase } from '../registry/cases';
import { caseMain, type PostedForm } from './case-page';
import { commonTimeZones, isTimeZone, type Clock } from './format';
import { formToBody, jsonSchemaOf, problemsOf, type FormValues } from './forms';
import { escapeHtml } from './html';
import {
  eventWords,
  isLanguage,
  languageFromHeader,
  languages,
  nativeName,
  say,
  stages,
  ui,
  type Language,
} from './i18n';
import {
  accountValue,
  apiKeyProvider,
  devAccountsProvider,
  identityProviderOffer,
  isDeskRole,
  type DeskPerson,
  type SignInProvider,
} from './identity';
import { csrfField, notice, page, personLabel, script, stylesheet } from './layout';
import {
  callbackUrl,
  identityProviderSignIn,
  keepPendingSignIn,
  signInRefusal,
  takePendingSignIn,
} from './oidc-sign-in';
import { queueMain, queueQuery, pageSize } from './queue-page';
import { backfillQueue } from './queue-backfill';
import { refusalOf } from './refusals';
import { duplicatesMain, registrationMain, registrationFormSchema, type Candidate } from './registration-page';
import {
  PROVIDER_SIGN_IN_COOKIE,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
  cookieOf,
  endSession,
  newSignInToken,
  readSession,
  sameToken,
  savePreferences,
  sessionHours,
  setCookie,
  startSession,
  type DeskSession,
} from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    deskSession?: DeskSession;
  }
}

const audienceOf = (person: DeskPerson): Audience =>
  person.role === 'coordinator' ? 'desk' : person.role === 'reviewer' ? 'reviewer' : 'all';

/** A refusal the desk answers with a page of its own. */
class DeskPageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly text: (language: Language) => string,
  ) {
    super(`desk page ${statusCode}`);
  }
}

const caseNumberOf = (request: FastifyRequest): string => {
  const { caseNumber } = request.params as { caseNumber?: string };
  if (!caseNumber || !CASE_NUMBER_PATTERN.test(caseNumber))
    throw new DeskPageError(404, (language) =>
      say(language, ui.noSuchCase, { caseNumber: String(caseNumber ?? '').slice(0, 40) }),
    );
  return caseNumber;
};

/** Only paths of the desk itself: a form's return address is never another site. */
const safeReturn = (value: unknown, fallback = '/desk') =>
  typeof value === 'string' && /^\/desk(?:[/?#][^\s\\]*)?$/.test(value) && !value.startsWith('//') ? value : fallback;

/** The host an Origin header names; an origin that is not a URL (or "null") names none. */
const hostOf = (origin: string) => {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
};

const firstOf = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * The sign-in provider: the staff's identity provider when the deployment configures one; otherwise the development
 * accounts while the development defaults are on, and API keys anywhere else.
 */
export function signInProviderFor(context: ApiContext): SignInProvider {
  const { oidc, devSignIn, keys } = context.config.api;
  if (oidc) return identityProviderOffer(oidc.issuer);
  return devSignIn ? devAccountsProvider(keys) : apiKeyProvider(keys);
}

export const deskRoutes: FastifyPluginAsync<ApiContext> = async (app, context) => {
  const { db } = context;
  const provider = signInProviderFor(context);
  const staffSignIn = identityProviderSignIn(context.config);
  // The sign-in form's answer is a redirect to the provider, which the form-action policy must allow.
  const providerOrigin = context.config.api.oidc ? ` ${new URL(context.config.api.oidc.issuer).origin}` : '';
  const coordinators = assignableCoordinators(context.config);

  // Views published before the desk existed get their queue rows once, in the background.
  let backfill: Promise<void> | undefined;
  app.addHook('onReady', async () => {
    backfill = backfillQueue(context, app.log).catch((error: unknown) => {
      app.log.warn({ err: error }, 'desk queue backfill stopped; it resumes at the next start');
    });
  });
  app.addHook('onClose', async () => {
    await backfill;
  });

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      const values: FormValues = {};
      for (const [name, value] of new URLSearchParams(body as string)) {
        const earlier = values[name];
        values[name] = earlier === undefined ? value : [earlier, value].flat();
      }
      done(null, values);
    },
  );

  app.addHook('onSend', async (request, reply) => {
    const asset = request.url.startsWith('/desk/assets/');
    // The callback's refusal is a sign-in page too: its form starts again.
    const signingIn = /^\/desk\/(sign-in|callback)\b/.test(request.url);
    void reply.headers({
      'cache-control': asset ? 'public, max-age=3600' : 'no-store',
      'content-security-policy': `default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'${signingIn ? providerOrigin : ''}; frame-ancestors 'none'; base-uri 'none'`,
      'referrer-policy': 'same-origin',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  const languageOfRequest = (request: FastifyRequest): Language =>
    request.deskSession?.language ?? languageFromHeader(request.headers['accept-language']);
  const clockOf = (session: DeskSession): Clock => ({
    language: session.language,
    timeZone: session.timeZone,
    now: Date.now(),
  });

  const sendPage = (reply: FastifyReply, status: number, html: string) =>
    reply.code(status).type('text/html; charset=utf-8').send(html);

  const framed = (request: FastifyRequest, title: string, main: string, current?: 'queue' | 'register') => {
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

  const errorPage = (request: FastifyRequest, reply: FastifyReply, status: number, text: string) => {
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

  app.setErrorHandler((error, request, reply) => {
    const language = languageOfRequest(request);
    if (error instanceof DeskPageError) return errorPage(request, reply, error.statusCode, error.text(language));
    const status =
      error instanceof HttpError ? error.statusCode : ((error as { statusCode?: number }).statusCode ?? 500);
    if (status === 404) return errorPage(request, reply, 404, say(language, ui.notFound));
    if (status === 403) return errorPage(request, reply, 403, say(language, ui.forbidden));
    if (status === 429) return errorPage(request, reply, 429, say(language, ui.tooMany));
    if (status === 503) return errorPage(request, reply, 503, say(language, ui.unavailable));
    if (status === 401) return errorPage(request, reply, 401, say(language, ui.sessionEnded));
    if (status >= 400 && status < 500) return errorPage(request, reply, status, say(language, ui.badRequest));
    request.log.error({ err: error }, 'desk page failed');
    return errorPage(request, reply, 500, say(language, ui.failed));
  });
  app.setNotFoundHandler((request, reply) =>
    errorPage(request, reply, 404, say(languageOfRequest(request), ui.notFound)),
  );

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

  const hidden = { schema: { hide: true } };

  app.get('/assets/desk.css', hidden, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(stylesheet),
  );
  app.get('/assets/desk.js', hidden, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(script),
  );

  // ---- sign-in -------------------------------------------------------------------------------------------------

  const signInPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    options: { language: Language; next: string; problem?: string; original?: string; notice?: string },
  ) => {
    const token = newSignInToken();
    setCookie(request, reply, SIGN_IN_COOKIE, token, 1800);
    const { language } = options;
    const offer = provider.offer();
    const choose =
      offer.kind === 'accounts'
        ? `<fieldset><legend>${escapeHtml(say(language, ui.account))}</legend><p>${escapeHtml(say(language, ui.devAccounts))}</p>${offer.accounts
            .map(
              (person, index) =>
                `<label class="choice" for="account-${index}"><input type="radio" id="account-${index}" name="account" value="${escapeHtml(accountValue(person))}" required${index === 0 ? ' checked' : ''}> ${escapeHtml(personLabel(language, person))}</label>`,
            )
            .join('')}</fieldset>`
        : offer.kind === 'key'
          ? `<p>${escapeHtml(say(language, ui.apiKeySignIn))}</p><div class="field"><label for="key">${escapeHtml(say(language, ui.apiKey))}</label><input id="key" name="key" type="password" autocomplete="off" required maxlength="256"></div>`
          : `<p>${escapeHtml(say(language, ui.providerSignIn, { issuer: new URL(offer.issuer).host }))}</p>`;
    const zones = commonTimeZones;
    const main = `<h1>${escapeHtml(say(language, ui.signInTitle))}</h1>
${options.notice ? notice('status', options.notice) : ''}${options.problem ? notice('alert', options.problem) : ''}${options.original ? `<p class="original">${escapeHtml(say(language, ui.originalMessage))} <span lang="en">${escapeHtml(options.original)}</span></p>` : ''}
<form method="post" action="/desk/sign-in" class="card">
${csrfField(token)}<input type="hidden" name="next" value="${escapeHtml(options.next)}">
${choose}
<div class="field"><label for="sign-in-language">${escapeHtml(say(language, ui.language))}</label><select id="sign-in-language" name="language">${languages.map((code) => `<option value="${code}" lang="${code}"${code === language ? ' selected' : ''}>${nativeName[code]}</option>`).join('')}</select></div>
<div class="field"><label for="sign-in-zone">${escapeHtml(say(language, ui.timeZone))}</label><select id="sign-in-zone" name="timeZone" data-browser-zone="prefer">${zones.map((zone) => `<option value="${zone}">${zone}</option>`).join('')}</select></div>
<p><button type="submit">${escapeHtml(say(language, ui.signIn))}</button></p>
</form>`;
    return sendPage(reply, status, page({ language, title: say(language, ui.signIn) }, main));
  };

  app.get('/sign-in', hidden, async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const language = isLanguage(query.lang) ? query.lang : languageFromHeader(request.headers['accept-language']);
    return signInPage(request, reply, 200, {
      language,
      next: safeReturn(query.next),
      ...(query.out === '1' ? { notice: say(language, ui.signedOut) } : {}),
    });
  });

  app.post('/sign-in', hidden, async (request, reply) => {
    const form = (request.body ?? {}) as FormValues;
    const language = isLanguage(firstOf(form.language))
      ? (firstOf(form.language) as Language)
      : languageFromHeader(request.headers['accept-language']);
    const next = safeReturn(firstOf(form.next));
    const expected = cookieOf(request, SIGN_IN_COOKIE);
    if (!expected || !sameToken(firstOf(form._csrf), expected))
      return signInPage(request, reply, 403, { language, next, problem: say(language, ui.staleForm) });
    const timeZone = isTimeZone(firstOf(form.timeZone)) ? firstOf(form.timeZone)! : 'UTC';
    if (staffSignIn) {
      let started: Awaited<ReturnType<typeof staffSignIn.start>>;
      try {
        started = await staffSignIn.start();
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode !== 503) throw error;
        const refusal = signInRefusal(language, error);
        return signInPage(request, reply, 503, { language, next, problem: refusal.text });
      }
      const waiting = newSignInToken();
      await keepPendingSignIn(db, waiting, { pending: started.pending, next, language, timeZone });
      setCookie(request, reply, PROVIDER_SIGN_IN_COOKIE, waiting, 600, 'Lax');
      setCookie(request, reply, SIGN_IN_COOKIE, 'x'.repeat(20), 0);
      return reply.redirect(started.redirectUrl, 303);
    }
    // A key typed here is a guess like one sent to the API: it counts in the same budget.
    const key = firstOf(form.key);
    const buckets = failedAuthBuckets(request.ip, key || undefined);
    const throttle = app.failedAuthThrottle;
    const wait = throttle.blockedFor(buckets);
    if (wait !== undefined) {
      void reply.header('retry-after', String(wait));
      return signInPage(request, reply, 429, {
        language,
        next,
        problem: say(language, ui.tooManySignIns, { seconds: wait }),
      });
    }
    const person = await provider.complete({ account: firstOf(form.account), key });
    if (!person) {
      if (provider.offer().kind === 'key') {
        throttle.recordFailure(buckets);
        request.log.warn(
          { event: 'authentication-failed', address: request.ip, reason: 'desk sign-in with an unknown key' },
          'authentication failed',
        );
      }
      return signInPage(request, reply, 401, { language, next, problem: say(language, ui.signInFailed) });
    }
    await savePreferences(db, person.actorId, { language, timeZone });
    const id = await startSession(db, person, provider.id);
    setCookie(request, reply, SESSION_COOKIE, id, sessionHours * 3600);
    setCookie(request, reply, SIGN_IN_COOKIE, 'x'.repeat(20), 0);
    request.log.info({ event: 'desk-sign-in', actorRole: person.role, provider: provider.id }, 'signed in at the desk');
    return reply.redirect(next, 303);
  });

  // The provider sends the browser back here with the authorization code; the sign-in it started is taken once.
  if (staffSignIn)
    app.get('/callback', hidden, async (request, reply) => {
      const id = cookieOf(request, PROVIDER_SIGN_IN_COOKIE);
      setCookie(request, reply, PROVIDER_SIGN_IN_COOKIE, 'x'.repeat(20), 0, 'Lax');
      const waiting = id ? await takePendingSignIn(db, id) : undefined;
      const language = waiting?.language ?? languageFromHeader(request.headers['accept-language']);
      if (!waiting)
        return signInPage(request, reply, 401, {
          language,
          next: '/desk',
          problem: say(language, ui.providerSignInIncomplete),
        });
      const back = new URL(callbackUrl(context.config));
      back.search = new URL(request.url, back).search;
      let person: DeskPerson;
      try {
        const identity = await staffSignIn.finish(back, waiting.pending);
        if (!isDeskRole(identity.role)) throw new HttpError(401, 'unauthorised', 'no Homeward role for the desk');
        person = { actorId: identity.actorId, role: identity.role, organisation: identity.organisation };
      } catch (error) {
        if (!(error instanceof HttpError) || (error.statusCode !== 401 && error.statusCode !== 503)) throw error;
        // The reason names claims and roles, never the person's details.
        request.log.warn(
          { event: 'desk-sign-in-refused', provider: provider.id, reason: error.message },
          'desk sign-in refused',
        );
        const refusal = signInRefusal(language, error);
        return signInPage(request, reply, error.statusCode, {
          language,
          next: waiting.next,
          problem: refusal.text,
          ...(refusal.original ? { original: refusal.original } : {}),
        });
      }
      await savePreferences(db, person.actorId, { language: waiting.language, timeZone: waiting.timeZone });
      const session = await startSession(db, person, provider.id);
      setCookie(request, reply, SESSION_COOKIE, session, sessionHours * 3600);
      request.log.info(
        { event: 'desk-sign-in', actorRole: person.role, provider: provider.id },
        'signed in at the desk',
      );
      // This answer ends a navigation that came from the provider's site, which a Strict cookie is not sent on: the
      // browser goes on to the desk from here, the desk's own page, with the session.
      void reply.header('refresh', `0; url=${waiting.next}`);
      return sendPage(
        reply,
        200,
        page(
          { language, title: say(language, ui.signIn) },
          `${notice('status', say(language, ui.signedInContinue))}<p><a href="${escapeHtml(waiting.next)}">${escapeHtml(say(language, ui.desk))}</a></p>`,
        ),
      );
    });

  app.post('/sign-out', { ...hidden, preHandler: [signedIn, checkedForm] }, async (request, reply) => {
    const id = cookieOf(request, SESSION_COOKIE);
    if (id) await endSession(db, id);
    setCookie(request, reply, SESSION_COOKIE, 'x'.repeat(20), 0);
    return reply.redirect(`/desk/sign-in?out=1&lang=${request.deskSession!.language}`, 303);
  });

  app.post('/preferences', { ...hidden, preHandler: [signedIn, checkedForm] }, async (request, reply) => {
    const form = request.body as FormValues;
    const language = firstOf(form.language);
    const timeZone = firstOf(form.timeZone);
    if (!isLanguage(language) || !isTimeZone(timeZone))
      throw new HttpError(400, 'invalid', 'unknown language or time zone');
    await savePreferences(db, request.deskSession!.person.actorId, { language, timeZone });
    return reply.redirect(safeReturn(firstOf(form._return)), 303);
  });

  // ---- the work queue ------------------------------------------------------------------------------------------

  app.get('/', { ...hidden, preHandler: signedIn }, async (request, reply) => {
    const session = request.deskSession!;
    const parsed = queueQuery.safeParse(request.query);
    if (!parsed.success) throw new HttpError(400, 'invalid', 'bad filter');
    const query = parsed.data;
    const { person } = session;
    const party = partyScopeOf(person, context.config.api.sharing);
    const [{ rows, total }, found] = await Promise.all([
      queuePage(
        db,
        {
          audience: audienceOf(person),
          ...(query.stage ? { stage: query.stage } : {}),
          ...(query.waitingOn ? { waitingOn: query.waitingOn } : {}),
          ...(query.escalated ? { escalated: query.escalated === 'yes' } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(query.assigned === 'me' ? { assignedTo: person.actorId } : {}),
          ...(query.assigned === 'nobody' ? { unassigned: true } : {}),
          ...(party ? { party } : {}),
        },
        { number: query.page, size: pageSize },
      ),
      query.q ? searchCases(db, query.q, 25, party) : Promise.resolve(undefined),
    ]);
    const clock = clockOf(session);
    return sendPage(
      reply,
      200,
      framed(
        request,
        say(clock.language, ui.queue),
        queueMain({
          clock,
          person,
          csrfToken: session.csrfToken,
          query,
          countries: [...countryCodes],
          rows,
          total,
          ...(found ? { found } : {}),
        }),
        'queue',
      ),
    );
  });

  // ---- the case page and its forms -----------------------------------------------------------------------------

  const renderCase = async (
    request: FastifyRequest,
    reply: FastifyReply,
    caseNumber: string,
    status: number,
    extra: { posted?: PostedForm; notices?: string[] } = {},
  ) => {
    const session = request.deskSession!;
    const clock = clockOf(session);
    const personal = personalDataRoles.includes(session.person.role);
    const [state, trail, assignment, record] = await Promise.all([
      readCase(context, caseNumber),
      auditTrail(db, caseNumber),
      assignmentOf(db, caseNumber),
      findCase(db, caseNumber),
    ]);
    // Recorded before it is shown, as the API records it.
    if (personal) await logAccess(db, request, { kind: 'case-details', caseNumber, actor: session.person });
    const shown = (personal ? state : withoutPersonalData(state)) as CaseState;
    const main = caseMain({
      clock,
      person: session.person,
      csrfToken: session.csrfToken,
      state: shown,
      personal,
      trail,
      ...(record ? { organisationReference: record.organisationReference } : {}),
      ...(assignment ? { assignment } : {}),
      coordinators,
      actions: caseActions,
      ...extra,
    });
    return sendPage(reply, status, framed(request, say(clock.language, ui.casePage, { caseNumber }), main));
  };

  app.get('/cases/:caseNumber', { ...hidden, preHandler: [signedIn, caseParty] }, async (request, reply) => {
    const caseNumber = caseNumberOf(request);
    const query = request.query as Record<string, string | undefined>;
    const language = request.deskSession!.language;
    const notices: string[] = [];
    if (query.recorded && eventWords[query.recorded]) {
      const state = await readCase(context, caseNumber);
      notices.push(
        say(language, ui.recorded, {
          what: say(language, eventWords[query.recorded]!),
          stage: say(language, stages[state.stage]!),
        }),
      );
    }
    if (query.done === 'assigned') notices.push(say(language, ui.assignedNotice));
    if (query.done === 'registered') notices.push(say(language, ui.registeredNotice));
    if (query.done === 'linked') notices.push(say(language, ui.linkedNotice));
    if (query.done === 'existing') notices.push(say(language, ui.alreadyRegistered));
    return renderCase(request, reply, caseNumber, 200, { notices });
  });

  app.get(
    '/cases/:caseNumber/audit-export',
    { ...hidden, preHandler: [signedIn, caseParty] },
    async (request, reply) => {
      const caseNumber = caseNumberOf(request);
      const entries = await auditTrail(db, caseNumber);
      if (entries.length === 0 && !(await findCase(db, caseNumber)))
        throw new HttpError(404, 'not-found', 'no such case');
      // The file that leaves Homeward, recorded as the API's export is.
      await logAccess(db, request, { kind: 'audit-export', caseNumber, actor: request.deskSession!.person });
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${caseNumber}.json"`)
        .send(JSON.stringify(exportTrail(caseNumber, entries), null, 2));
    },
  );

  const valuesOf = (form: FormValues): FormValues =>
    Object.fromEntries(Object.entries(form).filter(([name]) => !name.startsWith('_')));

  app.post(
    '/cases/:caseNumber/actions/:action',
    { ...hidden, preHandler: [signedIn, checkedForm, caseParty] },
    async (request, reply) => {
      const caseNumber = caseNumberOf(request);
      const { action } = request.params as { action: string };
      const route = caseActions.find((candidate) => candidate.path === action);
      if (!route) throw new DeskPageError(404, (language) => say(language, ui.notFound));
      const session = request.deskSession!;
      const form = request.body as FormValues;
      const sectionName = route.path === 'identity-details' ? firstOf(form._section) : undefined;
      if (sectionName !== undefined && !['documents', 'child', 'claimants'].includes(sectionName))
        throw new HttpError(400, 'invalid', 'unknown section');
      const values = valuesOf(form);
      let body = formToBody(jsonSchemaOf(route.body), values) as Record<string, unknown>;
      if (sectionName) body = body[sectionName] === undefined ? {} : { [sectionName]: body[sectionName] };
      const posted = { action: route.path, ...(sectionName ? { section: sectionName } : {}), values };
      const parsed = route.body.safeParse(body);
      if (!parsed.success)
        return renderCase(request, reply, caseNumber, 422, {
          posted: { ...posted, problems: problemsOf(session.language, parsed.error as z.ZodError) },
        });
      const key = firstOf(form._key);
      try {
        const outcome = await performCaseAction(context, session.person, route, caseNumber, parsed.data, {
          ...(key && /^[A-Za-z0-9_-]{8,40}$/.test(key) ? { idempotencyKey: `desk-${key}` } : {}),
          log: request.log,
        });
        return reply.redirect(
          `/desk/cases/${caseNumber}?recorded=${encodeURIComponent(String(outcome.event.type))}`,
          303,
        );
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode >= 500 || error.statusCode === 404) throw error;
        return renderCase(request, reply, caseNumber, error.statusCode, {
          posted: { ...posted, refusal: refusalOf(session.language, error) },
        });
      }
    },
  );

  app.post(
    '/cases/:caseNumber/assignment',
    { ...hidden, preHandler: [signedIn, checkedForm, caseParty] },
    async (request, reply) => {
      const caseNumber = caseNumberOf(request);
      const session = request.deskSession!;
      const form = request.body as FormValues;
      const assignee = firstOf(form.assignee)?.trim() || null;
      const back = safeReturn(firstOf(form._return), `/desk/cases/${caseNumber}`);
      try {
        await assignCase(context, session.person, caseNumber, assignee);
      } catch (error) {
        if (!(error instanceof HttpError) || error.statusCode >= 500 || error.statusCode === 404) throw error;
        return renderCase(request, reply, caseNumber, error.statusCode, {
          posted: { action: 'assignment', values: {}, refusal: refusalOf(session.language, error) },
        });
      }
      return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}done=assigned`, 303);
    },
  );

  // ---- registration --------------------------------------------------------------------------------------------

  const coordinatorOnly = async (request: FastifyRequest) => {
    if (request.deskSession?.person.role !== 'coordinator')
      throw new DeskPageError(403, (language) => say(language, ui.forbidden));
  };

  app.get('/register', { ...hidden, preHandler: [signedIn, coordinatorOnly] }, async (request, reply) => {
    const session = request.deskSession!;
    const clock = clockOf(session);
    // A party's coordinator registers for their own organisation only: the form starts with it.
    const { organisation } = session.person;
    const values = organisation ? { 'organisation.id': organisation } : undefined;
    return sendPage(
      reply,
      200,
      framed(
        request,
        say(clock.language, ui.registerTitle),
        registrationMain(clock, session.csrfToken, values),
        'register',
      ),
    );
  });

  app.post('/register', { ...hidden, preHandler: [signedIn, checkedForm, coordinatorOnly] }, async (request, reply) => {
    const session = request.deskSession!;
    const clock = clockOf(session);
    const form = request.body as FormValues;
    const values = valuesOf(form);
    const input = formToBody(registrationFormSchema(), values) as Record<string, unknown>;
    const decision = firstOf(form._decision);
    if (decision === 'link') input.duplicateDecision = { linkTo: firstOf(form._linkTo) };
    if (decision === 'different') input.duplicateDecision = { confirmedDifferentFrom: [form._candidates ?? []].flat() };
    const title = say(clock.language, ui.registerTitle);
    const parsed = registrationSchema.safeParse(input);
    if (!parsed.success)
      return sendPage(
        reply,
        422,
        framed(
          request,
          title,
          registrationMain(clock, session.csrfToken, values, problemsOf(clock.language, parsed.error as z.ZodError)),
          'register',
        ),
      );
    try {
      const answer = await registerCase(context, session.person, parsed.data, request.log);
      const done = answer.status === 201 ? 'registered' : decision === 'link' ? 'linked' : 'existing';
      return reply.redirect(`/desk/cases/${answer.body.caseNumber}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
      const candidates = (error.extra.candidates ?? []) as Candidate[];
      const unseen = typeof error.extra.unseenCandidates === 'number' ? error.extra.unseenCandidates : 0;
      if (error.statusCode === 409 && (candidates.length || unseen)) {
        const compared = await Promise.all(
          candidates.map(async (candidate) => ({
            ...candidate,
            ...(await readCase(context, candidate.caseNumber).then(
              (state) => ({ state }),
              () => ({}),
            )),
          })),
        );
        return sendPage(
          reply,
          409,
          framed(
            request,
            say(clock.language, ui.duplicatesTitle),
            duplicatesMain(clock, session.csrfToken, parsed.data as Registration, values, compared, unseen),
            'register',
          ),
        );
      }
      return sendPage(
        reply,
        error.statusCode,
        framed(
          request,
          title,
          registrationMain(clock, session.csrfToken, values, undefined, refusalOf(clock.language, error)),
          'register',
        ),
      );
    }
  });
};

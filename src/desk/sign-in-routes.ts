/** Signing in at the desk (development accounts, an API key or the staff's identity provider), out, and one's preferences. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { failedAuthBuckets } from '../api/auth';
import type { ApiContext } from '../api/context';
import { HttpError } from '../api/errors';
import { commonTimeZones, isTimeZone } from './format';
import type { FormValues } from './forms';
import { escapeHtml } from './html';
import { isLanguage, languageFromHeader, languages, nativeName, say, ui, type Language } from './i18n';
import {
  accountValue,
  apiKeyProvider,
  devAccountsProvider,
  identityProviderOffer,
  isDeskRole,
  type DeskPerson,
  type SignInProvider,
} from './identity';
import { csrfField, notice, page, personLabel } from './layout';
import {
  callbackUrl,
  identityProviderSignIn,
  keepPendingSignIn,
  signInRefusal,
  takePendingSignIn,
} from './oidc-sign-in';
import {
  PROVIDER_SIGN_IN_COOKIE,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
  cookieOf,
  endSession,
  newSignInToken,
  sameToken,
  savePreferences,
  sessionHours,
  setCookie,
  startSession,
} from './sessions';
import { firstOf, hidden, safeReturn, sendPage } from './pages';
import { deskGuards } from './guards';

/**
 * The sign-in provider: the staff's identity provider when the deployment configures one; otherwise the development
 * accounts while the development defaults are on, and API keys anywhere else.
 */
export function signInProviderFor(context: ApiContext): SignInProvider {
  const { oidc, devSignIn, keys } = context.config.api;
  if (oidc) return identityProviderOffer(oidc.issuer);
  return devSignIn ? devAccountsProvider(keys) : apiKeyProvider(keys);
}

export const signInRoutes: FastifyPluginAsync<ApiContext> = async (app, context) => {
  const { db } = context;
  const provider = signInProviderFor(context);
  const staffSignIn = identityProviderSignIn(context.config);
  const { signedIn, checkedForm } = deskGuards(context);

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
};

/**
 * The desk at /desk: server-rendered pages for coordinators, reviewers, supervisors and operators, in the API's own
 * process. Every form is a plain HTML form (the script only improves); every page reads what the JSON routes read
 * and every form calls what the JSON routes call (registerCase, performCaseAction, assignCase), with the same
 * schemas. Hidden from the OpenAPI document: these answer HTML to browsers, not JSON to clients.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../api/context';
import { HttpError } from '../api/errors';
import type { FormValues } from './forms';
import { say, ui } from './i18n';
import { script, stylesheet } from './layout';
import { backfillQueue } from './queue-backfill';
import { DeskPageError, errorPage, hidden, languageOfRequest } from './pages';
import { caseRoutes } from './case-routes';
import { queueRoutes } from './queue-routes';
import { registrationRoutes } from './registration-routes';
import { signInRoutes } from './sign-in-routes';

export const deskRoutes: FastifyPluginAsync<ApiContext> = async (app, context) => {
  // The sign-in form's answer is a redirect to the provider, which the form-action policy must allow.
  const providerOrigin = context.config.api.oidc ? ` ${new URL(context.config.api.oidc.issuer).origin}` : '';

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

  app.get('/assets/desk.css', hidden, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').send(stylesheet),
  );
  app.get('/assets/desk.js', hidden, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(script),
  );

  // The routes' own plugins take the context without the desk's prefix, which they inherit.
  const { prefix: _prefix, ...routes } = context as ApiContext & { prefix?: string };
  await app.register(signInRoutes, routes);
  await app.register(queueRoutes, routes);
  await app.register(caseRoutes, routes);
  await app.register(registrationRoutes, routes);
};

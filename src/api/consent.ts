/**
 * `GET /consent/:token` shows a guardian or child the question in their language; `POST /consent/:token` records
 * their answer. No account: the signed token names the case, the person and the deadline. Every answer here is an
 * HTML page, errors included, because the people using these routes hold a browser, not an API client.
 */
import { createHash } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../domain/case';
import { stageConflict } from '../domain/next-step';
import { verifyConsentToken, type ConsentTokenPayload } from '../consent/token';
import { recordConsentUpdate } from '../workflows/messages';
import { readCase, updateCase } from './case-workflow';
import { consentNoticePage, consentQuestionPage, type ConsentNotice, type PageLanguage } from './consent-page';
import type { ApiContext } from './context';
import { fromRegistry, HttpError } from './errors';

const tokenParam = z.object({ token: z.string().max(4096) });

const answerBody = z
  .object({
    decision: z.enum(['given', 'refused'], 'choose given or refused'),
    views: z
      .string()
      .max(2000, 'keep your views under 2000 characters')
      .optional()
      .transform((views) => views?.trim() || undefined),
    healthSharing: z
      .enum(['given', 'refused'], 'choose given or refused')
      .optional()
      .describe("Whether the child's health information may go to the escort and the receiving clinician"),
  })
  .describe('Sent by the page as a form (application/x-www-form-urlencoded); JSON is accepted too');

const html = z.string().describe('An HTML page in the language of the link');
// 401 answers a key nobody issued (a link needs none); the answer's route adds 415, a body neither a form nor JSON.
const pages = (statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: status === 200 ? 'The page' : 'A page explaining what to do',
        content: { 'text/html': { schema: html } },
      },
    ]),
  );
const pageStatuses = [200, 400, 401, 404, 409, 410, 422, 429];

/** Thrown inside the consent routes: the page to show and its status. */
class ConsentPageError extends Error {
  constructor(
    readonly statusCode: number,
    readonly notice: ConsentNotice,
    readonly caseNumber?: string,
  ) {
    super(notice.kind);
  }
}

const languages: PageLanguage[] = ['uk', 'ru', 'en'];
const languageOf = (payload: ConsentTokenPayload): PageLanguage =>
  languages.includes(payload.language) ? payload.language : 'en';

/** The question page for a token's holder; the form posts back to the URL it was served from. */
const questionPage = (payload: ConsentTokenPayload, url: string, problem?: 'choose-answer') =>
  consentQuestionPage({
    language: languageOf(payload),
    caseNumber: payload.caseNumber,
    role: payload.role,
    expiresAt: payload.expiresAt,
    action: url.split('?')[0]!,
    ...(problem ? { problem } : {}),
  });

export const consentRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { config } = context;
  const secret = config.api.consentTokenSecret;

  // The page posts a plain HTML form, so it works without JavaScript.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 32 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  app.addHook('onSend', async (_request, reply) => {
    // The token in the address is a credential: never cache it, leak it as a referrer or frame the page.
    void reply.headers({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  const check = (token: string): ConsentTokenPayload => {
    const result = verifyConsentToken(secret, token);
    if (result.valid) return result.payload;
    if (result.reason === 'expired') {
      const payload = unverifiedPayload(token);
      throw new ConsentPageError(410, {
        kind: 'expired',
        language: payload ? languageOf(payload) : 'en',
        expiresAt: payload?.expiresAt ?? Date.now(),
      });
    }
    // Whether the signature or the shape is wrong, and which case it named, stays unsaid.
    throw new ConsentPageError(404, { kind: 'invalid' });
  };

  const consentRecordOf = async (payload: ConsentTokenPayload) => {
    const language = languageOf(payload);
    const state = await readCase(context, payload.caseNumber).catch((error: unknown) => {
      if (error instanceof HttpError && error.statusCode === 404) throw new ConsentPageError(404, { kind: 'invalid' });
      throw error;
    });
    const record = state.consents.find((consent) => consent.consenteeId === payload.consenteeId);
    if (!record) throw new ConsentPageError(404, { kind: 'invalid' });
    if (record.decision) {
      throw new ConsentPageError(409, { kind: 'already-answered', language }, payload.caseNumber);
    }
    // In dispute, on hold or closed, the case would refuse the answer: the page does not offer a form it cannot take.
    if (stageConflict('recordConsent', state.stage))
      throw new ConsentPageError(409, { kind: 'not-waiting', language }, payload.caseNumber);
    return record;
  };

  const renderError = (raised: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const error = fromRegistry(raised) as FastifyError | Error;
    const token = (request.params as { token?: unknown } | undefined)?.token;
    const verified = typeof token === 'string' ? verifyConsentToken(secret, token) : undefined;
    const payload = verified?.valid ? verified.payload : undefined;
    const language = payload ? languageOf(payload) : undefined;
    const send = (status: number, page: string) => reply.code(status).type('text/html; charset=utf-8').send(page);

    if (error instanceof ConsentPageError) {
      return send(error.statusCode, consentNoticePage(error.notice, error.caseNumber));
    }
    if (hasZodFastifySchemaValidationErrors(error) && error.validationContext === 'body' && payload) {
      return send(400, questionPage(payload, request.url, 'choose-answer'));
    }
    const status = error instanceof HttpError ? error.statusCode : ((error as FastifyError).statusCode ?? 500);
    if (status === 429)
      return send(429, consentNoticePage(language ? { kind: 'too-many', language } : { kind: 'invalid' }));
    // Without a valid token, say only that the link does not work; a key nobody issued is still refused as such.
    if (status >= 400 && status < 500 && !payload) {
      return send(status === 401 ? 401 : 404, consentNoticePage({ kind: 'invalid' }));
    }
    if (status >= 400 && status < 500) {
      return send(status, consentNoticePage({ kind: 'failed', language: language! }, payload?.caseNumber));
    }
    if (status >= 500) request.log.error({ err: error }, 'consent page failed');
    if (error instanceof HttpError) void reply.headers(error.headers);
    return send(status === 503 ? 503 : 500, consentNoticePage({ kind: 'failed', language: language ?? 'en' }));
  };

  app.get(
    '/consent/:token',
    {
      errorHandler: renderError,
      config: { rateLimit: { max: config.api.rateLimit.consentMax, timeWindow: config.api.rateLimit.windowMs } },
      schema: {
        summary: 'The consent page a guardian or child opens from their link (HTML, in their language)',
        tags: ['consent'],
        params: tokenParam,
        response: pages(pageStatuses),
      },
    },
    async (request, reply) => {
      const payload = check(request.params.token);
      await consentRecordOf(payload);
      return reply.type('text/html; charset=utf-8').send(questionPage(payload, request.url));
    },
  );

  app.post(
    '/consent/:token',
    {
      errorHandler: renderError,
      config: { rateLimit: { max: config.api.rateLimit.consentMax, timeWindow: config.api.rateLimit.windowMs } },
      schema: {
        summary: 'Record consent or refusal from the consent page',
        tags: ['consent'],
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        params: tokenParam,
        body: answerBody,
        response: pages([...pageStatuses, 415]),
      },
    },
    async (request, reply) => {
      const payload = check(request.params.token);
      const language = languageOf(payload);
      // No query first: the case's own validator refuses an answer it is not waiting for, and only then is the case
      // read to say why. A reaction costs one round trip to the case, not two (bench/RESULTS.md).
      const { decision, views, healthSharing } = request.body;
      const actor: Actor = {
        id: payload.consenteeId,
        role: payload.role === 'child' || payload.role === 'adult' ? 'child' : 'guardian',
      };
      // A double-clicked button sends the same answer twice: the same update ID makes the second a no-op.
      const updateId = `consent:${createHash('sha256').update(request.params.token).digest('base64url').slice(0, 32)}:${decision}`;
      await updateCase(
        context,
        payload.caseNumber,
        recordConsentUpdate,
        [
          {
            actor,
            consenteeId: payload.consenteeId,
            decision,
            ...(views ? { views } : {}),
            ...(healthSharing ? { healthSharing } : {}),
          },
        ],
        updateId,
      ).catch(async (error: unknown) => {
        if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
        // The case refused the answer: say why in the person's words, not the workflow's.
        await consentRecordOf(payload);
        throw new ConsentPageError(
          error.statusCode === 404 ? 404 : 409,
          { kind: 'not-waiting', language },
          payload.caseNumber,
        );
      });
      request.log.info(
        { event: `consent-${decision}`, caseNumber: payload.caseNumber, role: payload.role },
        `consent ${decision} through the link (${payload.role})`,
      );
      return reply
        .type('text/html; charset=utf-8')
        .send(consentNoticePage({ kind: decision, language }, payload.caseNumber));
    },
  );
};

/** The payload of a token whose signature is valid but which has expired: read only to pick the page language. */
function unverifiedPayload(token: string): ConsentTokenPayload | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as unknown;
    if (!payload || typeof payload !== 'object') return undefined;
    const { language, expiresAt } = payload as Partial<ConsentTokenPayload>;
    if (typeof expiresAt !== 'number') return undefined;
    return { ...(payload as ConsentTokenPayload), language: languages.includes(language!) ? language! : 'en' };
  } catch {
    return undefined;
  }
}

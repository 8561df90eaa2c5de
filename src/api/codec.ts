/**
 * Temporal's remote codec protocol, so the Temporal UI can show decrypted payloads to authorised people only.
 * POST /codec/decode and /codec/encode take and return `{ payloads: [{ metadata: {k: base64}, data: base64 }] }`.
 *
 * Authorisation: a Bearer API key of a role that may see personal data, or a codec session cookie obtained with
 * such a key at /codec/session (the browser sends it when the UI's codec setting "include cross-origin credentials"
 * is on; the UI on :8233 and the API on :3000 are the same site, so a SameSite=Strict cookie is enough).
 */
import { createHmac } from 'node:crypto';
import cors from '@fastify/cors';
import type { Payload } from '@temporalio/common';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiKey } from '../config';
import { personalDataRoles, type ApiRole } from '../domain/authorisation';
import { AesGcmCodec } from '../temporal/codec';
import type { ApiContext } from './context';
import { isValidCaseNumber } from '../domain/case-number';
import { logAccess } from './access-log';
import { ensureCaseParty } from './case-access';
import { badRequest, forbidden, HttpError, unauthorised, withArticle } from './errors';
import { sameSecret } from './same-secret';
import { errorBody } from './schemas';

const SESSION_COOKIE = 'homeward_codec';
const SESSION_HOURS = 8;

const base64 = z
  .string()
  .max(4 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
const payloadsBody = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string().max(256), base64).default({}), data: base64.optional() }))
    .max(1000),
});
type WirePayloads = z.infer<typeof payloadsBody>;

const toPayload = (wire: WirePayloads['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(wire.metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
  ),
  data: Buffer.from(wire.data ?? '', 'base64'),
});
const toWire = (payload: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([key, value]) => [
      key,
      Buffer.from(value ?? new Uint8Array()).toString('base64'),
    ]),
  ),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});

/** Case numbers named in decoded payloads (a case's input and messages carry it): whose data a decode showed. */
function casesNamedIn(payloads: Payload[]): string[] {
  const named = new Set<string>();
  for (const payload of payloads) {
    for (const match of Buffer.from(payload.data ?? new Uint8Array())
      .toString('utf8')
      .matchAll(CASE_NUMBERS)) {
      if (isValidCaseNumber(match[0])) named.add(match[0]);
    }
  }
  return [...named].slice(0, 50);
}
const CASE_NUMBERS = /HW-\d{4}-\d{6}-[A-HJ-NP-Y]/g;

export const codecRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { config, db } = context;
  const { keys, currentKeyId, corsOrigins } = config.encryption;
  const codec = keys.length && currentKeyId ? new AesGcmCodec(keys, currentKeyId) : undefined;
  const sessionSecret = createHmac('sha256', config.api.consentTokenSecret || 'homeward')
    .update('codec-session')
    .digest();

  await app.register(cors, {
    origin: [...corsOrigins, ...(config.encryption.devUiOrigins ?? [])],
    credentials: true,
    methods: ['POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'x-namespace', 'authorization'],
    maxAge: 600,
  });

  const signSession = (caller: ApiKey, expiresAt: number) => {
    const body = Buffer.from(
      JSON.stringify({ a: caller.actorId, r: caller.role, o: caller.organisation, e: expiresAt }),
    ).toString('base64url');
    return `${body}.${createHmac('sha256', sessionSecret).update(body).digest('base64url')}`;
  };
  const sessionOf = (
    request: FastifyRequest,
  ): { role: ApiRole; actorId: string; organisation?: string } | undefined => {
    const cookie = request.headers.cookie
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${SESSION_COOKIE}=`));
    const [body, signature] = (cookie?.slice(SESSION_COOKIE.length + 1) ?? '').split('.');
    if (!body || !signature) return undefined;
    if (!sameSecret(signature, createHmac('sha256', sessionSecret).update(body).digest('base64url'))) return undefined;
    const session = JSON.parse(Buffer.from(body, 'base64url').toString()) as {
      a: string;
      r: ApiRole;
      o?: string;
      e: number;
    };
    if (session.e <= Date.now()) return undefined;
    return { role: session.r, actorId: session.a, ...(session.o ? { organisation: session.o } : {}) };
  };

  // The embedded UI of `npm run dev` decodes as the dev operator: its browser sends no key, and the dev server's CLI
  // has no setting that would make it send one. Only in development, only from that UI's origin (browsers set Origin).
  const devOperator = (request: FastifyRequest) =>
    request.headers.origin !== undefined && config.encryption.devUiOrigins?.includes(request.headers.origin)
      ? { role: 'supervisor' as const, actorId: 'dev-operator' }
      : undefined;
  const decoderOf = (request: FastifyRequest) => request.caller ?? sessionOf(request) ?? devOperator(request);

  const authorise = async (request: FastifyRequest) => {
    const role = decoderOf(request)?.role;
    if (!role)
      throw unauthorised('decoding needs an API key (Authorization: Bearer …) or a codec session from /codec/session');
    // Decoded payloads show a child's personal data: only roles that may read it may decode.
    if (!personalDataRoles.includes(role))
      throw forbidden(
        `decoding case data is for ${personalDataRoles.join(', ')} keys; yours is ${withArticle(role)} key`,
      );
    if (!codec) throw badRequest('no encryption key is configured, so there is nothing to decode');
  };

  // Recorded before the plain payloads are answered: one entry per case they name, or one that names none.
  const logDecode = async (request: FastifyRequest, decoded: Payload[]) => {
    const actor = decoderOf(request)!;
    const cases = casesNamedIn(decoded);
    // A party's staff decode the cases shared with it only.
    for (const caseNumber of cases) await ensureCaseParty(context, actor, caseNumber);
    for (const caseNumber of cases.length ? cases : [undefined])
      await logAccess(db, request, { kind: 'codec-decode', ...(caseNumber ? { caseNumber } : {}), actor });
  };

  for (const direction of ['encode', 'decode'] as const) {
    app.post(
      `/${direction}`,
      {
        preHandler: authorise,
        schema: {
          summary: `Temporal remote codec: ${direction} payloads for the Temporal UI`,
          tags: ['codec'],
          security: [{ bearer: [] }],
          body: payloadsBody,
          response: { 200: payloadsBody, 400: errorBody, 401: errorBody, 403: errorBody },
        },
      },
      async (request) => {
        const payloads = request.body.payloads.map(toPayload);
        try {
          const result = direction === 'encode' ? await codec!.encode(payloads) : await codec!.decode(payloads);
          if (direction === 'decode') await logDecode(request, result);
          return { payloads: result.map(toWire) };
        } catch (error) {
          if (error instanceof HttpError) throw error;
          throw badRequest(`cannot ${direction} these payloads: ${(error as Error).message}`);
        }
      },
    );
  }

  app.get('/session', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8')
      .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Homeward: decode in the Temporal UI</title></head>
<body><main><h1>Decode case data in the Temporal UI</h1>
<p>Paste an API key allowed to see personal data. A session cookie valid for ${SESSION_HOURS} hours lets the Temporal UI decode payloads
once its codec setting “include cross-origin credentials” is on.</p>
<form method="post" action="/codec/session"><label for="key">API key</label> <input id="key" name="key" type="password" autocomplete="off" required>
<button type="submit">Start session</button></form></main></body></html>`),
  );

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 4096 },
      (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
  }

  app.post(
    '/session',
    { schema: { hide: true, body: z.object({ key: z.string().min(1).max(256) }) } },
    async (request, reply) => {
      const caller = config.api.keys.find((key) => sameSecret(request.body.key, key.key));
      if (!caller) throw unauthorised('the API key is not recognised');
      if (!personalDataRoles.includes(caller.role))
        throw forbidden(`${withArticle(caller.role)} key may not decode case data`);
      const expiresAt = Date.now() + SESSION_HOURS * 3_600_000;
      void reply.header(
        'set-cookie',
        `${SESSION_COOKIE}=${signSession(caller, expiresAt)}; Path=/codec; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}`,
      );
      return reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Session started</title></head><body><p>Codec session started. Return to the Temporal UI.</p></body></html>',
        );
    },
  );
};

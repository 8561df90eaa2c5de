/** Reports received from the other side: uploaded as their own bytes with their provenance, sealed, downloaded. */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeRoles } from '../../domain/authorisation';
import { openFile, sealFile } from '../../health/file-keys';
import {
  acceptReport,
  checkFileName,
  reportLimits,
  reportMediaTypes,
  ReportRefused,
  type ReportMediaType,
} from '../../health/report-files';
import { sealedReport, storeReport } from '../../registry/health';
import { purposeQuery } from '../access-log';
import { callerOf, requireRole } from '../auth';
import { requireCaseParty } from '../case-access';
import type { ApiContext } from '../context';
import { badRequest, HttpError, notFound } from '../errors';
import { caseNumberParam, errorBody, idempotencyHeaders } from '../schemas';
import {
  recordHealthAccess,
  reachOf,
  refuseClosed,
  requireEncryption,
  requireFull,
  secured,
  withoutCase,
  reportSchema,
} from './access';

const reportParams = caseNumberParam.extend({
  reportId: z.string().regex(/^R-[0-9a-f]{16}$/, 'a report ID: R-<16 hex digits>'),
});

const provenanceText = z
  .string()
  .regex(/^[\p{L}\p{N} ._()'/:-]{2,120}$/u, "a few words: letters, digits, spaces and ._()'/:- only, up to 120");

const uploadHeaders = idempotencyHeaders
  .extend({
    'x-file-name': z
      .string()
      .min(1)
      .max(600)
      .describe('The file name, percent-encoded (UTF-8); a plain name, never a path'),
    'x-supplied-by': provenanceText.describe('Who supplied the report: an authority, a facility, a partner'),
    'x-supplied-at': z.iso.datetime({ offset: true }).describe('When it was supplied'),
    'x-channel': provenanceText.describe('Through which channel: the humanitarian channel, a handover, a partner'),
  })
  .loose();

const extensionOf: Record<ReportMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/json': 'json',
};

/** Reports come as their own bytes, in their own media type: this plugin reads bodies as bytes, the rest as JSON. */
export const reportRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db } = context;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    [...reportMediaTypes],
    { parseAs: 'buffer', bodyLimit: reportLimits.maxBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/cases/:caseNumber/health/reports',
    {
      onRequest: requireRole(...routeRoles.uploadHealthReport),
      preHandler: requireCaseParty(context),
      bodyLimit: reportLimits.maxBytes,
      schema: {
        ...secured,
        summary: `Upload a report received from the other side: PDF, PNG, JPEG or JSON, at most ${reportLimits.maxBytes / 1024 / 1024} MiB, with its provenance`,
        description:
          'The body is the file itself, sent with its media type as Content-Type. Its content is checked against that type (a file that is two formats is refused), images are stripped of their metadata, and the file is stored encrypted with a key of its own.',
        params: caseNumberParam,
        headers: uploadHeaders,
        response: {
          200: reportSchema.describe(
            'A repeat of an upload under the same Idempotency-Key: the report stored the first time',
          ),
          201: reportSchema,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          413: errorBody,
          415: errorBody,
          422: errorBody,
          503: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      const { keys, currentKeyId } = requireEncryption(context);
      const reach = await reachOf(context, caller, caseNumber);
      if (caller.role === 'clinician') requireFull(reach, 'uploading a report');
      refuseClosed(reach.state);
      if (request.headers['content-encoding'] && request.headers['content-encoding'] !== 'identity')
        throw new HttpError(415, 'invalid', 'send the report as it is, without a Content-Encoding');
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() as ReportMediaType;
      let name: string;
      try {
        name = decodeURIComponent(request.headers['x-file-name']);
      } catch {
        throw badRequest('X-File-Name: percent-encode the file name as UTF-8');
      }
      const body = request.body as Buffer;
      let content: Buffer;
      try {
        checkFileName(name, mediaType);
        content = acceptReport(mediaType, body);
      } catch (error) {
        if (error instanceof ReportRefused)
          throw new HttpError(error.status, error.status === 415 ? 'invalid' : 'rejected', error.message);
        throw error;
      }
      // A retried upload under the same key is the same report: stored once, answered again.
      const key = request.headers['idempotency-key'];
      const reportId = key
        ? `R-${createHash('sha256').update(`${caseNumber}:${caller.actorId}:${key}`).digest('hex').slice(0, 16)}`
        : `R-${randomBytes(8).toString('hex')}`;
      const earlier = key ? await sealedReport(db, caseNumber, reportId) : undefined;
      if (earlier) return reply.code(200).send(withoutCase(earlier.record));
      const record = await storeReport(db, {
        reportId,
        caseNumber,
        mediaType,
        byteSize: content.length,
        suppliedBy: request.headers['x-supplied-by'],
        suppliedAt: request.headers['x-supplied-at'],
        channel: request.headers['x-channel'],
        uploadedBy: caller.actorId,
        sealed: sealFile(keys, currentKeyId, reportId, { name, content }),
      });
      await recordHealthAccess(context, request, reach, 'health-report-upload', {
        reportId,
        mediaType,
        byteSize: content.length,
      });
      return reply.code(201).send(withoutCase(record));
    },
  );

  app.get(
    '/cases/:caseNumber/health/reports/:reportId',
    {
      onRequest: requireRole(...routeRoles.healthContent),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary: 'Download a received report (the case’s clinicians), as it was stored',
        params: reportParams,
        querystring: purposeQuery,
        response: {
          200: {
            description: 'The report, in its media type, as an attachment',
            content: Object.fromEntries(reportMediaTypes.map((type) => [type, { schema: z.string() }])),
          },
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          503: errorBody,
        },
      },
    },
    async (request, reply) => {
      const { caseNumber, reportId } = request.params;
      const reach = await reachOf(context, callerOf(request), caseNumber);
      requireFull(reach, 'a received report');
      const found = await sealedReport(db, caseNumber, reportId);
      if (!found) throw notFound(`case ${caseNumber} has no report ${reportId}`);
      await recordHealthAccess(context, request, reach, 'health-report', { reportId });
      const { name, content } = openFile(context.config.encryption.keys, reportId, found.sealed);
      const type = found.record.mediaType as ReportMediaType;
      return (
        reply
          .type(type)
          .header(
            'content-disposition',
            `attachment; filename="${reportId}.${extensionOf[type]}"; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store')
          // Bytes go out as they are: Fastify serialises no Buffer, whatever the schema says of the 200.
          .send(content as unknown as string)
      );
    },
  );
};

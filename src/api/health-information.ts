/**
 * A case's health information through the API, shared by purpose (src/domain/health-access.ts): the care team named
 * by a coordinator, the summary written and reviewed by the case's clinicians, read by each as their purpose allows,
 * exported as a FHIR IPS document, and the reports received from the other side. Every read and write is in the
 * access log before it is answered, and in the audit trail as a content-free registry entry.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeRoles } from '../domain/authorisation';
import type { ActorRole, CaseState } from '../domain/case';
import { healthAccessOf, healthSharingConsented, purposeStageOf, type HealthAccess } from '../domain/health-access';
import {
  careTeamSchema,
  completenessOf,
  followUpOutcomeSchema,
  healthSectionNames,
  healthSummarySchema,
  journeySubset,
  type CareTeam,
  type HealthSummary,
} from '../domain/health-summary';
import { openFile, sealFile } from '../health/file-keys';
import { ipsBundle } from '../health/ips-bundle';
import {
  acceptReport,
  checkFileName,
  reportLimits,
  reportMediaTypes,
  ReportRefused,
  type ReportMediaType,
} from '../health/report-files';
import type { AccessKind } from '../registry/access-log';
import { appendRegistryEntry } from '../registry/audit';
import { findCase } from '../registry/cases';
import {
  careTeamOf,
  reportsOf,
  reviewSummary,
  saveCareTeam,
  sealedReport,
  storedSummary,
  storeReport,
  writeSummary,
  type ReportRecord,
  type StoredSummary,
} from '../registry/health';
import { dataConverterFor } from '../temporal/connection';
import { seal, unseal } from '../temporal/sealed';
import { recordHealthSummaryStatusUpdate, withdrawHealthSharingUpdate } from '../workflows/messages';
import { logAccess, purposeQuery } from './access-log';
import { callerOf, requireRole, type Caller } from './auth';
import { requireCaseParty } from './case-access';
import { readCase, updateCase } from './case-workflow';
import type { ApiContext } from './context';
import { badRequest, conflict, forbidden, HttpError, notFound } from './errors';
import { actionOutcome, caseNumberParam, errorBody, idempotencyHeaders, noSuchCase } from './schemas';

const reportSchema = z.object({
  reportId: z.string(),
  mediaType: z.enum(reportMediaTypes),
  byteSize: z.number().int(),
  suppliedBy: z.string(),
  suppliedAt: z.string(),
  channel: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

const summaryView = z
  .object({
    caseNumber: z.string(),
    shown: z
      .enum(['status', 'journey', 'content', 'full'])
      .describe(
        "What the caller's purpose lets them see: status only, the journey's subset, the summary (coordinators, where the deployment allows), or everything",
      ),
    exists: z.boolean(),
    revision: z.number().int().optional(),
    complete: z.boolean(),
    missing: z.array(z.enum(healthSectionNames)).describe('Sections not stated yet (neither items nor "none known")'),
    reviewed: z.boolean().describe('Reviewed by a clinician at this revision'),
    reviewedBy: z.string().optional(),
    reviewedAt: z.string().optional(),
    updatedAt: z.string().optional(),
    careTeam: careTeamSchema,
    reportCount: z.number().int(),
    summary: z.object({}).loose().optional().describe('The summary, or the journey subset for the escort'),
    reports: z.array(reportSchema).optional().describe("The received reports' provenance, for the case's clinicians"),
  })
  .describe("A case's health summary as the caller's purpose allows");

const reviewBody = z.object({
  revision: z.number().int().min(1).describe('The revision reviewed: a summary changed since is not taken as reviewed'),
});

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

/** Health information is kept only encrypted: without a key it is refused, never stored in clear. */
function requireEncryption(context: ApiContext): {
  keys: ApiContext['config']['encryption']['keys'];
  currentKeyId: string;
} {
  const { keys, currentKeyId } = context.config.encryption;
  if (!keys.length || !currentKeyId)
    throw new HttpError(
      503,
      'no-encryption-key',
      'health information is stored only encrypted, and no encryption key is configured (ENCRYPTION_KEYS)',
    );
  return { keys, currentKeyId };
}

interface Reach {
  state: CaseState;
  team: CareTeam | undefined;
  access: HealthAccess;
}

/** The case, its care team, and what the caller may see of its health information now: 404 or 403 otherwise. */
async function reachOf(context: ApiContext, caller: Caller, caseNumber: string): Promise<Reach> {
  if (!(await findCase(context.db, caseNumber))) throw notFound(noSuchCase(caseNumber));
  const [state, team] = await Promise.all([readCase(context, caseNumber), careTeamOf(context.db, caseNumber)]);
  const decision = healthAccessOf(caller, team, purposeStageOf(state), {
    coordinatorsSeeContent: context.config.api.healthContentForCoordinators,
    consented: healthSharingConsented(state.consents),
  });
  if ('refusal' in decision) throw forbidden(decision.refusal);
  return { state, team, access: decision.access };
}

function requireFull(reach: Reach, what: string): void {
  if (reach.access !== 'full')
    throw forbidden(`${what} is for the clinicians of the case while the child is in their care`);
}

/** The access log entry, then the content-free audit entry: neither names anything the summary or a report says. */
async function recordHealthAccess(
  context: ApiContext,
  request: FastifyRequest,
  reach: Pick<Reach, 'state'>,
  kind: AccessKind,
  data: Record<string, string | number | boolean> = {},
): Promise<void> {
  const caller = callerOf(request);
  const { caseNumber } = reach.state;
  await logAccess(context.db, request, { kind, caseNumber });
  await appendRegistryEntry(context.db, caseNumber, {
    at: new Date().toISOString(),
    // The access log's kind names the entry: what was done, never what was seen.
    type: kind,
    actor: { id: caller.actorId, role: caller.role as ActorRole },
    stage: reach.state.stage,
    data,
  });
}

/** Tells the case its summary's flags and who receives the child: the only health facts its workflow ever holds. */
async function tellCase(
  context: ApiContext,
  caller: Caller,
  caseNumber: string,
  stored: StoredSummary | undefined,
  team: CareTeam | undefined,
): Promise<void> {
  await updateCase(context, caseNumber, recordHealthSummaryStatusUpdate, [
    {
      actor: { id: caller.actorId, role: caller.role as ActorRole },
      complete: stored?.complete ?? false,
      reviewed: stored?.review !== undefined,
      revision: stored?.revision ?? 0,
      ...(team?.receivingClinicianId ? { receivingClinicianId: team.receivingClinicianId } : {}),
    },
  ]);
}

function refuseClosed(state: CaseState): void {
  if (state.stage === 'closed')
    throw conflict(`case ${state.caseNumber} is closed: its health information is kept as it is`);
}

const statusOf = (
  caseNumber: string,
  stored: StoredSummary | undefined,
  team: CareTeam | undefined,
  reportCount: number,
) => ({
  caseNumber,
  exists: stored !== undefined,
  ...(stored ? { revision: stored.revision, updatedAt: stored.updatedAt } : {}),
  complete: stored?.complete ?? false,
  missing: stored?.missing ?? [...healthSectionNames],
  reviewed: stored?.review !== undefined,
  ...(stored?.review ? { reviewedBy: stored.review.by, reviewedAt: stored.review.at } : {}),
  careTeam: team ?? {},
  reportCount,
});

const extensionOf: Record<ReportMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'application/json': 'json',
};

const secured = { tags: ['health'], security: [{ bearer: [] }] };

export const healthInformationRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db, config } = context;
  const dataConverter = dataConverterFor(config);

  app.put(
    '/cases/:caseNumber/health/care-team',
    {
      onRequest: requireRole(...routeRoles.assignCareTeam),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary: "Name the case's escort and clinicians (coordinators, supervisors)",
        params: caseNumberParam,
        body: careTeamSchema,
        response: {
          200: summaryView,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          422: errorBody,
          503: errorBody,
        },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      const reach = await reachOf(context, caller, caseNumber);
      refuseClosed(reach.state);
      await saveCareTeam(db, caseNumber, request.body, caller.actorId);
      await recordHealthAccess(context, request, reach, 'health-care-team', {
        escort: Boolean(request.body.escortId),
        sendingClinician: Boolean(request.body.sendingClinicianId),
        receivingClinician: Boolean(request.body.receivingClinicianId),
      });
      const stored = await storedSummary(db, caseNumber);
      await tellCase(context, caller, caseNumber, stored, request.body);
      return {
        ...statusOf(caseNumber, stored, request.body, (await reportsOf(db, caseNumber)).length),
        shown: 'status' as const,
      };
    },
  );

  app.put(
    '/cases/:caseNumber/health/summary',
    {
      onRequest: requireRole(...routeRoles.healthContent),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary:
          "Record the child's health summary (the case's clinicians); it replaces the one before and needs a new review",
        params: caseNumberParam,
        body: healthSummarySchema,
        response: {
          200: summaryView,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          422: errorBody,
          503: errorBody,
        },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      requireEncryption(context);
      const reach = await reachOf(context, caller, caseNumber);
      requireFull(reach, 'writing the health summary');
      refuseClosed(reach.state);
      const completeness = completenessOf(request.body);
      const revision = await writeSummary(db, caseNumber, {
        sealed: await seal(dataConverter, request.body),
        complete: completeness.complete,
        missing: completeness.missing,
        by: caller.actorId,
      });
      await recordHealthAccess(context, request, reach, 'health-summary-write', {
        revision,
        complete: completeness.complete,
      });
      const stored = await storedSummary(db, caseNumber);
      await tellCase(context, caller, caseNumber, stored, reach.team);
      return {
        ...statusOf(caseNumber, stored, reach.team, (await reportsOf(db, caseNumber)).length),
        shown: 'status' as const,
      };
    },
  );

  app.post(
    '/cases/:caseNumber/health/summary/review',
    {
      onRequest: requireRole(...routeRoles.healthContent),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary: 'Record that a clinician reviewed this revision of the summary (a repeat changes nothing)',
        params: caseNumberParam,
        headers: idempotencyHeaders,
        body: reviewBody,
        response: {
          200: summaryView,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          422: errorBody,
          503: errorBody,
        },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      const reach = await reachOf(context, caller, caseNumber);
      requireFull(reach, 'reviewing the health summary');
      refuseClosed(reach.state);
      const before = await storedSummary(db, caseNumber);
      if (!before) throw notFound(`case ${caseNumber} has no health summary yet: PUT it first`);
      if (!(await reviewSummary(db, caseNumber, request.body.revision, caller.actorId)))
        throw conflict(
          `the summary is at revision ${before.revision}, not ${request.body.revision}: read it again and review what it says now`,
        );
      await recordHealthAccess(context, request, reach, 'health-summary-write', {
        revision: request.body.revision,
        reviewed: true,
      });
      const stored = await storedSummary(db, caseNumber);
      await tellCase(context, caller, caseNumber, stored, reach.team);
      return {
        ...statusOf(caseNumber, stored, reach.team, (await reportsOf(db, caseNumber)).length),
        shown: 'status' as const,
      };
    },
  );

  app.post(
    '/cases/:caseNumber/health/summary/follow-ups',
    {
      onRequest: requireRole(...routeRoles.healthContent),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary: 'Record what a medical follow-up visit found into the summary (the receiving clinician, in aftercare)',
        params: caseNumberParam,
        headers: idempotencyHeaders,
        body: followUpOutcomeSchema,
        response: {
          200: summaryView,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          422: errorBody,
          503: errorBody,
        },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      requireEncryption(context);
      const reach = await reachOf(context, caller, caseNumber);
      requireFull(reach, 'recording a follow-up into the health summary');
      refuseClosed(reach.state);
      if (reach.state.stage !== 'aftercare' && reach.state.hold?.resumeStage !== 'aftercare')
        throw conflict(`a follow-up's outcome is recorded in aftercare; the case is in stage ${reach.state.stage}`);
      const { followUpId } = request.body;
      if (!reach.state.followUps.some((visit) => visit.id === followUpId))
        throw new HttpError(
          422,
          'rejected',
          `no ${followUpId} in this case; it has ${reach.state.followUps.map((visit) => visit.id).join(', ')}`,
        );
      const before = await storedSummary(db, caseNumber);
      const summary = before ? await unseal<HealthSummary>(dataConverter, before.sealed) : {};
      // A visit recorded again (a correction) replaces what it said before.
      const outcomes = [
        ...(summary.followUpOutcomes ?? []).filter((item) => item.followUpId !== followUpId),
        request.body,
      ];
      const updated: HealthSummary = { ...summary, followUpOutcomes: outcomes };
      const completeness = completenessOf(updated);
      const revision = await writeSummary(db, caseNumber, {
        sealed: await seal(dataConverter, updated),
        complete: completeness.complete,
        missing: completeness.missing,
        by: caller.actorId,
      });
      await recordHealthAccess(context, request, reach, 'health-summary-write', { revision, followUp: followUpId });
      const stored = await storedSummary(db, caseNumber);
      await tellCase(context, caller, caseNumber, stored, reach.team);
      return {
        ...statusOf(caseNumber, stored, reach.team, (await reportsOf(db, caseNumber)).length),
        shown: 'status' as const,
      };
    },
  );

  app.get(
    '/cases/:caseNumber/health/summary',
    {
      onRequest: requireRole(...routeRoles.readHealthSummary),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary:
          "The child's health summary as the caller's purpose allows: the escort the journey's part, clinicians all, coordinators its status",
        params: caseNumberParam,
        querystring: purposeQuery,
        // 503: a case with no view yet is queried, and its worker may not answer.
        response: { 200: summaryView, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 503: errorBody },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const reach = await reachOf(context, callerOf(request), caseNumber);
      const stored = await storedSummary(db, caseNumber);
      const reports = await reportsOf(db, caseNumber);
      const status = statusOf(caseNumber, stored, reach.team, reports.length);
      const kind: AccessKind =
        reach.access === 'full' || reach.access === 'content'
          ? 'health-summary'
          : reach.access === 'journey'
            ? 'health-journey'
            : 'health-status';
      await recordHealthAccess(context, request, reach, kind, { revision: stored?.revision ?? 0 });
      if (reach.access === 'status' || !stored) return { ...status, shown: reach.access };
      const summary = await unseal<HealthSummary>(dataConverter, stored.sealed);
      if (reach.access === 'journey') return { ...status, shown: 'journey' as const, summary: journeySubset(summary) };
      if (reach.access === 'content') return { ...status, shown: 'content' as const, summary };
      return { ...status, shown: 'full' as const, summary, reports: reports.map(withoutCase) };
    },
  );

  app.get(
    '/cases/:caseNumber/health/summary/fhir',
    {
      onRequest: requireRole(...routeRoles.healthContent),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary: 'The summary as an HL7 FHIR R4 International Patient Summary document Bundle (the case’s clinicians)',
        params: caseNumberParam,
        querystring: purposeQuery,
        response: {
          200: {
            description: 'A FHIR R4 Bundle of type document',
            content: { 'application/fhir+json': { schema: z.object({ resourceType: z.literal('Bundle') }).loose() } },
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
      const { caseNumber } = request.params;
      const reach = await reachOf(context, callerOf(request), caseNumber);
      requireFull(reach, 'the IPS export');
      const stored = await storedSummary(db, caseNumber);
      if (!stored) throw notFound(`case ${caseNumber} has no health summary yet`);
      await recordHealthAccess(context, request, reach, 'health-export', { revision: stored.revision });
      const bundle = ipsBundle({
        caseNumber,
        registration: reach.state.registration,
        summary: await unseal<HealthSummary>(dataConverter, stored.sealed),
        revision: stored.revision,
        ...(stored.review ? { reviewedBy: stored.review.by } : {}),
        baseUrl: config.api.publicBaseUrl,
      });
      return reply
        .type('application/fhir+json')
        .header('cache-control', 'no-store')
        .send({ ...bundle });
    },
  );

  app.post(
    '/cases/:caseNumber/health/sharing-withdrawals',
    {
      onRequest: requireRole(...routeRoles.assignCareTeam),
      preHandler: requireCaseParty(context),
      schema: {
        ...secured,
        summary:
          "Record a guardian's withdrawal of the health information's sharing, told to a coordinator: the escort and the receiving clinician see nothing from now on",
        params: caseNumberParam,
        headers: idempotencyHeaders,
        body: z.object({ consenteeId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a claimant reference') }),
        response: {
          200: actionOutcome,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          422: errorBody,
          503: errorBody,
        },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      if (!(await findCase(db, caseNumber))) throw notFound(noSuchCase(caseNumber));
      const key = request.headers['idempotency-key'];
      const outcome = await updateCase(
        context,
        caseNumber,
        withdrawHealthSharingUpdate,
        [{ actor: { id: caller.actorId, role: caller.role as ActorRole }, consenteeId: request.body.consenteeId }],
        ...(key ? [`health-sharing-withdrawal:${caller.actorId}:${key}`] : []),
      );
      return { caseNumber, stage: outcome.stage, event: { ...outcome.event } };
    },
  );

  await app.register(reportRoutes, context);
};

const withoutCase = ({ caseNumber: _case, ...report }: ReportRecord) => report;

/** Reports come as their own bytes, in their own media type: this plugin reads bodies as bytes, the rest as JSON. */
const reportRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
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

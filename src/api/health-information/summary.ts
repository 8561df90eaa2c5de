/** The health summary: written, reviewed and completed by follow-ups by the case's clinicians, read by purpose. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { routeRoles } from '../../domain/authorisation';
import {
  completenessOf,
  followUpOutcomeSchema,
  healthSummarySchema,
  journeySubset,
  type HealthSummary,
} from '../../domain/health-summary';
import type { AccessKind } from '../../registry/access-log';
import { reportsOf, reviewSummary, storedSummary, writeSummary } from '../../registry/health';
import { dataConverterFor } from '../../temporal/connection';
import { seal, unseal } from '../../temporal/sealed';
import { purposeQuery } from '../access-log';
import { callerOf, requireRole } from '../auth';
import { requireCaseParty } from '../case-access';
import type { ApiContext } from '../context';
import { conflict, HttpError, notFound } from '../errors';
import { caseNumberParam, errorBody, idempotencyHeaders } from '../schemas';
import {
  changeRefusals,
  recordHealthAccess,
  reachOf,
  requireEncryption,
  secured,
  statusOf,
  summaryView,
  tellCase,
  withoutCase,
  writableReach,
} from './access';

const reviewBody = z.object({
  revision: z.number().int().min(1).describe('The revision reviewed: a summary changed since is not taken as reviewed'),
});

export const summaryRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { db, config } = context;
  const dataConverter = dataConverterFor(config);

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
        response: { 200: summaryView, ...changeRefusals },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      requireEncryption(context);
      const reach = await writableReach(context, caller, caseNumber, 'writing the health summary');
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
        response: { 200: summaryView, ...changeRefusals },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      const reach = await writableReach(context, caller, caseNumber, 'reviewing the health summary');
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
        response: { 200: summaryView, ...changeRefusals },
      },
    },
    async (request) => {
      const { caseNumber } = request.params;
      const caller = callerOf(request);
      requireEncryption(context);
      const reach = await writableReach(context, caller, caseNumber, 'recording a follow-up into the health summary');
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
};

/**
 * What every health-information route shares: the guards (encryption configured, the caller's reach, the case open),
 * the record of each access, the word to the case's workflow, and the views answered.
 */
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ActorRole, CaseState } from '../../domain/case';
import { healthAccessOf, healthSharingConsented, purposeStageOf, type HealthAccess } from '../../domain/health-access';
import { careTeamSchema, healthSectionNames, type CareTeam } from '../../domain/health-summary';
import { reportMediaTypes } from '../../health/report-files';
import type { AccessKind } from '../../registry/access-log';
import { appendRegistryEntry } from '../../registry/audit';
import { findCase } from '../../registry/cases';
import { careTeamOf, type ReportRecord, type StoredSummary } from '../../registry/health';
import { recordHealthSummaryStatusUpdate } from '../../workflows/messages';
import { logAccess } from '../access-log';
import { callerOf, type Caller } from '../auth';
import { readCase, updateCase } from '../case-workflow';
import type { ApiContext } from '../context';
import { conflict, forbidden, HttpError, notFound } from '../errors';
import { errorBody, noSuchCase } from '../schemas';

export const reportSchema = z.object({
  reportId: z.string(),
  mediaType: z.enum(reportMediaTypes),
  byteSize: z.number().int(),
  suppliedBy: z.string(),
  suppliedAt: z.string(),
  channel: z.string(),
  uploadedBy: z.string(),
  uploadedAt: z.string(),
});

export const summaryView = z
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

export function requireEncryption(context: ApiContext): {
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

export interface Reach {
  state: CaseState;
  team: CareTeam | undefined;
  access: HealthAccess;
}

/** The case, its care team, and what the caller may see of its health information now: 404 or 403 otherwise. */
export async function reachOf(context: ApiContext, caller: Caller, caseNumber: string): Promise<Reach> {
  if (!(await findCase(context.db, caseNumber))) throw notFound(noSuchCase(caseNumber));
  const [state, team] = await Promise.all([readCase(context, caseNumber), careTeamOf(context.db, caseNumber)]);
  const decision = healthAccessOf(caller, team, purposeStageOf(state), {
    coordinatorsSeeContent: context.config.api.healthContentForCoordinators,
    consented: healthSharingConsented(state.consents),
  });
  if ('refusal' in decision) throw forbidden(decision.refusal);
  return { state, team, access: decision.access };
}

export function requireFull(reach: Reach, what: string): void {
  if (reach.access !== 'full')
    throw forbidden(`${what} is for the clinicians of the case while the child is in their care`);
}

/** The access log entry, then the content-free audit entry: neither names anything the summary or a report says. */
export async function recordHealthAccess(
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
export async function tellCase(
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

export function refuseClosed(state: CaseState): void {
  if (state.stage === 'closed')
    throw conflict(`case ${state.caseNumber} is closed: its health information is kept as it is`);
}

/** The reach of a caller changing a case's health information: full sight of it, on a case still open. */
export async function writableReach(context: ApiContext, caller: Caller, caseNumber: string, what: string) {
  const reach = await reachOf(context, caller, caseNumber);
  requireFull(reach, what);
  refuseClosed(reach.state);
  return reach;
}

/** What a route that changes a case's health information answers besides its 200. */
export const changeRefusals = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
  503: errorBody,
};

export const statusOf = (
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

export const secured = { tags: ['health'], security: [{ bearer: [] }] };

export const withoutCase = ({ caseNumber: _case, ...report }: ReportRecord) => report;

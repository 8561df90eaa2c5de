/**
 * `POST /cases/:caseNumber/<action>`: one route per message the case workflow accepts from a coordinator or a
 * reviewer. Each handler checks the role, sends the workflow update as the caller, and answers what the case
 * recorded; the workflow's own rejection (wrong stage, wrong party, invalid message) comes back as 409, 403 or 422.
 */
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { messageRouteRoles, type ApiRole } from '../domain/authorisation';
import type { Actor } from '../domain/case';
import type { MessageName } from '../domain/next-step';
import { childSchema, claimantList, documentReferences, languageCode, typedText } from '../domain/registration';
import {
  confirmHandoverUpdate,
  decideDisputeUpdate,
  holdUpdate,
  provideIdentityDetailsUpdate,
  raiseDisputeUpdate,
  recordFollowUpUpdate,
  recordTransitEventUpdate,
  recordTravelDocumentsUpdate,
  requestDnaUpdate,
  resumeUpdate,
  signVerificationUpdate,
  withdrawConsentUpdate,
  withdrawUpdate,
  type MessageOutcome,
} from '../workflows/messages';
import { callerOf, requireRole } from './auth';
import { ensureCaseParty, requireCaseParty } from './case-access';
import { updateCase } from './case-workflow';
import type { ApiContext, Caller } from './context';
import { forbidden, withArticle } from './errors';
import { actionOutcome, caseNumberParam, errorBody, idempotencyHeaders } from './schemas';

const reason = typedText(500, 'give a reason');
const note = z
  .string()
  .max(1000, 'keep the note under 1000 characters')
  .transform((value) => value.trim())
  .optional();
const reference = z
  .string()
  .regex(/^[A-Za-z0-9._:/-]{1,80}$/, 'letters, digits, dot, dash, colon, slash and underscore, up to 80');

// Partial child details: no defaults here, so a correction never resets a field the coordinator did not send.
const childCorrection = z
  .object({
    names: childSchema.shape.names.optional(),
    birthDate: childSchema.shape.birthDate,
    estimatedAgeYears: childSchema.shape.estimatedAgeYears,
    placeOfOrigin: childSchema.shape.placeOfOrigin.optional(),
    currentLocation: childSchema.shape.currentLocation.optional(),
    language: languageCode.optional(),
    email: childSchema.shape.email,
  })
  .strict();

const identityDetails = z
  .object({
    child: childCorrection.optional(),
    claimants: claimantList.optional(),
    documents: documentReferences.strict().optional(),
  })
  .strict()
  .refine((body) => body.child ?? body.claimants ?? body.documents, {
    message: 'send at least one of child, claimants or documents',
  });

export interface ActionRoute<Body extends z.ZodType = z.ZodType, Args = unknown> {
  path: string;
  /** The case's message this route sends: which stages it applies in is the domain's (messageStages). */
  message: MessageName;
  roles: ApiRole[];
  summary: string;
  body: Body;
  update: UpdateDefinition<MessageOutcome, [Args]>;
  toArgs: (body: z.output<Body>, actor: Actor) => Args;
}

/** An action's roles are the domain's: who may send its message (domain/authorisation.ts). */
const defineAction = <Body extends z.ZodType, Args>(route: Omit<ActionRoute<Body, Args>, 'roles'>) =>
  ({ ...route, roles: messageRouteRoles(route.message) }) as unknown as ActionRoute;

/**
 * Sends one case action as the caller and answers what the case recorded: what the JSON route and the desk's forms
 * both call once the body has passed the route's schema. The roles and the caller's party are checked here too, so no
 * caller skips them: a case not shared with the caller's organisation answers 404, as if it did not exist.
 */
export async function performCaseAction(
  context: ApiContext,
  caller: Caller,
  route: ActionRoute,
  caseNumber: string,
  body: unknown,
  options: { idempotencyKey?: string; log: FastifyBaseLogger },
): Promise<z.input<typeof actionOutcome>> {
  if (!route.roles.includes(caller.role))
    throw forbidden(`this action is for ${route.roles.join(' or ')}; you act as ${withArticle(caller.role)}`);
  await ensureCaseParty(context, caller, caseNumber);
  const actor: Actor = { id: caller.actorId, role: caller.role as Actor['role'] };
  // Scoped by action and caller, so one caller's key never answers with another's result.
  const updateId = options.idempotencyKey ? `${route.path}:${caller.actorId}:${options.idempotencyKey}` : undefined;
  const outcome = await updateCase(context, caseNumber, route.update, [route.toArgs(body, actor)], updateId);
  options.log.info(
    { event: outcome.event.type, caseNumber, stage: outcome.stage, actorRole: caller.role },
    `${outcome.event.type} by ${caller.role}; stage ${outcome.stage}`,
  );
  return { caseNumber, stage: outcome.stage, event: { ...outcome.event } };
}

function action(app: FastifyInstance, context: ApiContext, route: ActionRoute): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    `/cases/:caseNumber/${route.path}`,
    {
      onRequest: requireRole(...route.roles),
      preHandler: requireCaseParty(context),
      schema: {
        summary: route.summary,
        description: `For ${route.roles.join(' and ')} keys. Send an Idempotency-Key to retry safely.`,
        tags: ['case actions'],
        security: [{ bearer: [] }],
        params: caseNumberParam,
        headers: idempotencyHeaders,
        body: route.body,
        response: {
          200: actionOutcome,
          400: errorBody,
          401: errorBody,
          403: errorBody,
          404: errorBody,
          409: errorBody,
          422: errorBody,
          429: errorBody,
        },
      },
    },
    async (request) => {
      const key = request.headers['idempotency-key'];
      return performCaseAction(context, callerOf(request), route, request.params.caseNumber, request.body, {
        ...(key ? { idempotencyKey: key } : {}),
        log: request.log,
      });
    },
  );
}

/** Every case action, in the order the desk offers them. */
export const caseActions: ActionRoute[] = [
  defineAction({
    path: 'identity-details',
    message: 'provideIdentityDetails',
    summary: "Supply missing or corrected identity details: the child's, the claimants' or document references",
    body: identityDetails,
    update: provideIdentityDetailsUpdate,
    toArgs: (body, actor) => ({
      actor,
      ...(body.child ? { child: body.child } : {}),
      ...(body.claimants ? { claimants: body.claimants } : {}),
      ...(body.documents ? { documents: body.documents } : {}),
    }),
  }),
  defineAction({
    path: 'dna-request',
    message: 'requestDna',
    summary: 'Ask for DNA testing by a partner lab, with the reason',
    body: z.object({ reason }).strict(),
    update: requestDnaUpdate,
    toArgs: (body, actor) => ({ actor, reason: body.reason }),
  }),
  defineAction({
    path: 'dispute',
    message: 'raiseDispute',
    summary: 'Raise a dispute for a neutral reviewer: a competing claim, contradictory records, or another concern',
    body: z.object({ reason: z.enum(['competing-claim', 'contradictory-records', 'coordinator']), note }).strict(),
    update: raiseDisputeUpdate,
    toArgs: (body, actor) => ({ actor, reason: body.reason, ...(body.note ? { note: body.note } : {}) }),
  }),
  defineAction({
    path: 'hold',
    message: 'hold',
    summary: 'Put the case on hold, e.g. when access to a facility is denied',
    body: z.object({ reason }).strict(),
    update: holdUpdate,
    toArgs: (body, actor) => ({ actor, reason: body.reason }),
  }),
  defineAction({
    path: 'resume',
    message: 'resume',
    summary: 'Resume a case that is on hold, at the stage it was held in',
    body: z.object({}).strict().nullish(),
    update: resumeUpdate,
    toArgs: (_body, actor) => ({ actor }),
  }),
  defineAction({
    path: 'withdraw',
    message: 'withdraw',
    summary: 'Withdraw the case: bookings already made are cancelled and the case closes',
    body: z.object({ reason }).strict(),
    update: withdrawUpdate,
    toArgs: (body, actor) => ({ actor, reason: body.reason }),
  }),
  defineAction({
    path: 'travel-documents',
    message: 'recordTravelDocuments',
    summary: "Record the child's emergency travel documents as issued",
    body: z.object({ documentReference: reference }).strict(),
    update: recordTravelDocumentsUpdate,
    toArgs: (body, actor) => ({ actor, documentReference: body.documentReference }),
  }),
  defineAction({
    path: 'transit-events',
    message: 'recordTransitEvent',
    summary: 'Record a transit event: departed, an incident on the way, or arrived',
    body: z.object({ event: z.enum(['departed', 'incident', 'arrived']), note }).strict(),
    update: recordTransitEventUpdate,
    toArgs: (body, actor) => ({ actor, event: body.event, ...(body.note ? { note: body.note } : {}) }),
  }),
  defineAction({
    path: 'handover',
    message: 'confirmHandover',
    summary: "Record a handover signature: the escort's or the receiving guardian's",
    body: z.object({ signedBy: z.enum(['escort', 'guardian']) }).strict(),
    update: confirmHandoverUpdate,
    toArgs: (body, actor) => ({ actor, signedBy: body.signedBy }),
  }),
  defineAction({
    path: 'follow-ups',
    message: 'recordFollowUp',
    summary: 'Record a follow-up visit as completed or missed, with the areas it covered',
    body: z
      .object({
        followUpId: reference,
        outcome: z.enum(['completed', 'missed']),
        areas: z
          .array(z.enum(['school', 'counselling', 'medical']))
          .max(3)
          .optional(),
      })
      .strict(),
    update: recordFollowUpUpdate,
    toArgs: (body, actor) => ({
      actor,
      followUpId: body.followUpId,
      outcome: body.outcome,
      ...(body.areas ? { areas: body.areas } : {}),
    }),
  }),
  defineAction({
    path: 'consent-withdrawals',
    message: 'withdrawConsent',
    summary: 'Record that a guardian or the child withdrew consent (told to the coordinator), before departure',
    body: z.object({ consenteeId: reference, reason: note }).strict(),
    update: withdrawConsentUpdate,
    toArgs: (body, actor) => ({
      actor,
      consenteeId: body.consenteeId,
      ...(body.reason ? { reason: body.reason } : {}),
    }),
  }),
  defineAction({
    path: 'verification',
    message: 'signVerification',
    summary: 'Sign off the identity as verified, or reject it (which opens a dispute)',
    body: z.object({ decision: z.enum(['verified', 'rejected']), note }).strict(),
    update: signVerificationUpdate,
    toArgs: (body, actor) => ({ actor, decision: body.decision, ...(body.note ? { note: body.note } : {}) }),
  }),
  defineAction({
    path: 'dispute-decision',
    message: 'decideDispute',
    summary: 'Decide an open dispute: resume, send back to verification, or close as not a match',
    body: z
      .object({
        disputeId: reference,
        decision: z.enum(['resume', 're-verify-records', 're-verify-dna', 'close-not-a-match']),
        note,
      })
      .strict(),
    update: decideDisputeUpdate,
    toArgs: (body, actor) => ({
      actor,
      disputeId: body.disputeId,
      decision: body.decision,
      ...(body.note ? { note: body.note } : {}),
    }),
  }),
];

export const caseActionRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  for (const route of caseActions) action(app, context, route);
};

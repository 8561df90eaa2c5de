/** The case page and its forms: the case as the person may see it, its audit export, its actions and its assignment. */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { assignCase, assignableCoordinators } from '../api/assignment';
import { caseActions, performCaseAction } from '../api/case-actions';
import { logAccess } from '../api/access-log';
import { readCase } from '../api/case-workflow';
import { personalDataRoles } from '../domain/authorisation';
import { withoutPersonalData } from '../domain/personal-data';
import type { ApiContext } from '../api/context';
import { HttpError } from '../api/errors';
import type { CaseState } from '../domain/case';
import { auditTrail } from '../registry/audit';
import { exportTrail } from '../registry/audit-export';
import { assignmentOf } from '../registry/case-assignments';
import { findCase } from '../registry/cases';
import { caseMain, type PostedForm } from './case-page';
import { problemsOf } from './form-problems';
import { formToBody, jsonSchemaOf, type FormValues } from './forms';
import { eventWords, say, stages, ui } from './i18n';
import { refusalOf } from './refusals';
import { caseNumberOf, clockOf, DeskPageError, firstOf, framed, hidden, safeReturn, sendPage, valuesOf } from './pages';
import { deskGuards } from './guards';

export const caseRoutes: FastifyPluginAsync<ApiContext> = async (app, context) => {
  const { db } = context;
  const coordinators = assignableCoordinators(context.config);
  const { signedIn, checkedForm, caseParty } = deskGuards(context);

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
};

/** Registering a case at the desk (coordinators): the form, its problems, and the possible duplicates it finds. */
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { readCase } from '../api/case-workflow';
import { registerCase } from '../api/cases';
import type { ApiContext } from '../api/context';
import { HttpError } from '../api/errors';
import { registrationSchema, type Registration } from '../domain/registration';
import { problemsOf } from './form-problems';
import { formToBody, type FormValues } from './forms';
import { say, ui } from './i18n';
import { refusalOf } from './refusals';
import { duplicatesMain, registrationMain, registrationFormSchema, type Candidate } from './registration-page';
import { clockOf, firstOf, framed, hidden, sendPage, valuesOf } from './pages';
import { deskGuards } from './guards';

export const registrationRoutes: FastifyPluginAsync<ApiContext> = async (app, context) => {
  const { signedIn, checkedForm, coordinatorOnly } = deskGuards(context);

  app.get('/register', { ...hidden, preHandler: [signedIn, coordinatorOnly] }, async (request, reply) => {
    const session = request.deskSession!;
    const clock = clockOf(session);
    // A party's coordinator registers for their own organisation only: the form starts with it.
    const { organisation } = session.person;
    const values = organisation ? { 'organisation.id': organisation } : undefined;
    return sendPage(
      reply,
      200,
      framed(
        request,
        say(clock.language, ui.registerTitle),
        registrationMain(clock, session.csrfToken, values),
        'register',
      ),
    );
  });

  app.post('/register', { ...hidden, preHandler: [signedIn, checkedForm, coordinatorOnly] }, async (request, reply) => {
    const session = request.deskSession!;
    const clock = clockOf(session);
    const form = request.body as FormValues;
    const values = valuesOf(form);
    const input = formToBody(registrationFormSchema(), values) as Record<string, unknown>;
    const decision = firstOf(form._decision);
    if (decision === 'link') input.duplicateDecision = { linkTo: firstOf(form._linkTo) };
    if (decision === 'different') input.duplicateDecision = { confirmedDifferentFrom: [form._candidates ?? []].flat() };
    const title = say(clock.language, ui.registerTitle);
    const parsed = registrationSchema.safeParse(input);
    if (!parsed.success)
      return sendPage(
        reply,
        422,
        framed(
          request,
          title,
          registrationMain(clock, session.csrfToken, values, problemsOf(clock.language, parsed.error as z.ZodError)),
          'register',
        ),
      );
    try {
      const answer = await registerCase(context, session.person, parsed.data, request.log);
      const done = answer.status === 201 ? 'registered' : decision === 'link' ? 'linked' : 'existing';
      return reply.redirect(`/desk/cases/${answer.body.caseNumber}?done=${done}`, 303);
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode >= 500) throw error;
      const candidates = (error.extra.candidates ?? []) as Candidate[];
      const unseen = typeof error.extra.unseenCandidates === 'number' ? error.extra.unseenCandidates : 0;
      if (error.statusCode === 409 && (candidates.length || unseen)) {
        const compared = await Promise.all(
          candidates.map(async (candidate) => ({
            ...candidate,
            ...(await readCase(context, candidate.caseNumber).then(
              (state) => ({ state }),
              () => ({}),
            )),
          })),
        );
        return sendPage(
          reply,
          409,
          framed(
            request,
            say(clock.language, ui.duplicatesTitle),
            duplicatesMain(clock, session.csrfToken, parsed.data as Registration, values, compared, unseen),
            'register',
          ),
        );
      }
      return sendPage(
        reply,
        error.statusCode,
        framed(
          request,
          title,
          registrationMain(clock, session.csrfToken, values, undefined, refusalOf(clock.language, error)),
          'register',
        ),
      );
    }
  });
};

/** The work queue: the cases waiting on the person's audience, filtered, paged and searched. */
import type { FastifyPluginAsync } from 'fastify';
import { partyScopeOf } from '../api/case-access';
import type { ApiContext } from '../api/context';
import { HttpError } from '../api/errors';
import { countryCodes } from '../domain/countries';
import { queuePage, searchCases, type Audience } from '../registry/case-queue';
import { say, ui } from './i18n';
import type { DeskPerson } from './identity';
import { queueMain, queueQuery, pageSize } from './queue-page';
import { clockOf, framed, hidden, sendPage } from './pages';
import { deskGuards } from './guards';

const audienceOf = (person: DeskPerson): Audience =>
  person.role === 'coordinator' ? 'desk' : person.role === 'reviewer' ? 'reviewer' : 'all';

export const queueRoutes: FastifyPluginAsync<ApiContext> = async (app, context) => {
  const { db } = context;
  const { signedIn } = deskGuards(context);

  app.get('/', { ...hidden, preHandler: signedIn }, async (request, reply) => {
    const session = request.deskSession!;
    const parsed = queueQuery.safeParse(request.query);
    if (!parsed.success) throw new HttpError(400, 'invalid', 'bad filter');
    const query = parsed.data;
    const { person } = session;
    const party = partyScopeOf(person, context.config.api.sharing);
    const [{ rows, total }, found] = await Promise.all([
      queuePage(
        db,
        {
          audience: audienceOf(person),
          ...(query.stage ? { stage: query.stage } : {}),
          ...(query.waitingOn ? { waitingOn: query.waitingOn } : {}),
          ...(query.escalated ? { escalated: query.escalated === 'yes' } : {}),
          ...(query.from ? { from: query.from } : {}),
          ...(query.to ? { to: query.to } : {}),
          ...(query.assigned === 'me' ? { assignedTo: person.actorId } : {}),
          ...(query.assigned === 'nobody' ? { unassigned: true } : {}),
          ...(party ? { party } : {}),
        },
        { number: query.page, size: pageSize },
      ),
      query.q ? searchCases(db, query.q, 25, party) : Promise.resolve(undefined),
    ]);
    const clock = clockOf(session);
    return sendPage(
      reply,
      200,
      framed(
        request,
        say(clock.language, ui.queue),
        queueMain({
          clock,
          person,
          csrfToken: session.csrfToken,
          query,
          countries: [...countryCodes],
          rows,
          total,
          ...(found ? { found } : {}),
        }),
        'queue',
      ),
    );
  });
};

/**
 * Parties at the desk: a person signed in for one organisation sees and acts on the cases shared with it only. Another
 * party's case is no case to them (the desk's own 404 page, in their language, without the child's data), whether they
 * open it, send one of its forms, assign it, export its trail, find it in the queue or search for it. The 409 of a
 * likely duplicate names another party's case only as existing.
 */
import type { ApiKey } from '../../src/config';
import { apiKeyProvider, devAccountsProvider } from '../../src/desk/identity';
import type { RegistrationInput } from '../../src/domain/registration';
import {
  auth,
  caseState,
  startPartneredStack,
  waitForStageWaiting,
  withDocuments,
  type PartneredStack,
} from '../api/api-support';
import { registration } from '../support/fixtures';
import { testKeys, type TestStack } from '../support/stack';
import { postForm, signIn, type DeskSession } from './desk-support';

const sharing = { 'RU>*': ['ru-authority', 'neutral-desk'], 'UA>*': ['ua-authority', 'neutral-desk'] };
const partyKeys = {
  ua: { key: 'desk-party-coordinator-ua-001', role: 'coordinator', actorId: 'coord-ua', organisation: 'ua-authority' },
  ru: { key: 'desk-party-coordinator-ru-001', role: 'coordinator', actorId: 'coord-ru', organisation: 'ru-authority' },
  field: {
    key: 'desk-party-coordinator-fo-001',
    role: 'coordinator',
    actorId: 'coord-fo',
    organisation: 'field-office',
  },
  supervisorUa: {
    key: 'desk-party-supervisor-ua-0001',
    role: 'supervisor',
    actorId: 'sup-ua',
    organisation: 'ua-authority',
  },
} satisfies Record<string, ApiKey>;

describe('parties at the desk', () => {
  let partnered: PartneredStack;
  let stack: TestStack;
  /** The child is in Russia; registered by a field office: shared with the Russian authority and the neutral desk. */
  let fromRussia: string;
  let fromRussiaChild: RegistrationInput;
  /** The child is in Ukraine; registered by the Ukrainian authority. */
  let fromUkraine: string;
  let ukraineCoordinator: DeskSession;

  const register = (key: ApiKey, body: RegistrationInput) =>
    stack.app.inject({ method: 'POST', url: '/cases', headers: auth(key), payload: body });

  beforeAll(async () => {
    partnered = await startPartneredStack(
      { CASE_SHARING: JSON.stringify(sharing), RATE_LIMIT_MAX: '100000' },
      { lab: 'silent' },
      (config) => ({
        ...config,
        api: { ...config.api, devSignIn: true, keys: [...config.api.keys, ...Object.values(partyKeys)] },
      }),
    );
    stack = partnered.stack;
    fromRussiaChild = registration({
      ...withDocuments,
      organisation: { id: 'field-office', reference: `FO-${Date.now()}` },
    });
    const russian = await register(partyKeys.field, fromRussiaChild);
    expect(russian.statusCode).toBe(201);
    fromRussia = russian.json<{ caseNumber: string }>().caseNumber;
    const ukrainian = await register(
      partyKeys.ua,
      registration({
        ...withDocuments,
        organisation: { id: 'ua-authority', reference: `UA-${Date.now()}` },
        child: { ...registration().child, currentLocation: { country: 'UA' } },
      }),
    );
    expect(ukrainian.statusCode).toBe(201);
    fromUkraine = ukrainian.json<{ caseNumber: string }>().caseNumber;
    await waitForStageWaiting(stack, fromRussia, 'verification');
    await waitForStageWaiting(stack, fromUkraine, 'verification');
    ukraineCoordinator = await signIn(stack.app, 'coordinator:coord-ua');
  }, 120_000);
  afterAll(async () => {
    await partnered?.stop();
  });

  const page = (url: string, session: DeskSession) =>
    stack.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const childName = (body: RegistrationInput) => body.child.names[0]!.value;

  it("answers another party's case page, trail export and forms with the desk's 404 page, never the case", async () => {
    const casePage = await page(`/desk/cases/${fromRussia}`, ukraineCoordinator);
    expect(casePage.statusCode).toBe(404);
    expect(casePage.headers['content-type']).toContain('text/html');
    expect(casePage.body).toContain(`There is no case ${fromRussia}: check the number.`);
    expect(casePage.body).not.toContain(childName(fromRussiaChild));

    const exported = await page(`/desk/cases/${fromRussia}/audit-export`, ukraineCoordinator);
    expect(exported.statusCode).toBe(404);
    expect(exported.body).not.toContain('"entries"');

    // A valid form and an invalid one alike: an invalid one must not render the case beside its problems.
    for (const fields of [{ reason: 'access to the facility denied' }, { reason: ' ' }]) {
      const held = await postForm(stack.app, ukraineCoordinator, `/desk/cases/${fromRussia}/actions/hold`, fields);
      expect({ fields, status: held.statusCode }).toEqual({ fields, status: 404 });
      expect(held.body).toContain(`There is no case ${fromRussia}`);
      expect(held.body).not.toContain(childName(fromRussiaChild));
    }
    const assigned = await postForm(stack.app, ukraineCoordinator, `/desk/cases/${fromRussia}/assignment`, {
      assignee: 'coord-ua',
    });
    expect(assigned.statusCode).toBe(404);

    // Nothing reached the case: it is not on hold, and its trail records no assignment.
    expect((await caseState(stack, fromRussia)).stage).toBe('verification');
    const trail = await stack.app.inject({
      method: 'GET',
      url: `/cases/${fromRussia}/audit`,
      headers: auth(testKeys.supervisor),
    });
    const types = trail
      .json<{ entries: Array<{ event: { type: string } }> }>()
      .entries.map((entry) => entry.event.type);
    expect(types).not.toContain('case-assigned');
  });

  it('says so in the person’s own language', async () => {
    const ukrainian = await signIn(stack.app, 'coordinator:coord-ua', 'uk');
    const casePage = await page(`/desk/cases/${fromRussia}`, ukrainian);
    expect(casePage.statusCode).toBe(404);
    expect(casePage.body).toContain(`Справи ${fromRussia} немає: перевірте номер.`);
    const russian = await signIn(stack.app, 'coordinator:coord-ua', 'ru');
    expect((await page(`/desk/cases/${fromRussia}`, russian)).body).toContain(
      `Дела ${fromRussia} нет: проверьте номер.`,
    );
    // The language is the person's preference, for every session of theirs: back to English for the other tests.
    await signIn(stack.app, 'coordinator:coord-ua', 'en');
  });

  it('opens and lets a party act on the cases shared with it, by registration or by route', async () => {
    const form = await page('/desk/register', ukraineCoordinator);
    expect(form.body).toMatch(
      /id="register-organisation-id"[^>]*value="ua-authority"|value="ua-authority"[^>]*id="register-organisation-id"/,
    );
    const own = await page(`/desk/cases/${fromUkraine}`, ukraineCoordinator);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Signed in as coord-ua (coordinator), ua-authority');

    const russianAuthority = await signIn(stack.app, 'coordinator:coord-ru');
    const shared = await page(`/desk/cases/${fromRussia}`, russianAuthority);
    expect(shared.statusCode).toBe(200);
    expect(shared.body).toContain(childName(fromRussiaChild));
    const claimed = await postForm(stack.app, russianAuthority, `/desk/cases/${fromRussia}/assignment`, {
      assignee: 'coord-ru',
    });
    expect(claimed.statusCode).toBe(303);

    // The desk's read of the child's details is in the case's access log, with the reader's organisation.
    const log = await stack.app.inject({
      method: 'GET',
      url: `/cases/${fromRussia}/access-log`,
      headers: auth(testKeys.supervisor),
    });
    expect(log.json<{ entries: unknown[] }>().entries).toContainEqual(
      expect.objectContaining({ actorId: 'coord-ru', organisation: 'ru-authority', kind: 'case-details' }),
    );
  });

  it("lists in the queue and finds in the search the party's own cases only", async () => {
    const supervisor = await signIn(stack.app, 'supervisor:sup-ua');
    const queue = await page('/desk', supervisor);
    expect(queue.statusCode).toBe(200);
    const linkTo = (caseNumber: string) => `href="/desk/cases/${caseNumber}"`;
    expect(queue.body).toContain(linkTo(fromUkraine));
    expect(queue.body).not.toContain(linkTo(fromRussia));
    // The search box shows what was typed; the results are the links.
    const searched = await page(`/desk?q=${fromRussia}`, supervisor);
    expect(searched.statusCode).toBe(200);
    expect(searched.body).not.toContain(linkTo(fromRussia));
    expect((await page(`/desk?q=${fromUkraine}`, supervisor)).body).toContain(linkTo(fromUkraine));
    // A key that names no organisation (the deployment's own) still sees both.
    const everyone = await signIn(stack.app, 'supervisor:sup-dara');
    const all = await page('/desk', everyone);
    expect(all.body).toContain(linkTo(fromUkraine));
    expect(all.body).toContain(linkTo(fromRussia));
    expect((await page(`/desk?q=${fromRussia}`, everyone)).body).toContain(linkTo(fromRussia));
  });

  it("carries a key's organisation into the desk person, whichever way the key's holder signs in", async () => {
    const keys = Object.values(partyKeys);
    expect(await apiKeyProvider(keys).complete({ key: partyKeys.ua.key })).toEqual({
      actorId: 'coord-ua',
      role: 'coordinator',
      organisation: 'ua-authority',
    });
    expect(await devAccountsProvider(keys).complete({ account: 'supervisor:sup-ua' })).toEqual({
      actorId: 'sup-ua',
      role: 'supervisor',
      organisation: 'ua-authority',
    });
  });

  it('refuses the assignment route of the API for another party’s case as if it did not exist', async () => {
    const answer = await stack.app.inject({
      method: 'POST',
      url: `/cases/${fromRussia}/assignment`,
      headers: auth(partyKeys.ua),
      payload: { assignee: 'coord-ua' },
    });
    expect(answer.statusCode).toBe(404);
    expect(answer.json<{ message: string }>().message).toMatch(/does not exist/);
  });

  describe('the 409 of a likely duplicate', () => {
    /** A child registered by the field office in Russia (shared with the Russian authority), and a copy to register. */
    const registeredElsewhere = async () => {
      const child = registration({ organisation: { id: 'field-office', reference: `FO-${Date.now()}` } });
      const answer = await register(partyKeys.field, child);
      expect(answer.statusCode).toBe(201);
      const caseNumber = answer.json<{ caseNumber: string }>().caseNumber;
      const again = (organisation: string) => ({
        ...child,
        organisation: { id: organisation, reference: `DUP-${organisation}-${Date.now()}` },
      });
      return { caseNumber, again };
    };

    it("says another party's case exists without naming it, and will not link to it", async () => {
      const { caseNumber: fromRussia, again } = await registeredElsewhere();
      const body = again('ua-authority');
      const refused = await register(partyKeys.ua, body);
      expect(refused.statusCode).toBe(409);
      expect(refused.body).not.toContain(fromRussia);
      expect(refused.json()).toMatchObject({
        error: 'conflict',
        candidates: [],
        unseenCandidates: 1,
        message: expect.stringMatching(/may already be registered in a case of another party, which cannot be shown/),
      });

      const linked = await register(partyKeys.ua, { ...body, duplicateDecision: { linkTo: fromRussia } });
      expect(linked.statusCode).toBe(422);
      expect(linked.json<{ message: string }>().message).toBe(
        `there is no case ${fromRussia} to link this registration to`,
      );

      const registered = await register(partyKeys.ua, { ...body, duplicateDecision: { confirmedDifferentFrom: [] } });
      expect(registered.statusCode).toBe(201);
    });

    it('names the case to a party that may see it', async () => {
      const { caseNumber: fromRussia, again } = await registeredElsewhere();
      const refused = await register(partyKeys.ru, again('ru-authority'));
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ candidates: [expect.objectContaining({ caseNumber: fromRussia })] });
      expect(refused.json<{ message: string }>().message).toContain(`may already be registered as ${fromRussia}`);
      // An empty decision does not stand for a case the caller was shown.
      const undecided = await register(partyKeys.ru, {
        ...again('ru-authority'),
        duplicateDecision: { confirmedDifferentFrom: [] },
      });
      expect(undecided.statusCode).toBe(409);
    });

    it("shows the desk's coordinator that a likely duplicate exists, in their language, without its number", async () => {
      const { caseNumber: fromRussia, again } = await registeredElsewhere();
      const body = again('ua-authority');
      const fields: Record<string, string> = {
        'organisation.id': body.organisation.id,
        'organisation.reference': body.organisation.reference,
        'child.names.0.value': body.child.names[0]!.value,
        'child.names.1.value': body.child.names[1]!.value,
        'child.birthDate': String(body.child.birthDate),
        'child.placeOfOrigin.country': 'UA',
        'child.placeOfOrigin.locality': 'Mariupol',
        'child.currentLocation.country': 'RU',
        'child.currentLocation.facility': 'Facility 7',
        'child.language': 'uk',
        'claimants.0.id': 'mother',
        'claimants.0.name': 'Oksana Kovalenko',
        'claimants.0.relationship': 'mother',
        'claimants.0.isLegalGuardian': 'true',
        'claimants.0.country': 'UA',
        'claimants.0.language': 'uk',
        'claimants.0.email': 'oksana.kovalenko@example.org',
      };
      const ukrainian = await signIn(stack.app, 'coordinator:coord-ua', 'uk');
      const answer = await postForm(stack.app, ukrainian, '/desk/register', fields);
      expect(answer.statusCode).toBe(409);
      expect(answer.body).toContain('Реєстр також знайшов імовірні дублікати серед справ інших сторін (1)');
      expect(answer.body).not.toContain(fromRussia);
      expect(answer.body).toContain('Усе одно зареєструвати нову справу');
    });
  });
});

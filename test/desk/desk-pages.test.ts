/**
 * The desk's pages over HTTP (no browser): sessions and their cookie, CSRF, expiry and sign-out; the queue and its
 * filters and assignment; the forms against the API's own schemas; an operator's page without personal data; bad
 * input answered 4xx, never 5xx.
 */
import { routesOf } from '../../src/api/app';
import { caseActions } from '../../src/api/case-actions';
import { jsonSchemaOf, leafPaths, renderFields } from '../../src/desk/forms';
import { apiKeyProvider, devAccountsProvider } from '../../src/desk/identity';
import { registrationFormSchema, registrationOmits } from '../../src/desk/registration-page';
import { registrationSchema } from '../../src/domain/registration';
import {
  auth,
  registerCase,
  startPartneredStack,
  unknownCaseNumber,
  waitForStageWaiting,
  withDocuments,
  type PartneredStack,
} from '../api/api-support';
import { callers, catalogue, headersFor } from '../api/route-catalogue';
import { personalDataMarkers } from '../support/fixtures';
import { testKeys, type TestStack } from '../support/stack';
import { csrfOf, postForm, signIn, withDevSignIn } from './desk-support';

describe('the desk over HTTP', () => {
  let partnered: PartneredStack;
  let stack: TestStack;
  let caseNumber: string;
  beforeAll(async () => {
    partnered = await startPartneredStack({ RATE_LIMIT_MAX: '100000' }, { lab: 'silent' }, withDevSignIn);
    stack = partnered.stack;
    caseNumber = await registerCase(stack, withDocuments);
    await waitForStageWaiting(stack, caseNumber, 'verification');
  });
  afterAll(async () => {
    await partnered?.stop();
  });

  const page = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
    stack.app.inject({ method: 'GET', url, headers: { ...(cookie ? { cookie } : {}), ...headers } });

  it('sends a stranger to sign in, and signs a coordinator in with a strict, HttpOnly cookie', async () => {
    const home = await page('/desk');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/desk/sign-in?next=%2Fdesk');
    const form = await page('/desk/sign-in');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('coord-ana');
    expect(form.body).not.toContain(testKeys.coordinator.key);
    expect(form.headers['content-security-policy']).toContain("script-src 'self'");
    const session = await signIn(stack.app, 'coordinator:coord-ana');
    const queue = await page('/desk', session.cookie);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('coord-ana');
    expect(queue.headers['cache-control']).toBe('no-store');
  });

  it('sets the cookie HttpOnly, SameSite=Strict and on /desk only, and Secure everywhere but on loopback', async () => {
    const cookieOn = async (host: string) => {
      const form = await page('/desk/sign-in', undefined, { host });
      return String([form.headers['set-cookie']].flat()[0]);
    };
    const loopback = await cookieOn('127.0.0.1:3000');
    expect(loopback).toMatch(/; Path=\/desk; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(loopback).not.toContain('Secure');
    expect(await cookieOn('localhost')).not.toContain('Secure');
    expect(await cookieOn('desk.example.org')).toMatch(/; Secure$/);
  });

  it('refuses a sign-in without its form token, and a form without the session token or from another origin', async () => {
    const noToken = await stack.app.inject({
      method: 'POST',
      url: '/desk/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'account=coordinator%3Acoord-ana&language=en&timeZone=UTC',
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.headers['set-cookie']).not.toEqual(expect.stringContaining('homeward_desk='));
    const session = await signIn(stack.app, 'coordinator:coord-ana');
    const forged = await postForm(
      stack.app,
      { ...session, csrf: 'x'.repeat(43) },
      `/desk/cases/${caseNumber}/actions/hold`,
      {
        reason: 'forged',
      },
    );
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('This form is out of date');
    const crossSite = await stack.app.inject({
      method: 'POST',
      url: `/desk/cases/${caseNumber}/actions/hold`,
      headers: {
        cookie: session.cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: `_csrf=${session.csrf}&reason=forged`,
    });
    expect(crossSite.statusCode).toBe(403);
    const { stage } = await stack.app
      .inject({ method: 'GET', url: `/cases/${caseNumber}`, headers: auth(testKeys.coordinator) })
      .then((response) => response.json<{ stage: string }>());
    expect(stage).toBe('verification');
  });

  it('ends a session on sign-out, after its lifetime and after two idle hours', async () => {
    const out = await signIn(stack.app, 'coordinator:coord-ana');
    const signOut = await postForm(stack.app, out, '/desk/sign-out', {});
    expect(signOut.statusCode).toBe(303);
    expect((await page('/desk', out.cookie)).statusCode).toBe(303);
    const old = await signIn(stack.app, 'coordinator:coord-ana');
    const idle = await signIn(stack.app, 'reviewer:rev-chen');
    await stack.db.query(
      "UPDATE desk_sessions SET expires_at = now() - interval '1 second' WHERE actor_id = 'coord-ana'",
    );
    await stack.db.query(
      "UPDATE desk_sessions SET last_seen_at = now() - interval '121 minutes' WHERE actor_id = 'rev-chen'",
    );
    expect((await page('/desk', old.cookie)).statusCode).toBe(303);
    expect((await page('/desk', idle.cookie)).statusCode).toBe(303);
    const late = await postForm(stack.app, old, `/desk/cases/${caseNumber}/actions/hold`, { reason: 'late' });
    expect(late.statusCode).toBe(401);
    expect(late.body).toContain('Your session has ended');
  });

  it('lists the case in the reviewer’s queue, claims it, and filters by assignment, stage and escalation', async () => {
    const reviewer = await signIn(stack.app, 'reviewer:rev-chen');
    expect((await page('/desk', reviewer.cookie)).body).toContain(caseNumber);
    const coordinator = await signIn(stack.app, 'coordinator:coord-bo');
    const claimed = await postForm(stack.app, coordinator, `/desk/cases/${caseNumber}/assignment`, {
      assignee: 'coord-bo',
      _return: '/desk?assigned=me',
    });
    expect(claimed.statusCode).toBe(303);
    expect(claimed.headers.location).toBe('/desk?assigned=me&done=assigned');
    const trail = await stack.app.inject({
      method: 'GET',
      url: `/cases/${caseNumber}/audit`,
      headers: auth(testKeys.operator),
    });
    const assigned = trail
      .json<{ entries: Array<{ event: { type: string; actor: { id: string } } }> }>()
      .entries.find((entry) => entry.event.type === 'case-assigned');
    expect(assigned?.event.actor.id).toBe('coord-bo');
    const supervisor = await signIn(stack.app, 'supervisor:sup-dara');
    const mine = await page('/desk?assigned=nobody', supervisor.cookie);
    expect(mine.body).not.toContain(caseNumber);
    expect((await page('/desk?stage=verification&escalated=no', supervisor.cookie)).body).toContain(caseNumber);
    expect((await page('/desk?stage=consent', supervisor.cookie)).body).not.toContain(`>${caseNumber}<`);
    const search = await page(`/desk?q=${caseNumber.slice(3, 14)}`, supervisor.cookie);
    expect(search.body).toContain(`href="/desk/cases/${caseNumber}"`);
    // The JSON route does the same for an API key, and refuses a reviewer.
    const json = await stack.app.inject({
      method: 'POST',
      url: `/cases/${caseNumber}/assignment`,
      headers: auth(testKeys.supervisor),
      payload: { assignee: 'coord-ana' },
    });
    expect(json.json()).toEqual({ caseNumber, assignedTo: 'coord-ana', changed: true });
    const unknown = await stack.app.inject({
      method: 'POST',
      url: `/cases/${caseNumber}/assignment`,
      headers: auth(testKeys.supervisor),
      payload: { assignee: 'nobody-we-know' },
    });
    expect(unknown.statusCode).toBe(422);
  });

  it('shows an operator the case without personal data and without forms', async () => {
    const operator = await signIn(stack.app, 'operator:op-eli');
    const casePage = await page(`/desk/cases/${caseNumber}`, operator.cookie);
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('Personal data is not shown to operators');
    for (const marker of personalDataMarkers) expect(casePage.body).not.toContain(marker);
    expect(casePage.body).not.toContain('/actions/');
    const coordinator = await signIn(stack.app, 'coordinator:coord-ana');
    expect((await page(`/desk/cases/${caseNumber}`, coordinator.cookie)).body).toContain('Zlata');
  });

  it('signs in with an API key where the development accounts are off, never as a lab, and names accounts without keys', async () => {
    const keys = Object.values(testKeys);
    const byKey = apiKeyProvider(keys);
    expect(byKey.offer()).toEqual({ kind: 'key' });
    expect(await byKey.complete({ key: testKeys.reviewer.key })).toEqual({ actorId: 'rev-chen', role: 'reviewer' });
    expect(await byKey.complete({ key: testKeys.lab.key })).toBeUndefined();
    expect(await byKey.complete({ key: 'not-a-key' })).toBeUndefined();
    const offer = devAccountsProvider(keys).offer();
    expect(offer.kind === 'accounts' && offer.accounts.map((person) => `${person.role}:${person.actorId}`)).toEqual([
      'coordinator:coord-ana',
      'coordinator:coord-bo',
      'reviewer:rev-chen',
      'supervisor:sup-dara',
      'operator:op-eli',
    ]);
    const coordinator = await signIn(stack.app, 'coordinator:coord-ana');
    const badOrigin = await stack.app.inject({
      method: 'POST',
      url: `/desk/cases/${caseNumber}/actions/hold`,
      headers: { cookie: coordinator.cookie, origin: 'not a url', 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${coordinator.csrf}&reason=x`,
    });
    expect(badOrigin.statusCode).toBe(403);
  });

  it('builds every form from the schema the OpenAPI document states: a field for every field the API takes', () => {
    const fieldsOf = (html: string) =>
      [
        ...new Set(
          [...html.matchAll(/name="([^"_][^"]*)"/g)].map((match) => match[1]!.replace(/\.\d+(?=\.|$)/g, '.[]')),
        ),
      ].sort();
    for (const action of caseActions) {
      const schema = jsonSchemaOf(action.body);
      const html = renderFields(schema, { language: 'en', idPrefix: 'x', omit: ['child.names.script'] });
      const expected = leafPaths(schema).filter((path) => path && path !== 'child.names.[].script');
      expect({ action: action.path, fields: fieldsOf(html) }).toEqual({ action: action.path, fields: expected.sort() });
    }
    const registration = registrationFormSchema();
    expect(registration).toEqual(jsonSchemaOf(registrationSchema));
    const html = renderFields(registration, { language: 'en', idPrefix: 'r', omit: registrationOmits });
    const omitted = (path: string) => registrationOmits.some((omit) => path.replace(/\.\[\]/g, '').startsWith(omit));
    expect(fieldsOf(html)).toEqual(
      leafPaths(registration)
        .filter((path) => !omitted(path))
        .sort(),
    );
  });

  it('answers bad input with a page and a 4xx, never a 5xx', async () => {
    const coordinator = await signIn(stack.app, 'coordinator:coord-ana');
    const statuses = await Promise.all(
      [
        '/desk?stage=nonsense',
        '/desk?page=0',
        '/desk?from=XX',
        '/desk?q=' + 'x'.repeat(200),
        '/desk?unknown=1',
        `/desk/cases/not-a-case`,
        `/desk/cases/${unknownCaseNumber}`,
        `/desk/cases/HW-2026-000001-Q`,
      ].map(async (url) => [url, (await page(url, coordinator.cookie)).statusCode]),
    );
    for (const [url, status] of statuses)
      expect({ url, status: Number(status) < 500 && Number(status) >= 400 }).toEqual({ url, status: true });
    const posts: Array<[string, Record<string, string | string[]>]> = [
      [`/desk/cases/${caseNumber}/actions/not-an-action`, {}],
      [`/desk/cases/${caseNumber}/actions/hold`, { reason: '' }],
      [`/desk/cases/${caseNumber}/actions/hold`, { reason: ['a', 'b'] }],
      [`/desk/cases/${caseNumber}/actions/identity-details`, { _section: 'everything' }],
      [`/desk/cases/${caseNumber}/actions/follow-ups`, { followUpId: '../../etc', outcome: 'maybe' }],
      [`/desk/cases/${caseNumber}/assignment`, { assignee: '<script>' }],
      ['/desk/register', { 'child.estimatedAgeYears': 'many', 'claimants.0.isLegalGuardian': 'true' }],
      ['/desk/preferences', { language: 'fr', timeZone: 'Mars/Olympus' }],
    ];
    for (const [url, fields] of posts) {
      const response = await postForm(stack.app, coordinator, url, fields);
      expect({ url, status: response.statusCode >= 400 && response.statusCode < 500 }).toEqual({ url, status: true });
      expect(response.headers['content-type']).toContain('text/html');
    }
    const refused = await postForm(stack.app, coordinator, `/desk/cases/${caseNumber}/actions/hold`, { reason: ' ' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('This is needed.');
    expect(csrfOf(refused.body)).toBe(coordinator.csrf);
  });

  it("answers every caller of the desk's routes and the assignment route as the route catalogue says", async () => {
    const mine = (route: string) => route.startsWith('/desk') || route.endsWith('/assignment');
    const answered = routesOf(stack.app)
      .filter((route) => mine(route.url))
      .map((route) => `${route.method} ${route.url}`);
    const covered = catalogue.filter((entry) => mine(entry.route)).map((entry) => `${entry.method} ${entry.route}`);
    expect([...new Set(covered)].sort()).toEqual([...new Set(answered)].sort());
    const mismatches: string[] = [];
    for (const entry of catalogue.filter((candidate) => mine(candidate.route)))
      for (const caller of callers) {
        const { headers, ...request } = entry.request({ caseNumber });
        const response = await stack.app.inject({
          method: entry.method,
          ...request,
          headers: { ...headers, ...headersFor(caller) },
        });
        if (response.statusCode !== entry.expected[caller])
          mismatches.push(
            `${entry.method} ${entry.route} as ${caller}: ${response.statusCode}, expected ${entry.expected[caller]}`,
          );
      }
    expect(mismatches).toEqual([]);
  });
});

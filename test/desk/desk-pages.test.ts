/**
 * The desk's pages over HTTP (no browser): sessions and their cookie, CSRF, expiry and sign-out; the queue and its
 * filters; the case page's forms against the API's own schemas; bad input answered 4xx, never 5xx.
 */
import {
  registerCase,
  startPartneredStack,
  waitForStage,
  withDocuments,
  type PartneredStack,
} from '../api/api-support';
import { routesOf } from '../../src/api/app';
import { callers, catalogue, headersFor } from '../api/route-catalogue';
import type { TestStack } from '../support/stack';
import { csrfOf, postForm, signIn, withDevSignIn } from './desk-support';

describe('the desk over HTTP', () => {
  let partnered: PartneredStack;
  let stack: TestStack;
  beforeAll(async () => {
    partnered = await startPartneredStack({ RATE_LIMIT_MAX: '100000' }, { lab: 'silent' }, withDevSignIn);
    stack = partnered.stack;
  });
  afterAll(async () => {
    await partnered?.stop();
  });

  it('sends a stranger to sign in, and signs a coordinator in with a strict, HttpOnly cookie', async () => {
    const home = await stack.app.inject({ method: 'GET', url: '/desk' });
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/desk/sign-in?next=%2Fdesk');
    const form = await stack.app.inject({ method: 'GET', url: '/desk/sign-in' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('coord-ana');
    expect(form.body).not.toContain('test-coordinator-key');
    const session = await signIn(stack.app, 'coordinator:coord-ana');
    const page = await stack.app.inject({ method: 'GET', url: '/desk', headers: { cookie: session.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('coord-ana');
  });

  it('shows a registered case in the queue and on its page', async () => {
    const caseNumber = await registerCase(stack, withDocuments);
    await waitForStage(stack, caseNumber, 'verification');
    const coordinator = await signIn(stack.app, 'coordinator:coord-ana');
    const reviewer = await signIn(stack.app, 'reviewer:rev-chen');
    const queue = await stack.app.inject({ method: 'GET', url: '/desk', headers: { cookie: reviewer.cookie } });
    expect(queue.body).toContain(caseNumber);
    const casePage = await stack.app.inject({
      method: 'GET',
      url: `/desk/cases/${caseNumber}`,
      headers: { cookie: reviewer.cookie },
    });
    expect(casePage.statusCode).toBe(200);
    expect(casePage.body).toContain('Sign off the verification');
    const refused = await postForm(stack.app, coordinator, `/desk/cases/${caseNumber}/assignment`, {
      assignee: 'coord-ana',
    });
    expect(refused.statusCode).toBe(303);
    const signed = await postForm(
      stack.app,
      { cookie: reviewer.cookie, csrf: csrfOf(casePage.body) },
      `/desk/cases/${caseNumber}/actions/verification`,
      { decision: 'verified', _key: 'abcdefgh1234' },
    );
    expect(signed.statusCode).toBe(303);
    const after = await stack.app.inject({
      method: 'GET',
      url: signed.headers.location as string,
      headers: { cookie: reviewer.cookie },
    });
    expect(after.statusCode).toBe(200);
    expect(after.body).toContain('Identity signed off as verified');
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
        const { headers, ...request } = entry.request({ caseNumber: 'HW-2020-000001-U' });
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

import { routesOf } from '../../src/api/app';
import { startTestStack, type TestStack } from '../support/stack';
import { registerCase } from './api-support';
import { registration } from '../support/fixtures';
import { actionBodies, callers, catalogue, headersFor, type Caller } from './route-catalogue';

describe('the authorisation matrix: every route × every caller', () => {
  let stack: TestStack;
  let caseNumber: string;
  beforeAll(async () => {
    stack = await startTestStack({
      RATE_LIMIT_MAX: '100000',
      RATE_LIMIT_CONSENT_MAX: '100000',
      // The matrix sends a key nobody issued to every route: the failed-authentication limiter has its own test.
      AUTH_FAILURE_MAX: '100000',
    });
    caseNumber = await registerCase(stack);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('covers every route the app answers', () => {
    const answered = routesOf(stack.app).map((route) => `${route.method} ${route.url}`);
    const covered = catalogue.map((entry) => `${entry.method} ${entry.route}`);
    expect([...new Set(covered)].sort()).toEqual([...new Set(answered)].sort());
  });

  it('answers each caller with the expected status, and says why when it refuses', async () => {
    const table: Record<string, Partial<Record<Caller, number>>> = {};
    const mismatches: string[] = [];
    for (const entry of catalogue) {
      const row: Partial<Record<Caller, number>> = {};
      for (const caller of callers) {
        const { headers, ...request } = entry.request({ caseNumber });
        const response = await stack.app.inject({
          method: entry.method,
          ...request,
          headers: { ...headers, ...headersFor(caller) },
        });
        row[caller] = response.statusCode;
        if (response.statusCode !== entry.expected[caller]) {
          mismatches.push(
            `${entry.method} ${entry.route} as ${caller}: ${response.statusCode} (expected ${entry.expected[caller]}) ${response.body.slice(0, 200)}`,
          );
        }
        if (
          [401, 403].includes(response.statusCode) &&
          String(response.headers['content-type'] ?? '').includes('json')
        ) {
          expect(response.json<{ message: string }>().message).toMatch(/key|role|for /);
        }
      }
      table[`${entry.method} ${entry.route}`] = row;
    }
    if (process.env.HOMEWARD_PRINT_MATRIX) process.stderr.write(`${JSON.stringify(table, null, 1)}\n`);
    expect(mismatches).toEqual([]);
  });

  it('refuses a caller without a key before looking at what they sent', async () => {
    const response = await stack.app.inject({
      method: 'POST',
      url: '/cases/not-a-case/hold',
      payload: { nonsense: true },
    });
    expect(response.statusCode).toBe(401);
    const wrongRole = await stack.app.inject({
      method: 'POST',
      url: '/cases/not-a-case/verification',
      headers: headersFor('lab'),
      payload: { nonsense: true },
    });
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json<{ message: string }>().message).toMatch(/reviewer or supervisor keys; yours is a lab key/);
  });
});

/** A party's staff see and act on the cases shared with it (CASE_SHARING), and get 404 for any other. */
describe('the authorisation matrix: every organisation × every case', () => {
  const sharing = { 'RU>*': ['ru-authority', 'neutral-desk'], 'UA>*': ['ua-authority', 'neutral-desk'] };
  const organisations = ['field-office', 'ua-authority', 'ru-authority', 'neutral-desk', 'other-ngo'] as const;
  const partyKey = (organisation: string) => ({
    key: `party-supervisor-key-${organisation}`,
    role: 'supervisor' as const,
    actorId: `sup-${organisation}`,
    organisation,
  });
  const partyCoordinatorKey = (organisation: string) => ({
    key: `party-coordinator-key-${organisation}`,
    role: 'coordinator' as const,
    actorId: `coord-${organisation}`,
    organisation,
  });
  let stack: TestStack;
  /** Case → where the child is now, and who registered it. */
  const cases: Record<string, { from: string; registeredBy: string; parties: string[] }> = {};
  beforeAll(async () => {
    stack = await startTestStack(
      { CASE_SHARING: JSON.stringify(sharing), RATE_LIMIT_MAX: '100000' },
      {
        extraKeys: organisations.flatMap((organisation) => [partyKey(organisation), partyCoordinatorKey(organisation)]),
      },
    );
    for (const [from, registeredBy, parties] of [
      ['RU', 'field-office', ['field-office', 'ru-authority', 'neutral-desk']],
      ['UA', 'ua-authority', ['ua-authority', 'neutral-desk']],
    ] as const) {
      const base = registration();
      const answer = await stack.app.inject({
        method: 'POST',
        url: '/cases',
        headers: { authorization: `Bearer ${partyCoordinatorKey(registeredBy).key}` },
        payload: {
          ...base,
          organisation: { id: registeredBy, reference: `${base.organisation.reference}-${from}` },
          child: { ...base.child, currentLocation: { country: from } },
        },
      });
      expect(answer.statusCode).toBe(201);
      cases[answer.json<{ caseNumber: string }>().caseNumber] = { from, registeredBy, parties: [...parties] };
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** Each case route with what a party gets: a party acts as its role allows; nobody else learns the case exists. */
  const routes: Array<{
    method: 'GET' | 'POST';
    url: (caseNumber: string) => string;
    payload?: object;
    party: number;
  }> = [
    { method: 'GET', url: (n) => `/cases/${n}`, party: 200 },
    { method: 'GET', url: (n) => `/cases/${n}/audit`, party: 200 },
    { method: 'GET', url: (n) => `/cases/${n}/audit/export`, party: 200 },
    { method: 'GET', url: (n) => `/cases/${n}/access-log`, party: 200 },
    // Assigning nobody to an unassigned case changes nothing: a party is answered 200, a stranger 404.
    { method: 'POST', url: (n) => `/cases/${n}/assignment`, payload: { assignee: null }, party: 200 },
    ...Object.entries(actionBodies)
      .filter(
        ([action]) => !['resume', 'withdraw', 'hold', 'verification', 'dispute', 'dispute-decision'].includes(action),
      )
      .map(([action, { body }]) => ({
        method: 'POST' as const,
        url: (n: string) => `/cases/${n}/${action}`,
        ...(body ? { payload: body as object } : {}),
        party: -1,
      })),
  ];

  it('answers each organisation on each case route as a party or as if the case did not exist', async () => {
    const mismatches: string[] = [];
    for (const [caseNumber, { parties }] of Object.entries(cases)) {
      for (const organisation of organisations) {
        const isParty = parties.includes(organisation);
        for (const route of routes) {
          const answer = await stack.app.inject({
            method: route.method,
            url: route.url(caseNumber),
            headers: { authorization: `Bearer ${partyKey(organisation).key}` },
            ...(route.payload ? { payload: route.payload } : {}),
          });
          // -1, a message to the case: whatever the case says (200, 403, 409, 422), never the 404 of a stranger.
          const ok = isParty
            ? route.party === -1
              ? answer.statusCode !== 404 && answer.statusCode < 500
              : answer.statusCode === route.party
            : answer.statusCode === 404 && !answer.body.includes('Zlata');
          if (!ok)
            mismatches.push(
              `${route.method} ${route.url(caseNumber)} as ${organisation}: ${answer.statusCode} ${answer.body.slice(0, 160)}`,
            );
          if (!isParty) expect(answer.json<{ message: string }>().message).toMatch(/does not exist/);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('lists to each organisation the cases shared with it only', async () => {
    for (const organisation of organisations) {
      const answer = await stack.app.inject({
        method: 'GET',
        url: '/cases?pageSize=100',
        headers: { authorization: `Bearer ${partyKey(organisation).key}` },
      });
      expect(answer.statusCode).toBe(200);
      const listed = answer.json<{ cases: Array<{ caseNumber: string }> }>().cases.map((item) => item.caseNumber);
      const shared = Object.entries(cases)
        .filter(([, { parties }]) => parties.includes(organisation))
        .map(([caseNumber]) => caseNumber);
      expect({ organisation, listed: listed.filter((n) => n in cases).sort() }).toEqual({
        organisation,
        listed: shared.sort(),
      });
    }
  });

  it('exports to each organisation the cases shared with it only', async () => {
    for (const organisation of organisations) {
      const answer = await stack.app.inject({
        method: 'GET',
        url: '/exports/cases?format=json',
        headers: { authorization: `Bearer ${partyKey(organisation).key}` },
      });
      expect(answer.statusCode).toBe(200);
      const exported = answer.json<{ cases: Array<{ case_number: string }> }>().cases.map((row) => row.case_number);
      const shared = Object.entries(cases)
        .filter(([, { parties }]) => parties.includes(organisation))
        .map(([caseNumber]) => caseNumber);
      expect({ organisation, exported: exported.filter((n) => n in cases).sort() }).toEqual({
        organisation,
        exported: shared.sort(),
      });
    }
  });

  it('lets a party register cases for its own organisation only; keys that name none reach every case', async () => {
    const base = registration();
    const forOther = await stack.app.inject({
      method: 'POST',
      url: '/cases',
      headers: { authorization: `Bearer ${partyCoordinatorKey('other-ngo').key}` },
      payload: { ...base, organisation: { id: 'ua-authority', reference: base.organisation.reference } },
    });
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json().message).toMatch(/you register cases for other-ngo only/);
    for (const caseNumber of Object.keys(cases)) {
      expect(
        (await stack.app.inject({ method: 'GET', url: `/cases/${caseNumber}`, headers: headersFor('supervisor') }))
          .statusCode,
      ).toBe(200);
    }
  });
});

import { personalDataMarkers, registration } from '../support/fixtures';
import { startTestStack, testKeys, type TestStack } from '../support/stack';
import { auth, registerCase, waitForStage } from './api-support';

interface CaseList {
  cases: Array<{
    caseNumber: string;
    stage: string;
    escalated: boolean;
    currentCountry?: string;
    originCountry?: string;
    running: boolean;
  }>;
  nextPageToken?: string;
}

describe('GET /cases: the list a desk works from', () => {
  let stack: TestStack;
  let fromBelarus: string[];
  beforeAll(async () => {
    stack = await startTestStack();
    // Other test files register cases on the shared server too (the import tests' lists include Belarus): each
    // comparison below keeps the cases of this file's own block of case numbers, after checking the filter holds for
    // every case listed.
    fromBelarus = [];
    for (let index = 0; index < 3; index += 1) {
      const child = { ...registration().child, currentLocation: { country: 'BY' } };
      fromBelarus.push(await registerCase(stack, { child }));
    }
    for (const caseNumber of fromBelarus) await waitForStage(stack, caseNumber, 'identification');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** This file's block of case numbers (test/support/stack.ts reserves one per file). */
  const blockOf = (caseNumber: string) => caseNumber.split('-')[2]!.slice(0, 2);
  const own = (cases: CaseList['cases']) =>
    cases.filter((item) => blockOf(item.caseNumber) === blockOf(fromBelarus[0]!));
  const ownNumbers = (cases: CaseList['cases']) =>
    own(cases)
      .map((item) => item.caseNumber)
      .sort();

  const list = (query: string, key: { key: string } = testKeys.operator) =>
    stack.app.inject({ method: 'GET', url: `/cases?${query}`, headers: auth(key) });

  /** Visibility is eventually consistent: ask until the list shows what the cases' workflows already say. */
  async function listUntil(query: string, ready: (page: CaseList) => boolean): Promise<CaseList> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const response = await list(query);
      expect(response.statusCode).toBe(200);
      const page = response.json<CaseList>();
      if (ready(page) || Date.now() > deadline) return page;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('filters by stage and origin country, with no personal data in the list', async () => {
    const page = await listUntil('stage=identification&originCountry=BY&pageSize=100', (current) =>
      fromBelarus.every((caseNumber) => current.cases.some((item) => item.caseNumber === caseNumber)),
    );
    expect(ownNumbers(page.cases)).toEqual([...fromBelarus].sort());
    for (const item of page.cases) {
      expect(item).toMatchObject({ stage: 'identification', originCountry: 'BY', escalated: false, running: true });
    }
    const body = JSON.stringify(page);
    for (const marker of personalDataMarkers) expect(body).not.toContain(marker);

    const elsewhere = await list('stage=consent&originCountry=BY&pageSize=100');
    expect(own(elsewhere.json<CaseList>().cases)).toEqual([]);
    const escalated = await list('escalated=true&originCountry=BY&pageSize=100');
    expect(own(escalated.json<CaseList>().cases)).toEqual([]);
    const notEscalated = await listUntil(
      'escalated=false&originCountry=BY&pageSize=100',
      (current) => own(current.cases).length === 3,
    );
    expect(own(notEscalated.cases)).toHaveLength(3);
    for (const item of notEscalated.cases) expect(item.escalated).toBe(false);
  });

  it('pages through with an opaque token that only fits its own filter', async () => {
    await listUntil('originCountry=BY&pageSize=100', (current) => own(current.cases).length === 3);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const response = await list(`originCountry=BY&pageSize=2${token ? `&pageToken=${token}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json<CaseList>();
      seen.push(...page.cases.map((item) => item.caseNumber));
      expect(page.cases.length).toBeLessThanOrEqual(2);
      token = page.nextPageToken;
      pages += 1;
      if (pages === 1) {
        expect(token).toBeDefined();
        const otherFilter = await list(`originCountry=UA&pageSize=2&pageToken=${token}`);
        expect(otherFilter.statusCode).toBe(422);
        expect(otherFilter.json().message).toMatch(/different filter/);
        const tampered = await list(`originCountry=BY&pageSize=2&pageToken=${token!.slice(0, -4)}abcd`);
        expect(tampered.statusCode).toBe(422);
      }
    } while (token && pages < 200);
    expect(token).toBeUndefined();
    // Every case once, across the pages; this file's three among them.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((caseNumber) => fromBelarus.includes(caseNumber)).sort()).toEqual([...fromBelarus].sort());
  });

  it('explains bad filters and refuses labs', async () => {
    const badStage = await list('stage=waiting');
    expect(badStage.statusCode).toBe(400);
    expect(badStage.json().issues[0].field).toBe('querystring.stage');
    const badCountry = await list("originCountry=BY' OR 1=1");
    expect(badCountry.statusCode).toBe(400);
    const unknownFilter = await list('country=BY');
    expect(unknownFilter.statusCode).toBe(400);
    const lab = await list('originCountry=BY', testKeys.lab);
    expect(lab.statusCode).toBe(403);
  });

  it('filters by where the child is now as currentCountry, the place of origin playing no part', async () => {
    // These children come from UA (their placeOfOrigin) and are now in BY.
    const now = await listUntil('currentCountry=BY&pageSize=100', (current) => own(current.cases).length === 3);
    expect(ownNumbers(now.cases)).toEqual([...fromBelarus].sort());
    for (const item of now.cases) expect(item).toMatchObject({ currentCountry: 'BY', originCountry: 'BY' });
    const old = await listUntil('originCountry=BY&pageSize=100', (current) => own(current.cases).length === 3);
    expect(ownNumbers(old.cases)).toEqual([...fromBelarus].sort());
    const fromUkraine = await list('currentCountry=UA&pageSize=100');
    expect(fromUkraine.json<CaseList>().cases.filter((item) => fromBelarus.includes(item.caseNumber))).toEqual([]);
    const both = await list('currentCountry=BY&originCountry=UA');
    expect(both.statusCode).toBe(422);
    expect(both.json().message).toMatch(/originCountry is the old name of currentCountry/);

    const document = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<
        string,
        { get: { parameters: Array<{ name: string; schema: { deprecated?: boolean }; description?: string }> } }
      >;
    }>();
    const parameters = document.paths['/cases']!.get.parameters;
    expect(parameters.find((parameter) => parameter.name === 'originCountry')).toMatchObject({
      schema: { deprecated: true },
    });
    expect(parameters.find((parameter) => parameter.name === 'currentCountry')?.description).toMatch(/now/);
  });
});

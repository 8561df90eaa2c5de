import { startTestStack, testKeys, type TestStack } from '../support/stack';
import { auth, unknownCaseNumber } from './api-support';

describe('rate limits', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({
      RATE_LIMIT_WINDOW: '10 minutes',
      RATE_LIMIT_MAX: '5',
      RATE_LIMIT_CONSENT_MAX: '2',
      RATE_LIMIT_LABS_MAX: '3',
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers consent links beyond their stricter budget with a 429 page', async () => {
    const open = () => stack.app.inject({ method: 'GET', url: '/consent/not-a-token.at-all' });
    expect((await open()).statusCode).toBe(404);
    expect((await open()).statusCode).toBe(404);
    const limited = await open();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toMatch(/text\/html/);
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('answers lab results beyond their budget with 429 and a message', async () => {
    const report = () =>
      stack.app.inject({
        method: 'POST',
        url: '/labs/results',
        headers: auth(testKeys.lab),
        payload: { caseNumber: unknownCaseNumber, sampleId: 'S-1', resultReference: 'R-1', outcome: 'match' },
      });
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await report()).statusCode).toBe(404);
    const limited = await report();
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: 'rate-limited', message: expect.stringMatching(/at most 3 per/) });
  });

  it('limits every other route to the general budget, and names the window, not the time left in it', async () => {
    const weekly = () => stack.app.inject({ method: 'GET', url: '/dashboard/weekly' });
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await weekly()).statusCode).toBe(200);
    const limited = await weekly();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(
      /too many requests: at most 5 per 10 minutes from one address; try again in/,
    );
    expect(limited.headers['x-request-id']).toBeDefined();
  });

  it('never limits the health probe', async () => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await stack.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    }
  });
});

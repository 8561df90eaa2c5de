import { routesOf } from '../../src/api/app';
import { startTestStack, type TestStack } from '../support/stack';
import { registerCase } from './api-support';
import { callers, catalogue, headersFor, type Caller } from './route-catalogue';

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

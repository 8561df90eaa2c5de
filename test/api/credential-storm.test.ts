/**
 * The issue's acceptance: 10,000 requests with forged, expired, other-party and wrong-role credentials across every
 * route get no success and no 5xx, and the failed-authentication limiter engages within the first 100.
 */
import type { InjectOptions } from 'fastify';
import { startTestStack, type TestStack } from '../support/stack';
import { forge, signingKey, startProvider, type RunningProvider } from '../support/oidc/provider';
import { registerCase } from './api-support';
import { catalogue, type CatalogueEntry } from './route-catalogue';

const audience = 'urn:homeward:api';
const staff = {
  'staff-other-party': {
    secret: 'other-party-secret-0000',
    claims: { roles: ['coordinator'], organisation: 'other-ngo' },
  },
  'staff-operator': { secret: 'operator-secret-000000', claims: { roles: ['operator'], organisation: 'neutral-desk' } },
  'staff-expiring': {
    secret: 'expiring-secret-000000',
    claims: { roles: ['supervisor'], organisation: 'neutral-desk' },
    ttlSeconds: 1,
  },
};

describe('a storm of bad credentials', () => {
  let provider: RunningProvider;
  let stack: TestStack;
  let caseNumber: string;
  beforeAll(async () => {
    provider = await startProvider({ audience, staff });
    stack = await startTestStack({ OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: audience, RATE_LIMIT_MAX: '1000000' });
    caseNumber = await registerCase(stack);
  });
  afterAll(async () => {
    await stack?.stop();
    await provider?.stop();
  });

  it('answers 10,000 of them with no success and no 5xx, and stops guessing within the first 100', async () => {
    const expired = await provider.token('staff-expiring');
    const forged = forge(await provider.token('staff-expiring'), signingKey(), provider.key.kid);
    const otherParty = await provider.token('staff-other-party');
    const operator = await provider.token('staff-operator');
    await new Promise((resolve) => setTimeout(resolve, 2100));

    const guarded = catalogue.filter((entry) => entry.expected['unknown key'] === 401);
    // Routes a coordinator may call on one case: another party's coordinator must hear that it does not exist.
    const caseRoutes = guarded.filter(
      (entry) => entry.route.includes(':caseNumber') && entry.expected.coordinator !== 403,
    );
    const operatorRefused = guarded.filter((entry) => entry.expected.operator === 403);
    const kinds: Array<{ token: string; routes: CatalogueEntry[]; name: string }> = [
      { name: 'forged', token: forged, routes: guarded },
      { name: 'expired', token: expired, routes: guarded },
      { name: 'other party', token: otherParty, routes: caseRoutes },
      { name: 'wrong role', token: operator, routes: operatorRefused },
    ];
    expect(caseRoutes.length).toBeGreaterThan(5);
    expect(operatorRefused.length).toBeGreaterThan(5);
    const successes: string[] = [];
    const serverErrors: string[] = [];
    const notHidden: string[] = [];
    let firstLimited = -1;
    for (let index = 0; index < 10_000; index += 1) {
      const kind = kinds[index % kinds.length]!;
      const entry = kind.routes[Math.floor(index / kinds.length) % kind.routes.length]!;
      const { headers, ...request } = entry.request({ caseNumber });
      // Every case route is sent for the registered case: the other party must not learn it exists.
      const url = entry.route.includes(':caseNumber')
        ? request.url.replace(/HW-\d{4}-\d{6}-[A-Z]/, caseNumber)
        : request.url;
      const answer = await stack.app.inject({
        method: entry.method,
        ...(request as Omit<InjectOptions, 'method'>),
        url,
        headers: { ...headers, authorization: `Bearer ${kind.token}` },
      });
      const line = `${kind.name} ${entry.method} ${url}: ${answer.statusCode}`;
      if (answer.statusCode < 400) successes.push(line);
      if (answer.statusCode >= 500) serverErrors.push(`${line} ${answer.body.slice(0, 200)}`);
      if (answer.statusCode === 429 && firstLimited < 0) firstLimited = index;
      if (kind.name === 'other party' && firstLimited < 0 && answer.statusCode !== 404) notHidden.push(line);
    }
    expect(successes).toEqual([]);
    expect(serverErrors).toEqual([]);
    expect([...new Set(notHidden)]).toEqual([]);
    expect(firstLimited).toBeGreaterThanOrEqual(0);
    expect(firstLimited).toBeLessThan(100);
  });
});

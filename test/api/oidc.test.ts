/**
 * Staff access tokens from a real OpenID Connect provider (oidc-provider, run as a server on loopback by the test)
 * are taken beside API keys: each role as its claims say; expired, wrong-audience, wrong-issuer, forged tokens and a
 * token without a Homeward role refused with 401 and a message; keys rotated by the provider picked up.
 */
import { startTestStack, testKeys, type TestStack } from '../support/stack';
import { forge, signingKey, startProvider, type RunningProvider, type StaffAccount } from '../support/oidc/provider';
import { unknownCaseNumber } from './api-support';

const audience = 'urn:homeward:api';
const account = (roles: string[], extra: Partial<StaffAccount> = {}): StaffAccount => ({
  secret: `${roles.join('-') || 'none'}-secret-0123456789`,
  claims: { roles, organisation: 'neutral-desk' },
  ...extra,
});
const staff = {
  'staff-coordinator': account(['coordinator']),
  'staff-reviewer': account(['reviewer']),
  'staff-supervisor': account(['supervisor', 'coordinator']),
  'staff-operator': account(['operator']),
  'staff-visitor': account(['visitor']),
  'staff-expiring': account(['coordinator'], { ttlSeconds: 1 }),
};

describe('OpenID Connect access tokens for staff', () => {
  let provider: RunningProvider;
  let stack: TestStack;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const list = (token: string) => stack.app.inject({ method: 'GET', url: '/cases', headers: bearer(token) });

  beforeAll(async () => {
    provider = await startProvider({ audience, staff });
    stack = await startTestStack(
      { OIDC_ISSUER: provider.issuer, OIDC_AUDIENCE: audience },
      // A token naming an unseen key refetches the provider's keys at once (30 s apart outside tests).
      { oidc: { jwksCooldownMs: 0 } },
    );
  });
  afterAll(async () => {
    await stack?.stop();
    await provider?.stop();
  });

  it('admits each role as its token says, beside API keys', async () => {
    for (const client of ['staff-coordinator', 'staff-reviewer', 'staff-supervisor', 'staff-operator']) {
      expect({ client, status: (await list(await provider.token(client))).statusCode }).toEqual({
        client,
        status: 200,
      });
    }
    expect((await list(testKeys.coordinator.key)).statusCode).toBe(200);

    const hold = (token: string) =>
      stack.app.inject({
        method: 'POST',
        url: `/cases/${unknownCaseNumber}/hold`,
        headers: bearer(token),
        payload: { reason: 'facility access denied' },
      });
    expect((await hold(await provider.token('staff-coordinator'))).statusCode).toBe(404);
    // Supervisor and coordinator both: the wider role wins.
    expect((await hold(await provider.token('staff-supervisor'))).statusCode).toBe(404);
    const reviewer = await hold(await provider.token('staff-reviewer'));
    expect(reviewer.statusCode).toBe(403);
    expect(reviewer.json().message).toBe(
      'this route is for coordinator or supervisor staff; you are signed in as a reviewer',
    );
    const operator = await stack.app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: bearer(await provider.token('staff-operator')),
      payload: { payloads: [] },
    });
    expect(operator.statusCode).toBe(403);
    const decoder = await stack.app.inject({
      method: 'POST',
      url: '/codec/decode',
      headers: bearer(await provider.token('staff-reviewer')),
      payload: { payloads: [] },
    });
    expect(decoder.statusCode).toBe(200);
  });

  it('refuses a token without a Homeward role, saying what to ask for', async () => {
    const answer = await list(await provider.token('staff-visitor'));
    expect(answer.statusCode).toBe(401);
    expect(answer.json().message).toMatch(
      /no Homeward role in its "roles" claim \(it has visitor\): ask .* coordinator/,
    );
  });

  it('refuses an expired token', async () => {
    const token = await provider.token('staff-expiring');
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const answer = await list(token);
    expect(answer.statusCode).toBe(401);
    expect(answer.json().message).toMatch(/^your access token expired at \S+: sign in again/);
  });

  it('refuses a token for another audience', async () => {
    const answer = await list(await provider.token('staff-coordinator', 'urn:another:service'));
    expect(answer.statusCode).toBe(401);
    expect(answer.json().message).toBe(
      `this access token is for urn:another:service, not for Homeward ("${audience}"): request a token for the audience ${audience}`,
    );
  });

  it('refuses a token from another issuer, even one signed with the same key', async () => {
    const impostor = await startProvider({ audience, staff, key: provider.key });
    try {
      const answer = await list(await impostor.token('staff-coordinator'));
      expect(answer.statusCode).toBe(401);
      expect(answer.json().message).toMatch(
        new RegExp(`issued by ${impostor.issuer}, but Homeward takes tokens from ${provider.issuer} only`),
      );
    } finally {
      await impostor.stop();
    }
  });

  it('refuses a forged token: the right claims signed by another key', async () => {
    const real = await provider.token('staff-supervisor');
    const answer = await list(forge(real, signingKey(), provider.key.kid));
    expect(answer.statusCode).toBe(401);
    expect(answer.json().message).toMatch(/signature does not match any key of http:\/\/127\.0\.0\.1:\d+/);
    const garbled = await list(`${real.slice(0, -4)}AAAA`);
    expect(garbled.statusCode).toBe(401);
  });

  it('picks up rotated keys: a new key is fetched when a token names it, a token of the retired key is refused', async () => {
    const before = await provider.token('staff-coordinator');
    expect((await list(before)).statusCode).toBe(200);
    const { port } = provider;
    await provider.stop();
    provider = await startProvider({ audience, staff, port, key: signingKey() });
    const after = await provider.token('staff-coordinator');
    expect((await list(after)).statusCode).toBe(200);
    const retired = await list(before);
    expect(retired.statusCode).toBe(401);
    expect(retired.json().message).toMatch(/signature does not match any key/);
  });

  it('never writes a token to the log', () => {
    const log = stack.logLines.join('\n');
    expect(log).toMatch(/authentication-failed/);
    expect(log).not.toMatch(/eyJ[\w-]{20,}/);
  });
});

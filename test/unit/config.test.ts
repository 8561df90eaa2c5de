import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

const key32 = Buffer.alloc(32, 1).toString('base64');

describe('configuration', () => {
  it('has embedded defaults for development', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.temporal.address).toBeUndefined();
    expect(config.api.port).toBe(3000);
    expect(config.temporal.uiPort).toBe(8233);
    expect(config.policy.childConsentAge).toBe(12);
  });

  it("keeps the worker's heaps within a quarter of their live data unless told otherwise", () => {
    expect(loadConfig({}).worker.heapGrowingPercent).toBe(25);
    expect(loadConfig({ WORKER_HEAP_GROWING_PERCENT: '0' }).worker.heapGrowingPercent).toBe(0);
    expect(() => loadConfig({ WORKER_HEAP_GROWING_PERCENT: '-5' })).toThrow(/WORKER_HEAP_GROWING_PERCENT/);
    expect(() => loadConfig({ WORKER_HEAP_GROWING_PERCENT: 'half' })).toThrow(/WORKER_HEAP_GROWING_PERCENT/);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ API_PORT: 'eighty' })).toThrow(/API_PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ API_KEYS: 'short:coordinator:a' })).toThrow(/API_KEYS: each key must be at least 16/);
    expect(() => loadConfig({ API_KEYS: 'abcdefghijklmnopq:janitor:a' })).toThrow(/API_KEYS: role must be one of/);
    expect(() => loadConfig({ ENCRYPTION_KEYS: 'k1:tooshort' })).toThrow(/ENCRYPTION_KEYS/);
    expect(() => loadConfig({ CASE_POLICY: '{"childConsentAge": 40}' })).toThrow(/CASE_POLICY\.childConsentAge/);
    expect(() => loadConfig({ CASE_POLICY: 'not json' })).toThrow(/CASE_POLICY: must be a JSON object/);
    expect(() => loadConfig({ ENCRYPTION_KEYS: `k1:${key32}`, ENCRYPTION_KEY_ID: 'k2' })).toThrow(/ENCRYPTION_KEY_ID/);
  });

  it('refuses to start production without keys or a cluster', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /API_KEYS[\s\S]*ENCRYPTION_KEYS[\s\S]*TEMPORAL_ADDRESS/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      API_KEYS: 'abcdefghijklmnopq:coordinator:ana,zyxwvutsrqponmlkj:lab:lab-1:lab-1',
      ENCRYPTION_KEYS: `k1:${key32}`,
      TEMPORAL_ADDRESS: 'temporal:7233',
      CONSENT_TOKEN_SECRET: 'a-secret-of-at-least-thirty-two-characters',
      PARTNER_REGISTRIES_URL: 'https://registries.partner.example',
      PARTNER_LABS_URL: 'https://labs.partner.example',
      PARTNER_TRAVEL_DOCUMENTS_URL: 'https://documents.partner.example',
      PARTNER_TRANSIT_URL: 'https://transit.partner.example',
      SMTP_URL: 'smtp://mail.example:587',
      STAFF_EMAILS: 'supervisor=sup@example.org:uk,neutral-desk=desk@example.org:en',
    });
    expect(config.api.keys).toEqual([
      { key: 'abcdefghijklmnopq', role: 'coordinator', actorId: 'ana' },
      { key: 'zyxwvutsrqponmlkj', role: 'lab', actorId: 'lab-1', labId: 'lab-1' },
    ]);
    expect(config.encryption.currentKeyId).toBe('k1');
  });

  it('scales policy durations for demos', () => {
    const normal = loadConfig({});
    const fast = loadConfig({ POLICY_TIME_SCALE: '1000' });
    expect(fast.policy.waits.consent.deadline).toBe(normal.policy.waits.consent.deadline / 1000);
    expect(fast.policy.followUpsAfterHandover[0]).toBe(normal.policy.followUpsAfterHandover[0]! / 1000);
  });
});

describe('secrets from files', () => {
  it('reads a secret from the file its _FILE variable names', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'secret-')), 'api_keys');
    writeFileSync(file, 'abcdefghijklmnopq:supervisor:sam\n');
    expect(loadConfig({ API_KEYS_FILE: file }).api.keys).toEqual([
      { key: 'abcdefghijklmnopq', role: 'supervisor', actorId: 'sam' },
    ]);
  });

  it('names the variable when the file cannot be read, or both forms are set', () => {
    expect(() => loadConfig({ API_KEYS_FILE: '/nonexistent/api_keys' })).toThrow(/API_KEYS_FILE: cannot read/);
    expect(() => loadConfig({ API_KEYS_FILE: '/x', API_KEYS: 'abcdefghijklmnopq:supervisor:sam' })).toThrow(/not both/);
  });
});

describe('sign-in, parties and limits', () => {
  it('takes an identity provider only with its audience, and reads roles and organisation from the named claims', () => {
    expect(() => loadConfig({ OIDC_ISSUER: 'https://sign-in.example.org/realms/homeward' })).toThrow(/OIDC_AUDIENCE/);
    expect(
      loadConfig({
        OIDC_ISSUER: 'https://sign-in.example.org/realms/homeward',
        OIDC_AUDIENCE: 'homeward-api',
        OIDC_ROLES_CLAIM: 'realm_access.roles',
      }).api.oidc,
    ).toEqual({
      issuer: 'https://sign-in.example.org/realms/homeward',
      audience: 'homeward-api',
      rolesClaim: 'realm_access.roles',
      organisationClaim: 'organisation',
      // The desk signs people in as the realm's public client by default.
      desk: { clientId: 'homeward-desk', scope: 'openid' },
    });
    expect(
      loadConfig({
        OIDC_ISSUER: 'https://sign-in.example.org/realms/homeward',
        OIDC_AUDIENCE: 'homeward-api',
        DESK_OIDC_CLIENT_ID: 'desk-confidential',
        DESK_OIDC_CLIENT_SECRET: 'a-desk-client-secret',
        DESK_OIDC_SCOPE: 'openid profile',
      }).api.oidc?.desk,
    ).toEqual({ clientId: 'desk-confidential', clientSecret: 'a-desk-client-secret', scope: 'openid profile' });
    expect(loadConfig({}).api.oidc).toBeUndefined();
  });

  it('reads CASE_SHARING as routes to parties, and names a route it cannot read', () => {
    expect(
      loadConfig({ CASE_SHARING: '{"UA>RU": ["ua-authority", "ru-authority", "neutral-desk"], "*": ["x"]}' }).api
        .sharing,
    ).toEqual({
      'UA>RU': ['ua-authority', 'ru-authority', 'neutral-desk'],
      '*': ['x'],
    });
    expect(() => loadConfig({ CASE_SHARING: '{"Ukraine to Russia": ["x"]}' })).toThrow(
      /CASE_SHARING: "Ukraine to Russia" is not a route: use "RU>UA"/,
    );
    expect(() => loadConfig({ CASE_SHARING: 'not json' })).toThrow(/CASE_SHARING: must be a JSON object/);
    expect(loadConfig({}).api.sharing).toEqual({});
  });

  it('reads an organisation on a staff key and a lab ID on a lab key', () => {
    const keys = loadConfig({
      API_KEYS: 'abcdefghijklmnop01:coordinator:ana:ua-authority,abcdefghijklmnop02:lab:lab-kyiv:lab-kyiv',
    }).api.keys;
    expect(keys).toEqual([
      { key: 'abcdefghijklmnop01', role: 'coordinator', actorId: 'ana', organisation: 'ua-authority' },
      { key: 'abcdefghijklmnop02', role: 'lab', actorId: 'lab-kyiv', labId: 'lab-kyiv' },
    ]);
    expect(loadConfig({}).api.rateLimit.authFailureMax).toBe(20);
  });
});

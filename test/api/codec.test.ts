import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec } from '../../src/temporal/codec';
import { startTestStack, testConfig, testEncryptionKey, testKeys, type TestStack } from '../support/stack';

const auth = (key: { key: string }) => ({ authorization: `Bearer ${key.key}` });
const wire = (payload: { metadata?: Record<string, Uint8Array | null> | null; data?: Uint8Array | null }) => ({
  metadata: Object.fromEntries(
    Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
  ),
  data: Buffer.from(payload.data!).toString('base64'),
});

describe('codec endpoint for the Temporal UI', () => {
  let stack: TestStack;
  let encrypted: ReturnType<typeof wire>;
  beforeAll(async () => {
    stack = await startTestStack();
    const [sealed] = await new AesGcmCodec([testEncryptionKey], testEncryptionKey.id).encode([
      defaultPayloadConverter.toPayload({ childName: 'Zlata Kovalenko' }),
    ]);
    encrypted = wire(sealed!);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const decode = (headers: Record<string, string>, payloads = [encrypted]) =>
    stack.app.inject({ method: 'POST', url: '/codec/decode', headers, payload: { payloads } });

  it('refuses unauthenticated requests', async () => {
    const response = await decode({});
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/API key/);
  });

  it('refuses roles that may not see personal data', async () => {
    for (const key of [testKeys.operator, testKeys.lab]) {
      const response = await decode(auth(key));
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain('Zlata');
    }
  });

  it('decodes for authorised roles and round-trips encode', async () => {
    const response = await decode(auth(testKeys.supervisor));
    expect(response.statusCode).toBe(200);
    const [plain] = response.json<{ payloads: Array<{ metadata: Record<string, string>; data: string }> }>().payloads;
    expect(Buffer.from(plain!.data, 'base64').toString()).toContain('Zlata Kovalenko');

    const encoded = await stack.app.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: auth(testKeys.coordinator),
      payload: { payloads: [plain] },
    });
    expect(encoded.statusCode).toBe(200);
    const [again] = encoded.json<{ payloads: Array<{ data: string }> }>().payloads;
    expect(Buffer.from(again!.data, 'base64').toString('latin1')).not.toContain('Zlata');
  });

  it('answers a payload under an unknown key with a clear 400', async () => {
    const foreign = await new AesGcmCodec([{ id: 'retired-9', key: Buffer.alloc(32, 9) }], 'retired-9').encode([
      defaultPayloadConverter.toPayload('x'),
    ]);
    const response = await decode(auth(testKeys.supervisor), [wire(foreign[0]!)]);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/key "retired-9", which is not configured/);
  });

  it('allows the Temporal UI origin by CORS and no other', async () => {
    const preflight = (origin: string) =>
      stack.app.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-namespace',
        },
      });
    const ui = await preflight('http://localhost:8233');
    expect(ui.statusCode).toBeLessThan(300);
    expect(ui.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    expect(ui.headers['access-control-allow-credentials']).toBe('true');
    const other = await preflight('https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives a codec session cookie to an authorised key, and none to others', async () => {
    const refused = await stack.app.inject({
      method: 'POST',
      url: '/codec/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${testKeys.operator.key}`,
    });
    expect(refused.statusCode).toBe(403);
    const started = await stack.app.inject({
      method: 'POST',
      url: '/codec/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${testKeys.supervisor.key}`,
    });
    expect(started.statusCode).toBe(200);
    const cookie = String(started.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toMatch(/^homeward_codec=/);
    expect((await decode({ cookie })).statusCode).toBe(200);
    expect((await decode({ cookie: `${cookie.slice(0, -3)}xyz` })).statusCode).toBe(401);
  });

  it('refuses with 401 a key or a session signature as long as a real one in letters but longer in bytes', async () => {
    // A string as long as a key, in Cyrillic: twice its bytes, which timingSafeEqual refused by throwing (a 500).
    const lookalike = 'Щ'.repeat(testKeys.supervisor.key.length);
    const refused = await stack.app.inject({
      method: 'POST',
      url: '/codec/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${encodeURIComponent(lookalike)}`,
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ message: expect.stringContaining('not recognised') });
    const started = await stack.app.inject({
      method: 'POST',
      url: '/codec/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `key=${testKeys.supervisor.key}`,
    });
    const cookie = String(started.headers['set-cookie']).split(';')[0]!;
    const [body, signature] = cookie.split('=')[1]!.split('.');
    const forged = `homeward_codec=${body}.${encodeURIComponent('Щ'.repeat(signature!.length))}`;
    expect((await decode({ cookie: forged })).statusCode).toBe(401);
  });
});

describe('the codec endpoint for the embedded Temporal UI of npm run dev', () => {
  let stack: TestStack;
  let sealed: ReturnType<typeof wire>;
  beforeAll(async () => {
    stack = await startTestStack({ NODE_ENV: 'development' });
    const [payload] = await new AesGcmCodec([testEncryptionKey], testEncryptionKey.id).encode([
      defaultPayloadConverter.toPayload({ childName: 'Zlata Kovalenko' }),
    ]);
    sealed = wire(payload!);
  });
  afterAll(async () => {
    await stack?.stop();
  });
  const decode = (headers: Record<string, string>) =>
    stack.app.inject({ method: 'POST', url: '/codec/decode', headers, payload: { payloads: [sealed] } });

  it('decodes for the dev operator from the embedded UI with nothing set, and records it', async () => {
    for (const origin of ['http://localhost:8233', 'http://127.0.0.1:8233']) {
      const answer = await decode({ origin });
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(origin);
      expect(Buffer.from(answer.json().payloads[0].data, 'base64').toString()).toContain('Zlata');
    }
    const { rows } = await stack.db.query<{ actor_id: string; kind: string }>('SELECT actor_id, kind FROM access_log');
    expect(rows).toEqual([
      { actor_id: 'dev-operator', kind: 'codec-decode' },
      { actor_id: 'dev-operator', kind: 'codec-decode' },
    ]);
  });

  it('still refuses any other origin, and a key of a role that may not decode', async () => {
    expect((await decode({ origin: 'http://localhost:9999' })).statusCode).toBe(401);
    expect((await decode({})).statusCode).toBe(401);
    expect((await decode({ origin: 'http://localhost:8233', ...auth(testKeys.operator) })).statusCode).toBe(403);
  });
});

it('decodes without a key only in development with the embedded UI', () => {
  expect(testConfig({ NODE_ENV: 'development' }).encryption.devUiOrigins).toEqual([
    'http://localhost:8233',
    'http://127.0.0.1:8233',
  ]);
  expect(testConfig().encryption.devUiOrigins).toBeUndefined();
  expect(
    testConfig({ NODE_ENV: 'development', TEMPORAL_ADDRESS: 'temporal.example.org:7233' }).encryption.devUiOrigins,
  ).toBeUndefined();
});

/** The document lists what the server answers beyond each route's own statuses, and the server answers it so. */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack, testKeys, type TestStack } from '../support/stack';

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };
type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

/** A raw request over a socket, so Node's own refusals (431) are seen as a client sees them. */
function raw(port: number, path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }),
      );
    });
    request.on('error', reject);
    request.end();
  });
}

describe('statuses the document and the server agree on', () => {
  let stack: TestStack;
  let document: OpenApiDocument;
  let port: number;
  beforeAll(async () => {
    stack = await startTestStack();
    await stack.app.listen({ host: '127.0.0.1', port: 0 });
    port = (stack.app.server.address() as AddressInfo).port;
    document = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('lists 400, 401 and 431 on every operation, 429 on all but the unlimited health probe, 414 where the path has a parameter', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        const limited = path !== '/healthz';
        expect({ operation: `${method} ${path}`, statuses }).toEqual({
          operation: `${method} ${path}`,
          statuses: expect.arrayContaining([
            '400',
            '401',
            ...(limited ? ['429'] : []),
            '431',
            ...(/[{*]/.test(path) ? ['414'] : []),
          ]),
        });
      }
    }
    expect(Object.keys(document.paths['/healthz']!.get!.responses)).not.toContain('429');
    expect(Object.keys(document.paths['/dashboard']!.get!.responses)).toEqual(
      expect.arrayContaining(['200', '400', '404']),
    );
    expect(document.paths['/dashboard']!.get!.responses['200']!.content).toHaveProperty(['text/html']);
    expect(document.paths['/dashboard']!.get!.responses['400']!.content).toHaveProperty(['application/json']);
  });

  it('answers an undeclared method on a known path with 405 and Allow, an unknown path with 404', async () => {
    const trace = await stack.app.inject({ method: 'TRACE', url: '/healthz' });
    expect(trace.statusCode).toBe(405);
    expect(trace.headers.allow).toBe('GET, HEAD');
    expect(trace.json()).toMatchObject({ error: 'method-not-allowed', message: expect.stringMatching(/use GET/) });
    const put = await stack.app.inject({ method: 'PUT', url: '/cases/HW-2026-000001-V/hold' });
    expect(put.statusCode).toBe(405);
    expect(put.headers.allow).toBe('POST');
    // A body method without a content type fails in Fastify before any handler: still 405, not 400.
    const query = await stack.app.inject({ method: 'QUERY' as 'GET', url: '/dashboard/weekly' });
    expect(query.statusCode).toBe(405);
    const nowhere = await stack.app.inject({ method: 'GET', url: '/no-such-thing' });
    expect(nowhere.statusCode).toBe(404);
  });

  it('refuses oversized headers with 431 and the documented error body', async () => {
    const answer = await raw(port, '/healthz', { 'x-padding': 'x'.repeat(20_000) });
    expect(answer.status).toBe(431);
    expect(answer.type).toMatch(/application\/json/);
    expect(JSON.parse(answer.body)).toEqual({
      error: 'invalid',
      message: 'the request headers are too large',
      requestId: expect.any(String),
    });
  });

  it('answers a week its year does not have with 404, a malformed one with 400', async () => {
    expect((await stack.app.inject({ method: 'GET', url: '/dashboard?week=2025-W53' })).statusCode).toBe(404);
    expect((await stack.app.inject({ method: 'GET', url: '/dashboard?week=2026-W54' })).statusCode).toBe(400);
  });

  it('refuses a key nobody issued with 401 on an open route too; the health probe reads no credentials', async () => {
    const headers = { authorization: 'Bearer not-a-homeward-key-000000' };
    const answer = await stack.app.inject({ method: 'GET', url: '/dashboard', headers });
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toMatchObject({ error: 'unauthorised', message: 'the API key is not recognised' });
    expect((await stack.app.inject({ method: 'GET', url: '/healthz', headers })).statusCode).toBe(200);
  });

  it('takes JSON with a prototype key as valid JSON it refuses (422), and lists 413 and 415 where a body is taken', async () => {
    const post = (payload: string) =>
      stack.app.inject({
        method: 'POST',
        url: '/codec/encode',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${testKeys.coordinator.key}` },
        payload,
      });
    const poisoned = await post('{"payloads":[],"__proto__":{"admin":true}}');
    expect(poisoned.statusCode).toBe(422);
    expect(poisoned.json().message).toMatch(/__proto__/);
    expect((await post('{"payloads":[],"constructor":{"prototype":{}}}')).statusCode).toBe(422);
    expect((await post('{"payloads":')).statusCode).toBe(400);
    expect((await post('{"payloads":[]}')).statusCode).toBe(200);
    const asText = await stack.app.inject({
      method: 'POST',
      url: '/codec/encode',
      headers: { 'content-type': 'text/xml', authorization: `Bearer ${testKeys.coordinator.key}` },
      payload: '<payloads/>',
    });
    expect(asText.statusCode).toBe(415);
    expect(asText.json()).toMatchObject({ message: 'send the body as application/json' });
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        if (method === 'post' && path !== '/codec/session')
          expect({ path, statuses: Object.keys(operation.responses) }).toEqual({
            path,
            statuses: expect.arrayContaining(['413', '415']),
          });
  });
});

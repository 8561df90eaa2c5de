import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { routesOf } from '../../src/api/app';
import { startTestStack, type TestStack } from '../support/stack';

type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>>;
};

const methods = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];
const asOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

describe('the OpenAPI document', () => {
  let stack: TestStack;
  let document: OpenApiDocument;
  beforeAll(async () => {
    stack = await startTestStack();
    const response = await stack.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json<OpenApiDocument>();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    // swagger-parser's dependencies are ES modules jest cannot load: it runs in a plain Node process instead.
    const file = join(mkdtempSync(join(tmpdir(), 'homeward-openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const script = `import('@apidevtools/swagger-parser').then((m) => m.default.validate(process.argv[1]))
      .then((api) => console.log('valid ' + api.openapi), (error) => { console.log('invalid ' + error.message); process.exit(1); })`;
    const result = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
    expect(result.stdout.trim()).toBe(`valid ${document.openapi}`);
  });

  it('describes exactly the routes the API answers', () => {
    const registered = routesOf(stack.app)
      .filter((route) => !route.hidden)
      .map((route) => `${route.method} ${asOpenApiPath(route.url)}`)
      .sort();
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations)
          .filter((method) => methods.includes(method))
          .map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(registered);
    for (const expected of [
      'POST /cases',
      'GET /cases',
      'GET /cases/{caseNumber}',
      'POST /cases/{caseNumber}/hold',
      'POST /cases/{caseNumber}/verification',
      'POST /labs/results',
      'GET /consent/{token}',
      'POST /consent/{token}',
      'GET /healthz',
    ]) {
      expect(documented).toContain(expected);
    }
  });

  it('marks every key-protected route as needing a bearer key, and says what each error means', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!methods.includes(method)) continue;
        const open =
          path === '/healthz' ||
          path.startsWith('/consent/') ||
          path.startsWith('/dashboard') ||
          path === '/exports/weekly';
        expect({ route: `${method} ${path}`, secured: Boolean(operation.security?.length) }).toEqual({
          route: `${method} ${path}`,
          secured: !open,
        });
        if (!open) expect(Object.keys(operation.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });

  it('serves browsable documentation at /docs', async () => {
    const response = await stack.app.inject({ method: 'GET', url: '/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/html/);
  });
});

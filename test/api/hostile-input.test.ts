/**
 * Property-based tests: malformed, oversized and hostile bodies, parameters, queries and headers on every route.
 * Whatever arrives, the API never answers 5xx and every refusal carries a message (JSON) or a page (HTML). A body
 * that breaks its route's schema, cannot be parsed or is too large gets the one 4xx that says so (400, 415, 413).
 */
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { signConsentToken } from '../../src/consent/token';
import { startTestStack, type TestStack } from '../support/stack';
import { registerCase, unknownCaseNumber } from './api-support';
import { catalogue, headersFor, type Caller, type CatalogueEntry } from './route-catalogue';

const runs = { body: 30, rawBody: 20, param: 30, headers: 20, query: 150 };

const hostileString = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '../../etc/passwd',
    '%00',
    '%',
    '%E0%A4%A',
    '<script>alert(1)</script>',
    "' OR '1'='1",
    "CaseStage='closed' OR 1=1",
    '${jndi:ldap://example.org/a}',
    '__proto__',
    'constructor',
    'HW-2026-000001-A',
    'HW-2026-000001-B',
    '\uffff\ufffe',
    'Злата Коваленко',
    'x'.repeat(5000),
  ),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, -1, 0, 1e308, -1e-308, 2 ** 53 + 1, [], {}, [[[[]]]], { $gt: '' }),
);

type Path = Array<string | number>;
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => pathsOf(item, [...prefix, index]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
  return [prefix];
}
function setAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  copy[head!] = setAt(copy[head!], rest, replacement);
  return copy;
}

const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** A JSON value of any type but `type`; never null, which an optional body may legitimately be. */
const valueNotOfType = (type: string): fc.Arbitrary<unknown> =>
  fc
    .oneof(hostileValue, fc.integer(), fc.array(hostileString, { maxLength: 3 }))
    .filter((value) => value !== null && typeOf(value) !== type);

/**
 * A well-formed body broken for certain, whatever the route's schema: one part (or the whole) replaced by a value of
 * another JSON type (refused with 400), or a prototype-polluting key slipped in (refused with 422).
 */
const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const brokenBody = (valid: unknown): fc.Arbitrary<string> => {
  const paths = pathsOf(valid);
  return fc.tuple(fc.nat(), fc.constantFrom('replace', 'proto')).chain(([pick, how]) => {
    const path = paths[pick % paths.length]!;
    if (how === 'proto')
      return fc.constant(
        `{"__proto__":{"role":"coordinator"},"constructor":{"prototype":{"admin":true}},${JSON.stringify(valid ?? {}).slice(1)}`,
      );
    const current = path.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], valid);
    return valueNotOfType(typeOf(current)).map((replacement) => JSON.stringify(setAt(valid, path, replacement)));
  });
};

const rawBody = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,2',
    'null',
    '"string"',
    '{"a":1}{"b":2}',
    '\u0000\u0001',
    'decision=given&decision=refused',
    '%%%=%%%',
    '[]'.repeat(1000),
    '['.repeat(5000) + ']'.repeat(5000),
  ),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  '',
  'application/json;;;',
  '*/*',
);
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) });

describe('hostile input on every route', () => {
  let stack: TestStack;
  let caseNumber: string;
  let sent = 0;
  const refusals: string[] = [];

  beforeAll(async () => {
    stack = await startTestStack({
      RATE_LIMIT_MAX: '1000000',
      RATE_LIMIT_CONSENT_MAX: '1000000',
      RATE_LIMIT_LABS_MAX: '1000000',
      AUTH_FAILURE_MAX: '1000000',
    });
    caseNumber = await registerCase(stack);
  });
  beforeEach(() => {
    refusals.length = 0;
  });
  afterAll(async () => {
    if (process.env.HOMEWARD_PRINT_MATRIX) process.stderr.write(`hostile requests sent: ${sent}\n`);
    await stack?.stop();
  });

  /** A caller the route admits, so hostile input reaches validation and the handler, not just the key check. */
  const admittedCaller = (entry: CatalogueEntry): Caller =>
    (Object.entries(entry.expected).find(([, status]) => status !== 401 && status !== 403)?.[0] as Caller) ?? 'none';

  async function send(entry: CatalogueEntry, options: InjectOptions): Promise<LightMyRequestResponse> {
    sent += 1;
    const response = await stack.app.inject(options);
    const where = `${options.method} ${String(options.url).slice(0, 120)}`;
    if (response.statusCode >= 500) refusals.push(`${where}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    if (response.statusCode >= 400) {
      const type = String(response.headers['content-type'] ?? '');
      const explained = type.includes('json')
        ? typeof (JSON.parse(response.body) as { message?: unknown }).message === 'string'
        : type.includes('html') && response.body.includes('<html');
      if (!explained)
        refusals.push(`${where}: ${response.statusCode} without a message: ${response.body.slice(0, 200)}`);
    }
    if (!response.headers['x-request-id']) refusals.push(`${where}: no request ID`);
    void entry;
    return response;
  }

  const base = (entry: CatalogueEntry) => {
    // Case actions go to a running case here, so hostile input also meets the workflow's own checks; consent answers
    // go to a link signed for it, so that bodies are read rather than refused with the link.
    const catalogued = entry.request({ caseNumber });
    const signed = signConsentToken(stack.config.api.consentTokenSecret, {
      caseNumber,
      consenteeId: 'mother',
      role: 'guardian',
      language: 'uk',
      expiresAt: Date.now() + 3_600_000,
    });
    const url = catalogued.url.replace(unknownCaseNumber, caseNumber);
    const request = { ...catalogued, url: entry.route === '/consent/:token' ? `/consent/${signed}` : url };
    return { request, headers: { ...request.headers, ...headersFor(admittedCaller(entry)) } };
  };

  const withBodies = catalogue.filter((entry) => entry.method === 'POST');
  const withParams = catalogue.filter((entry) => entry.param);

  /** Records a refusal when a hostile request is not answered with the one status it must get. */
  const expectStatus = (response: LightMyRequestResponse, expected: number, what: string) => {
    if (response.statusCode !== expected)
      refusals.push(`${what}: ${response.statusCode} instead of ${expected}: ${response.body.slice(0, 200)}`);
  };

  it.each(withBodies.map((entry) => [`${entry.method} ${entry.route}`, entry] as const))(
    'refuses a JSON body that breaks the schema with 400, a polluting key with 422: %s',
    async (_name, entry) => {
      const { request, headers } = base(entry);
      const valid: unknown =
        typeof request.payload === 'string'
          ? Object.fromEntries(new URLSearchParams(request.payload))
          : request.payload;
      await fc.assert(
        fc.asyncProperty(brokenBody(valid ?? {}), async (body) => {
          const response = await send(entry, {
            method: entry.method,
            url: request.url,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: body,
          });
          // A prototype-polluting key is valid JSON the API refuses for what it means: 422, as the document says.
          expectStatus(response, body.startsWith('{"__proto__"') && isJson(body) ? 422 : 400, body.slice(0, 200));
        }),
        { numRuns: runs.body },
      );
      expect(refusals).toEqual([]);
    },
  );

  // The consent and codec plugins read plain HTML forms too, each with its own size limit; what a form must hold to
  // pass the schema, and the answer it then gets ('any' where the running case decides).
  const formReaders: Array<{ prefix: string; limit: number }> = [
    { prefix: '/consent/', limit: 32 * 1024 },
    { prefix: '/codec/', limit: 4096 },
  ];
  const formAnswers: Record<string, (form: Record<string, string>) => number | 'any' | undefined> = {
    '/consent/:token': (form) => (['given', 'refused'].includes(form.decision ?? '') ? 'any' : undefined),
    '/codec/session': (form) => ((form.key ?? '').length >= 1 && (form.key ?? '').length <= 256 ? 401 : undefined),
  };

  /**
   * The status raw bytes must get: 415 under a media type the route does not read; 413 over the reader's limit; 400
   * when they do not parse or do not fit the schema (no raw body here fits one, except a form that happens to, or an
   * empty body for a route whose body is optional).
   */
  function expectedForRaw(entry: CatalogueEntry, type: string, body: string): number | 'any' {
    const media = type.split(';')[0]!.trim();
    if (media === 'application/x-www-form-urlencoded') {
      const reader = formReaders.find((candidate) => entry.route.startsWith(candidate.prefix));
      if (!reader) return 415;
      if (Buffer.byteLength(body) > reader.limit) return 413;
      return formAnswers[entry.route]?.(Object.fromEntries(new URLSearchParams(body))) ?? 400;
    }
    const optional = entry.route.endsWith('/resume');
    if (media === 'application/json' || media === 'text/plain' || (media === '' && body === '')) {
      if (optional && media !== 'text/plain' && ['null', '{}', ''].includes(body.trim())) return 'any';
      return 400;
    }
    return 415;
  }

  it.each(withBodies.map((entry) => [`${entry.method} ${entry.route}`, entry] as const))(
    'refuses raw bytes with 400, 413 over a form limit, or 415 under a media type the route does not read: %s',
    async (_name, entry) => {
      const { request, headers } = base(entry);
      await fc.assert(
        fc.asyncProperty(rawBody, contentType, async (body, type) => {
          const response = await send(entry, {
            method: entry.method,
            url: request.url,
            headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
            payload: body,
          });
          // Without a type of its own, the request goes with the catalogued one (a form, for the form routes).
          const expected = expectedForRaw(entry, type || (request.headers?.['content-type'] ?? ''), body);
          if (expected !== 'any') expectStatus(response, expected, `${type || 'no type'}: ${body.slice(0, 100)}`);
        }),
        { numRuns: runs.rawBody },
      );
      expect(refusals).toEqual([]);
    },
  );

  it.each(withParams.map((entry) => [`${entry.method} ${entry.route}`, entry] as const))(
    'never fails on a hostile path parameter: %s',
    async (_name, entry) => {
      const { request, headers } = base(entry);
      const valid = entry.param === 'caseNumber' ? /\/cases\/([^/?]+)/ : /\/consent\/([^/?]+)/;
      await fc.assert(
        fc.asyncProperty(hostileString, fc.boolean(), async (parameter, encode) => {
          const value = encode ? encodeURIComponent(parameter) : parameter.replace(/[\s#?/]/g, '');
          await send(entry, {
            method: entry.method,
            url: request.url.replace(valid, (match, old: string) => match.replace(old, value)),
            headers,
            ...(request.payload !== undefined ? { payload: request.payload } : {}),
          });
        }),
        { numRuns: runs.param },
      );
      expect(refusals).toEqual([]);
    },
  );

  it.each(catalogue.map((entry) => [`${entry.method} ${entry.route}`, entry] as const))(
    'never fails on hostile headers: %s',
    async (_name, entry) => {
      const { request, headers } = base(entry);
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              authorization: fc.oneof(
                printable.map((value) => `Bearer ${value}`),
                printable,
              ),
              'idempotency-key': printable,
              'x-request-id': printable,
              accept: fc.constantFrom('*/*', 'text/html', 'application/xml', 'nonsense', ''),
              'accept-language': printable,
            },
            { requiredKeys: [] },
          ),
          async (hostile) => {
            await send(entry, {
              method: entry.method,
              url: request.url,
              headers: { ...headers, ...hostile },
              ...(request.payload !== undefined ? { payload: request.payload } : {}),
            });
          },
        ),
        { numRuns: runs.headers },
      );
      expect(refusals).toEqual([]);
    },
  );

  it('never fails on a hostile case-list query', async () => {
    const entry = catalogue.find((candidate) => candidate.method === 'GET' && candidate.route === '/cases')!;
    const { headers } = base(entry);
    const key = fc.constantFrom(
      'stage',
      'escalated',
      'originCountry',
      'destinationCountry',
      'pageSize',
      'pageToken',
      'country',
      '__proto__',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(key, hostileString), { maxLength: 4 }), async (pairs) => {
        const query = pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
        await send(entry, { method: 'GET', url: `/cases?${query}`, headers });
      }),
      { numRuns: runs.query },
    );
    expect(refusals).toEqual([]);
  });

  it('refuses oversized bodies with 413 and a message', async () => {
    for (const entry of withBodies) {
      const { request, headers } = base(entry);
      const response = await send(entry, {
        method: entry.method,
        url: request.url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
      });
      expect({ route: entry.route, status: response.statusCode }).toEqual({ route: entry.route, status: 413 });
    }
    expect(refusals).toEqual([]);
  });

  it('tried a few thousand hostile requests', () => {
    expect(sent).toBeGreaterThan(2000);
  });
});

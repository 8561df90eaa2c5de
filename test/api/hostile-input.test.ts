/**
 * Property-based tests: malformed, oversized and hostile bodies, parameters, queries and headers on every route.
 * Each kind of input gets the one status that says what is wrong with it, listed for the route in the OpenAPI
 * document, with a message (JSON) or a page (HTML) and a request ID: a body that breaks its route's schema 400, a
 * polluting key 422, a body the schema admits but a rule refuses (an assignee who is no coordinator) 422, bytes that
 * cannot be read 400 (415 in a media type the route does not read, 413 over the limit); a path parameter that is not
 * a case number 400, a case number no case has 404, one too long 414; a key nobody issued 401 and a malformed
 * Idempotency-Key 400; a case-list query the list does not take 400, a foreign page token 422.
 */
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { signConsentToken } from '../../src/consent/token';
import { caseStages } from '../../src/domain/case';
import { countryCodes } from '../../src/domain/countries';
import { startTestStack, testKeys, type TestStack } from '../support/stack';
import { registerCase, unknownCaseNumber } from './api-support';
import { catalogue, headersFor, type Caller, type CatalogueEntry } from './route-catalogue';

/** What a request body's schema in the OpenAPI document says about the JSON types each of its parts may take. */
type BodySchema = {
  type?: string;
  pattern?: string;
  nullable?: boolean;
  anyOf?: BodySchema[];
  oneOf?: BodySchema[];
  properties?: Record<string, BodySchema>;
  items?: BodySchema;
  additionalProperties?: boolean | BodySchema;
};
type Operation = {
  responses: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema?: BodySchema } | undefined> };
};
type OpenApiDocument = { paths: Record<string, Record<string, Operation | undefined>> };

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
const jsonTypes = ['null', 'boolean', 'number', 'string', 'array', 'object'];

/**
 * The JSON types the schema lets the part at `path` take (an integer is a number); every type where it names none.
 * A nullable string takes a string as well as null: `{"assignee":"tru"}` is well-formed, and refused by a rule (422).
 */
function typesAt(schema: BodySchema | undefined, path: Path): Set<string> {
  if (!schema) return new Set(jsonTypes);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const types = new Set(alternatives.flatMap((alternative) => [...typesAt(alternative, path)]));
    if (schema.nullable && path.length === 0) types.add('null');
    return types;
  }
  if (path.length === 0) {
    if (!schema.type) return new Set(jsonTypes);
    const type = schema.type === 'integer' ? 'number' : schema.type;
    return new Set(schema.nullable ? [type, 'null'] : [type]);
  }
  const [head, ...rest] = path;
  const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  return typesAt(typeof head === 'number' ? schema.items : (schema.properties?.[head!] ?? extra), rest);
}

/** A JSON value of none of `types`; never null, which an optional body may legitimately be. */
const valueNotOf = (types: Set<string>): fc.Arbitrary<unknown> =>
  fc
    .oneof(hostileValue, fc.integer(), fc.array(hostileString, { maxLength: 3 }))
    .filter((value) => value !== null && !types.has(typeOf(value)));

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Valid JSON with a `__proto__` key, or a `constructor` holding `prototype`, at any depth: what the API's body parser
 * refuses with 422 before the schema is read (a generated value may carry one too, not only the crafted bodies).
 */
function pollutes(body: string): boolean {
  if (!isJson(body)) return false;
  let found = false;
  JSON.parse(body, (key, value: unknown) => {
    if (key === '__proto__') found = true;
    if (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value) found = true;
    return value;
  });
  return found;
}

/**
 * A well-formed body broken for certain: one part (or the whole) replaced by a value of a JSON type the route's schema
 * does not allow there (refused with 400), or a prototype-polluting key slipped in (refused with 422). Without a
 * schema in the document (a hidden route), only the valid value's own type counts as allowed.
 */
const brokenBody = (valid: unknown, schema: BodySchema | undefined): fc.Arbitrary<string> => {
  const allowedAt = (path: Path) => {
    const current = path.reduce<unknown>((value, step) => (value as Record<string | number, unknown>)[step], valid);
    return schema ? typesAt(schema, path).add(typeOf(current)) : new Set([typeOf(current)]);
  };
  // A part whose schema allows every type but null cannot be broken by its type.
  const paths = pathsOf(valid).filter((path) =>
    jsonTypes.some((type) => type !== 'null' && !allowedAt(path).has(type)),
  );
  return fc.tuple(fc.nat(), fc.constantFrom('replace', 'proto')).chain(([pick, how]) => {
    if (how === 'proto' || paths.length === 0)
      return fc.constant(
        `{"__proto__":{"role":"coordinator"},"constructor":{"prototype":{"admin":true}},${JSON.stringify(valid ?? {}).slice(1)}`,
      );
    const path = paths[pick % paths.length]!;
    return valueNotOf(allowedAt(path)).map((replacement) => JSON.stringify(setAt(valid, path, replacement)));
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
  let document: OpenApiDocument;
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
    document = (await stack.app.inject({ method: 'GET', url: '/openapi.json' })).json<OpenApiDocument>();
  });
  beforeEach(() => {
    refusals.length = 0;
  });
  afterAll(async () => {
    if (process.env.HOMEWARD_PRINT_MATRIX) process.stderr.write(`hostile requests sent: ${sent}\n`);
    await stack?.stop();
  });

  /** The route's operation in the OpenAPI document (`/cases/{caseNumber}` for `/cases/:caseNumber`), if listed. */
  const documented = (entry: CatalogueEntry) =>
    document.paths[entry.route.replace(/:(\w+)/g, '{$1}')]?.[entry.method.toLowerCase()];

  /** The schema the document gives the route's JSON body, if it lists the route. */
  const jsonBodySchema = (entry: CatalogueEntry) => documented(entry)?.requestBody?.content['application/json']?.schema;

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

  // The desk's forms answer a browser (a session and its CSRF token come first): test/desk/desk-pages.test.ts sends
  // them hostile forms. Here, the JSON API.
  const api = catalogue.filter((entry) => !entry.route.startsWith('/desk'));
  const withBodies = api.filter((entry) => entry.method === 'POST' && !entry.file);
  const withParams = api.filter((entry) => entry.param);

  /**
   * Records a refusal when a hostile request is not answered with the one status it must get, or when the OpenAPI
   * document does not list that status for the operation (routes left out of the document aside).
   */
  const expectStatus = (entry: CatalogueEntry, response: LightMyRequestResponse, expected: number, what: string) => {
    if (response.statusCode !== expected)
      refusals.push(`${what}: ${response.statusCode} instead of ${expected}: ${response.body.slice(0, 200)}`);
    const operation = documented(entry);
    if (operation && !(String(expected) in operation.responses))
      refusals.push(`${entry.method} ${entry.route}: the document does not list ${expected}`);
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
        fc.asyncProperty(brokenBody(valid ?? {}, jsonBodySchema(entry)), async (body) => {
          const response = await send(entry, {
            method: entry.method,
            url: request.url,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: body,
          });
          // A prototype-polluting key is valid JSON the API refuses for what it means: 422, as the document says.
          expectStatus(entry, response, pollutes(body) ? 422 : 400, body.slice(0, 200));
        }),
        { numRuns: runs.body },
      );
      expect(refusals).toEqual([]);
    },
  );

  it('answers an assignee the schema admits but no coordinator holds with 422, any other with 400', async () => {
    const entry = withBodies.find((candidate) => candidate.route === '/cases/:caseNumber/assignment')!;
    const { request, headers } = base(entry);
    // The staff reference's pattern, as the document gives it: the schema's one rule for the name.
    const staffReference = new RegExp(jsonBodySchema(entry)!.properties!.assignee!.pattern!);
    const coordinators = Object.values(testKeys)
      .filter((key) => key.role === 'coordinator')
      .map((key) => key.actorId as string);
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.stringMatching(staffReference)), async (assignee) => {
        fc.pre(!coordinators.includes(assignee));
        const response = await send(entry, {
          method: entry.method,
          url: request.url,
          headers: { ...headers, 'content-type': 'application/json' },
          payload: JSON.stringify({ assignee }),
        });
        expectStatus(entry, response, staffReference.test(assignee) ? 422 : 400, `assignee ${assignee.slice(0, 100)}`);
      }),
      { numRuns: runs.body },
    );
    expect(refusals).toEqual([]);
  });

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
          if (expected !== 'any')
            expectStatus(entry, response, expected, `${type || 'no type'}: ${body.slice(0, 100)}`);
        }),
        { numRuns: runs.rawBody },
      );
      expect(refusals).toEqual([]);
    },
  );

  /**
   * The status a path parameter must get: 414 over the router's 4096 characters, 400 when it is not valid
   * percent-encoding; then a consent link that does not work is 404, a case number no case has is 404, and anything
   * else (an empty one too) 400.
   */
  function expectedForParam(entry: CatalogueEntry, segment: string): number {
    if (segment.length > 4096) return 414;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return 400;
    }
    if (entry.param === 'token') return 404;
    // The check letters leave out I, O and Z, which read as digits.
    return /^HW-\d{4}-\d{6}-[A-HJ-NP-Y]$/.test(decoded) ? 404 : 400;
  }

  // Numbers from years before any registry here numbered a case, with right and wrong check letters, and I, O or Z.
  const caseNumberLike = fc
    .tuple(fc.integer({ min: 2000, max: 2025 }), fc.integer({ min: 1, max: 999_999 }), fc.constantFrom(...'ABKUYIOZ'))
    .map(([year, serial, letter]) => `HW-${year}-${String(serial).padStart(6, '0')}-${letter}`);

  it.each(withParams.map((entry) => [`${entry.method} ${entry.route}`, entry] as const))(
    'answers a hostile path parameter with 400, 404 for a case number no case has or a link that does not work, 414 when too long: %s',
    async (_name, entry) => {
      const { request, headers } = base(entry);
      const valid = entry.param === 'caseNumber' ? /\/cases\/([^/?]+)/ : /\/consent\/([^/?]+)/;
      await fc.assert(
        fc.asyncProperty(fc.oneof(hostileString, caseNumberLike), fc.boolean(), async (parameter, encode) => {
          // Unencoded, what would end the segment (a slash or backslash, ? or #, a space) is left out.
          const segment = encode ? encodeURIComponent(parameter) : parameter.replace(/[\s#?/\\]/g, '');
          // A dot segment is not a parameter: the URL resolves it away, to another route's address.
          fc.pre(segment !== '.' && segment !== '..');
          const response = await send(entry, {
            method: entry.method,
            // A function, so that `$&` or `$'` in the parameter is sent as it is, not read as a replacement pattern.
            url: request.url.replace(valid, (match, old: string) => match.replace(old, () => segment)),
            headers,
            ...(request.payload !== undefined ? { payload: request.payload } : {}),
          });
          expectStatus(entry, response, expectedForParam(entry, segment), `parameter ${segment.slice(0, 100)}`);
        }),
        { numRuns: runs.param },
      );
      expect(refusals).toEqual([]);
    },
  );

  // A case's messages take one; assigning a case takes none (the same assignee again changes nothing).
  const takesIdempotencyKey = (entry: CatalogueEntry) =>
    entry.method === 'POST' &&
    entry.route.startsWith('/cases/:caseNumber/') &&
    entry.route !== '/cases/:caseNumber/assignment';

  /**
   * The status a well-formed request must get with hostile headers: 401 for any Authorization that is not an issued
   * key (an empty one is no key at all); a refused caller is refused before anything else is read; then 400 for an
   * Idempotency-Key that is not 1 to 100 letters, digits, dots, dashes, colons or underscores, where a route takes one;
   * otherwise what the request gets without them (Accept, Accept-Language and X-Request-Id change no status).
   */
  function expectedForHeaders(entry: CatalogueEntry, hostile: Record<string, string | undefined>): number {
    // The health probe reads no credentials (a load balancer sends none), so none can be refused there.
    if (entry.route === '/healthz') return entry.expected[admittedCaller(entry)];
    if (hostile.authorization !== undefined && hostile.authorization !== '') return 401;
    const caller = hostile.authorization === '' ? 'none' : admittedCaller(entry);
    const usual = entry.expected[caller];
    if (usual === 401 || usual === 403) return usual;
    const key = hostile['idempotency-key'];
    if (takesIdempotencyKey(entry) && key !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(key)) return 400;
    return usual;
  }

  it.each(catalogue.map((entry) => [`${entry.method} ${entry.route}`, entry] as const))(
    'answers hostile headers with 401 for a key nobody issued, 400 for a malformed Idempotency-Key, otherwise as usual: %s',
    async (_name, entry) => {
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
            // The catalogued request, whose answer is known per caller (a registration is a new child each time).
            const request = entry.request({ caseNumber });
            const response = await send(entry, {
              method: entry.method,
              url: request.url,
              headers: { ...request.headers, ...headersFor(admittedCaller(entry)), ...hostile },
              ...(request.payload !== undefined ? { payload: request.payload } : {}),
            });
            const what = `headers ${JSON.stringify(hostile).slice(0, 200)}`;
            expectStatus(entry, response, expectedForHeaders(entry, hostile), what);
            // A request ID the caller sends is kept only when it is a plain token; otherwise the API makes its own.
            const given = hostile['x-request-id'];
            const kept = given !== undefined && /^[A-Za-z0-9._-]{8,64}$/.test(given);
            if ((response.headers['x-request-id'] === given) !== kept)
              refusals.push(`${what}: request ID ${String(response.headers['x-request-id'])}`);
          },
        ),
        { numRuns: runs.headers },
      );
      expect(refusals).toEqual([]);
    },
  );

  const listKeys = [
    'stage',
    'escalated',
    'currentCountry',
    'originCountry',
    'destinationCountry',
    'pageSize',
    'pageToken',
  ];

  /** Whether the list takes this value for this key, as the document describes each. */
  function takes(key: string, value: string): boolean {
    switch (key) {
      case 'stage':
        return (caseStages as readonly string[]).includes(value);
      case 'escalated':
        return value === 'true' || value === 'false';
      case 'currentCountry':
      case 'originCountry':
      case 'destinationCountry':
        return countryCodes.includes(value);
      case 'pageSize': {
        // Read as a number, as a query string is: ' 7 ' is 7, an empty one 0.
        const size = Number(value);
        return Number.isInteger(size) && size >= 1 && size <= 100;
      }
      case 'pageToken':
        return /^[A-Za-z0-9_-]{1,4096}$/.test(value);
      default:
        return false;
    }
  }

  /**
   * The status a case-list query must get: 400 for a key the list does not take, a key given twice or a value its key
   * does not take; 422 for currentCountry and its old name originCountry naming different countries, or a well-formed
   * page token the API never gave out; 200 otherwise.
   */
  function expectedForQuery(pairs: Array<[string, string]>): number {
    const keys = pairs.map(([key]) => key);
    if (new Set(keys).size < keys.length || pairs.some(([key, value]) => !takes(key, value))) return 400;
    const query = Object.fromEntries(pairs);
    if (query.currentCountry && query.originCountry && query.currentCountry !== query.originCountry) return 422;
    if (query.pageToken !== undefined) return 422;
    return 200;
  }

  it('answers a hostile case-list query with 400, 422 for a page token it never gave out, 200 for a filter it takes', async () => {
    const entry = catalogue.find((candidate) => candidate.method === 'GET' && candidate.route === '/cases')!;
    const { headers } = base(entry);
    // Mostly values the key takes, so that whole filters and page tokens are sent too; else hostile or nearly right.
    const country = fc.constantFrom('UA', 'RU', 'PL');
    // A Map, not an object: the keys sent include __proto__ and constructor.
    const takenBy = new Map<string, fc.Arbitrary<string>>([
      ['stage', fc.constantFrom(...caseStages)],
      ['escalated', fc.constantFrom('true', 'false')],
      ['currentCountry', country],
      ['originCountry', country],
      ['destinationCountry', country],
      ['pageSize', fc.integer({ min: 1, max: 100 }).map(String)],
      ['pageToken', fc.constantFrom('eyJmIjoieCJ9', 'not-a-token', 'AAAA')],
    ]);
    const nearlyRight = fc.constantFrom('XX', 'ua', 'True', '0', '101', '2.5', 'closed ', 'a.b', '');
    const pair = fc
      .constantFrom(...listKeys, 'country', '__proto__', 'constructor')
      .chain((name) =>
        fc.tuple(
          fc.constant(name),
          fc.oneof(
            { arbitrary: takenBy.get(name) ?? hostileString, weight: 4 },
            { arbitrary: hostileString, weight: 1 },
            { arbitrary: nearlyRight, weight: 1 },
          ),
        ),
      );
    await fc.assert(
      fc.asyncProperty(fc.array(pair, { maxLength: 4 }), async (pairs) => {
        const query = pairs.map(([name, item]) => `${name}=${encodeURIComponent(item)}`).join('&');
        const response = await send(entry, { method: 'GET', url: `/cases?${query}`, headers });
        expectStatus(entry, response, expectedForQuery(pairs), `query ${query.slice(0, 200)}`);
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

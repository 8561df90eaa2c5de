/**
 * Every route the API answers, with a well-formed request for it and who may call it. The authorisation matrix and
 * the hostile-input properties both walk this list, and both check it is complete against the app's own routes.
 */
import type { InjectOptions } from 'fastify';
import { registration } from '../support/fixtures';
import { healthSummaryInput, pdfReport } from '../support/health-fixtures';
import { testKeys } from '../support/stack';
import { unknownCaseNumber } from './api-support';

export type Caller = keyof typeof testKeys | 'none' | 'unknown key';
export const callers: Caller[] = [...(Object.keys(testKeys) as Array<keyof typeof testKeys>), 'none', 'unknown key'];

export function headersFor(caller: Caller): Record<string, string> {
  if (caller === 'none') return {};
  if (caller === 'unknown key') return { authorization: 'Bearer not-a-homeward-key-000000' };
  return { authorization: `Bearer ${testKeys[caller].key}` };
}

export interface CatalogueEntry {
  method: 'GET' | 'POST' | 'PUT' | 'OPTIONS';
  /** The route pattern, as Fastify knows it. */
  route: string;
  /** A well-formed request; `caseNumber` names a running case where the route needs one. */
  request: (context: { caseNumber: string }) => Omit<InjectOptions, 'method' | 'headers'> & {
    url: string;
    headers?: Record<string, string>;
  };
  /** Status by caller: the answer for this well-formed request. */
  expected: Record<Caller, number>;
  /** Where a path parameter is free text the properties may replace. */
  param?: 'caseNumber' | 'token';
  /** The body is a file in its own media type, not JSON: test/e2e/health-information.test.ts sends it hostile files. */
  file?: boolean;
}

const keyed = Object.keys(testKeys) as Array<keyof typeof testKeys>;

/** Only these roles get `ok`; other keys 403; no key 401; a key nobody issued 401. */
function only(allowed: Array<keyof typeof testKeys>, ok: number): Record<Caller, number> {
  const expected = Object.fromEntries(keyed.map((caller) => [caller, allowed.includes(caller) ? ok : 403]));
  return { ...expected, none: 401, 'unknown key': 401 } as Record<Caller, number>;
}

/** Anyone gets `status`; a key nobody issued is still refused, wherever it is sent. */
function open(status: number): Record<Caller, number> {
  return { ...Object.fromEntries(keyed.map((caller) => [caller, status])), none: status, 'unknown key': 401 } as Record<
    Caller,
    number
  >;
}

const readers: Array<keyof typeof testKeys> = ['coordinator', 'coordinator2', 'reviewer', 'supervisor', 'operator'];
const staff: Array<keyof typeof testKeys> = ['coordinator', 'coordinator2', 'supervisor'];
const neutral: Array<keyof typeof testKeys> = ['reviewer', 'supervisor'];
const decoders: Array<keyof typeof testKeys> = ['coordinator', 'coordinator2', 'reviewer', 'supervisor'];
const labs: Array<keyof typeof testKeys> = ['lab', 'otherLab'];
const clinicians: Array<keyof typeof testKeys> = ['clinician', 'sendingClinician'];

/** The health routes: who passes each route's role check (the case's purpose is decided after, for a real case). */
function healthEntries(): CatalogueEntry[] {
  const at = (path: string) => `/cases/${unknownCaseNumber}/health/${path}`;
  const entry = (
    method: CatalogueEntry['method'],
    path: string,
    roles: Array<keyof typeof testKeys>,
    request: Omit<ReturnType<CatalogueEntry['request']>, 'url'> = {},
  ): CatalogueEntry => ({
    method,
    route: `/cases/:caseNumber/health/${path.replace(/R-[0-9a-f]+$/, ':reportId')}`,
    request: () => ({ url: at(path), ...request }),
    expected: only(roles, 404),
    param: 'caseNumber',
  });
  return [
    entry('PUT', 'care-team', staff, { payload: { escortId: 'esc-iva', receivingClinicianId: 'clin-rui' } }),
    entry('PUT', 'summary', clinicians, { payload: healthSummaryInput() }),
    entry('POST', 'summary/review', clinicians, { payload: { revision: 1 } }),
    entry('GET', 'summary', [...staff, 'escort', ...clinicians]),
    entry('POST', 'summary/follow-ups', clinicians, {
      payload: {
        followUpId: 'follow-up-1',
        findings: 'growing well',
        source: { kind: 'clinician', reference: 'clin-rui' },
        statedAt: '2026-02-14',
      },
    }),
    entry('POST', 'sharing-withdrawals', staff, { payload: { consenteeId: 'mother' } }),
    entry('GET', 'summary/fhir', clinicians),
    {
      ...entry('POST', 'reports', [...staff, ...clinicians], {
        payload: pdfReport(),
        headers: {
          'content-type': 'application/pdf',
          'x-file-name': 'ward-report.pdf',
          'x-supplied-by': 'facility 7 medical unit',
          'x-supplied-at': '2026-02-14T09:00:00Z',
          'x-channel': 'humanitarian channel',
        },
      }),
      file: true,
    },
    entry('GET', 'reports/R-0123456789abcdef', clinicians),
  ];
}

/** Well-formed bodies for the case actions, and who may send them. */
export const actionBodies: Record<string, { body?: unknown; roles: Array<keyof typeof testKeys> }> = {
  'identity-details': { body: { documents: { civilRegistryReference: 'CR-1' } }, roles: staff },
  'dna-request': { body: { reason: 'documents contradict each other' }, roles: staff },
  dispute: { body: { reason: 'competing-claim', note: 'a second family came forward' }, roles: staff },
  hold: { body: { reason: 'facility access denied' }, roles: staff },
  resume: { roles: staff },
  withdraw: { body: { reason: 'family traced elsewhere' }, roles: staff },
  'travel-documents': { body: { documentReference: 'ETD-2026-1' }, roles: staff },
  'transit-events': { body: { event: 'departed' }, roles: staff },
  handover: { body: { signedBy: 'escort' }, roles: staff },
  'follow-ups': { body: { followUpId: 'follow-up-1', outcome: 'completed', areas: ['school'] }, roles: staff },
  'consent-withdrawals': { body: { consenteeId: 'mother', reason: 'told the coordinator by phone' }, roles: staff },
  verification: { body: { decision: 'verified' }, roles: neutral },
  'dispute-decision': { body: { disputeId: 'dispute-1', decision: 'resume' }, roles: neutral },
};

/**
 * The desk's pages answer a browser, not an API key: without a desk session a page sends the caller to sign in (303)
 * and a form answers 401 (403 for the sign-in form without its own token); a key nobody issued is still refused.
 */
function deskEntries(): CatalogueEntry[] {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const page = (route: string, url: string, status: number, param?: 'caseNumber'): CatalogueEntry => ({
    method: 'GET',
    route,
    request: () => ({ url }),
    expected: open(status),
    ...(param ? { param } : {}),
  });
  const post = (route: string, url: string, status: number, param?: 'caseNumber'): CatalogueEntry => ({
    method: 'POST',
    route,
    request: () => ({ url, headers: form, payload: '_csrf=not-a-token&reason=x' }),
    expected: open(status),
    ...(param ? { param } : {}),
  });
  return [
    page('/desk/assets/desk.css', '/desk/assets/desk.css', 200),
    page('/desk/assets/desk.js', '/desk/assets/desk.js', 200),
    page('/desk', '/desk', 303),
    page('/desk/sign-in', '/desk/sign-in', 200),
    post('/desk/sign-in', '/desk/sign-in', 403),
    post('/desk/sign-out', '/desk/sign-out', 401),
    post('/desk/preferences', '/desk/preferences', 401),
    page('/desk/cases/:caseNumber', `/desk/cases/${unknownCaseNumber}`, 303, 'caseNumber'),
    page('/desk/cases/:caseNumber/audit-export', `/desk/cases/${unknownCaseNumber}/audit-export`, 303, 'caseNumber'),
    post('/desk/cases/:caseNumber/actions/:action', `/desk/cases/${unknownCaseNumber}/actions/hold`, 401, 'caseNumber'),
    post('/desk/cases/:caseNumber/assignment', `/desk/cases/${unknownCaseNumber}/assignment`, 401, 'caseNumber'),
    page('/desk/register', '/desk/register', 303),
    post('/desk/register', '/desk/register', 401),
  ];
}

const bogusToken = 'eyJjYXNlTnVtYmVyIjoiSFctMjAyMC0wMDAwMDEtVSJ9.bm90LWEtc2lnbmF0dXJl';

export const catalogue: CatalogueEntry[] = [
  // The health probe never looks at credentials: a load balancer's stale header must not mark the API down.
  {
    method: 'GET',
    route: '/healthz',
    request: () => ({ url: '/healthz' }),
    expected: { ...open(200), 'unknown key': 200 },
  },
  { method: 'GET', route: '/openapi.json', request: () => ({ url: '/openapi.json' }), expected: open(200) },
  { method: 'GET', route: '/docs', request: () => ({ url: '/docs' }), expected: open(200) },
  {
    method: 'GET',
    route: '/docs/static/index.html',
    request: () => ({ url: '/docs/static/index.html' }),
    expected: open(302),
  },
  {
    method: 'GET',
    route: '/docs/static/swagger-initializer.js',
    request: () => ({ url: '/docs/static/swagger-initializer.js' }),
    expected: open(200),
  },
  { method: 'GET', route: '/docs/json', request: () => ({ url: '/docs/json' }), expected: open(200) },
  { method: 'GET', route: '/docs/yaml', request: () => ({ url: '/docs/yaml' }), expected: open(200) },
  {
    method: 'GET',
    route: '/docs/static/*',
    request: () => ({ url: '/docs/static/swagger-ui.css' }),
    expected: open(200),
  },
  {
    method: 'POST',
    route: '/cases',
    request: () => ({ url: '/cases', payload: registration() }),
    expected: only(['coordinator', 'coordinator2'], 201),
  },
  { method: 'GET', route: '/cases', request: () => ({ url: '/cases?pageSize=5' }), expected: only(readers, 200) },
  {
    method: 'GET',
    route: '/cases/:caseNumber',
    request: ({ caseNumber }) => ({ url: `/cases/${caseNumber}` }),
    expected: only(readers, 200),
    param: 'caseNumber',
  },
  {
    method: 'GET',
    route: '/cases/:caseNumber/audit',
    request: ({ caseNumber }) => ({ url: `/cases/${caseNumber}/audit` }),
    expected: only(readers, 200),
    param: 'caseNumber',
  },
  {
    method: 'GET',
    route: '/cases/:caseNumber/audit/export',
    request: ({ caseNumber }) => ({ url: `/cases/${caseNumber}/audit/export` }),
    expected: only(readers, 200),
    param: 'caseNumber',
  },
  {
    method: 'GET',
    route: '/cases/:caseNumber/access-log',
    request: ({ caseNumber }) => ({ url: `/cases/${caseNumber}/access-log` }),
    expected: only(['supervisor'], 200),
    param: 'caseNumber',
  },
  { method: 'GET', route: '/dashboard/weekly', request: () => ({ url: '/dashboard/weekly' }), expected: open(200) },
  { method: 'GET', route: '/dashboard', request: () => ({ url: '/dashboard' }), expected: open(200) },
  {
    method: 'GET',
    route: '/exports/cases',
    request: () => ({ url: '/exports/cases?format=json' }),
    expected: only(readers, 200),
  },
  { method: 'GET', route: '/exports/weekly', request: () => ({ url: '/exports/weekly' }), expected: open(200) },
  {
    method: 'GET',
    route: '/exports/cases/:caseNumber/audit',
    request: ({ caseNumber }) => ({ url: `/exports/cases/${caseNumber}/audit` }),
    expected: only(readers, 200),
    param: 'caseNumber',
  },
  ...Object.entries(actionBodies).map(([action, { body, roles }]): CatalogueEntry => ({
    method: 'POST',
    route: `/cases/:caseNumber/${action}`,
    // An unknown case: whoever passes the role check gets 404, whatever stage a real case would be in.
    request: () => ({ url: `/cases/${unknownCaseNumber}/${action}`, ...(body ? { payload: body as object } : {}) }),
    expected: only(roles, 404),
    param: 'caseNumber',
  })),
  {
    method: 'POST',
    route: '/cases/:caseNumber/assignment',
    request: () => ({ url: `/cases/${unknownCaseNumber}/assignment`, payload: { assignee: null } }),
    expected: only(staff, 404),
    param: 'caseNumber',
  },
  ...deskEntries(),
  ...healthEntries(),
  {
    method: 'POST',
    route: '/labs/results',
    request: () => ({
      url: '/labs/results',
      payload: { caseNumber: unknownCaseNumber, sampleId: 'S-1', resultReference: 'R-1', outcome: 'match' },
    }),
    expected: only(labs, 404),
  },
  {
    method: 'GET',
    route: '/consent/:token',
    request: () => ({ url: `/consent/${bogusToken}` }),
    expected: open(404),
    param: 'token',
  },
  {
    method: 'POST',
    route: '/consent/:token',
    request: () => ({
      url: `/consent/${bogusToken}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'decision=given',
    }),
    expected: open(404),
    param: 'token',
  },
  {
    method: 'OPTIONS',
    route: '/codec*',
    request: () => ({
      url: '/codec/decode',
      headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
    }),
    expected: open(204),
  },
  {
    method: 'POST',
    route: '/codec/encode',
    request: () => ({ url: '/codec/encode', payload: { payloads: [] } }),
    expected: only(decoders, 200),
  },
  {
    method: 'POST',
    route: '/codec/decode',
    request: () => ({ url: '/codec/decode', payload: { payloads: [] } }),
    expected: only(decoders, 200),
  },
  { method: 'GET', route: '/codec/session', request: () => ({ url: '/codec/session' }), expected: open(200) },
  {
    method: 'POST',
    route: '/codec/session',
    request: () => ({
      url: '/codec/session',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'key=not-a-homeward-key-000000',
    }),
    expected: open(401),
  },
];

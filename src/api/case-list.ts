/**
 * `GET /cases`: the cases a desk is working on, filtered by stage, escalation and country, read from Temporal's
 * visibility store through Homeward's search attributes. Search attributes never hold personal data, so neither
 * does the list.
 */
import { createHash } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayReachCase, routeRoles } from '../domain/authorisation';
import { countryCode } from '../domain/registration';
import { caseSearchAttributes } from '../temporal/case-search-attributes';
import { reunificationCase } from '../workflows';
import {
  CaseNumber,
  CaseStage,
  DestinationCountry,
  Escalated,
  EscalationLevel,
  NextDeadline,
  OriginCountry,
} from '../workflows/search-attributes';
import { callerOf, requireRole, type Caller } from './auth';
import { partiesOfCases } from './case-access';
import type { ApiContext } from './context';
import { fromTemporal, rejected } from './errors';
import { errorBody, stageSchema } from './schemas';

const listQuery = z
  .object({
    stage: stageSchema.optional(),
    escalated: z
      .enum(['true', 'false'], 'use true or false')
      .transform((value) => value === 'true')
      .optional(),
    currentCountry: countryCode
      .optional()
      .describe("Where the child is now (ISO code): the start of the case's route, not the child's place of origin"),
    originCountry: countryCode
      .optional()
      .meta({ deprecated: true })
      .describe('Deprecated name of currentCountry: where the child is now, not the place of origin'),
    destinationCountry: countryCode.optional().describe("Where the child's verified family is (ISO code)"),
    pageSize: z.coerce.number().int().min(1).max(100).default(25),
    pageToken: z
      .string()
      .max(4096)
      .regex(/^[A-Za-z0-9_-]+$/, 'pass back the nextPageToken of the previous page unchanged')
      .optional(),
  })
  .strict()
  .refine((query) => !query.currentCountry || !query.originCountry || query.currentCountry === query.originCountry, {
    message: 'originCountry is the old name of currentCountry: send one of them',
    path: ['originCountry'],
  });

const caseSummary = z.object({
  caseNumber: z.string(),
  stage: z.string(),
  escalated: z.boolean(),
  escalationLevel: z.number().int(),
  nextDeadline: z.string().optional().describe('When the earliest pending wait is due'),
  currentCountry: z.string().optional().describe('Where the child is now: the start of the route'),
  originCountry: z
    .string()
    .optional()
    .meta({ deprecated: true })
    .describe('Deprecated name of currentCountry, with the same value: where the child is now'),
  destinationCountry: z.string().optional().describe("Where the child's verified family is: the end of the route"),
  registeredAt: z.string().optional(),
  running: z.boolean().describe('false once the case has closed'),
});

const caseList = z.object({
  cases: z.array(caseSummary),
  nextPageToken: z.string().optional().describe('Pass as pageToken for the next page; absent on the last page'),
});

type ListFilter = Omit<z.output<typeof listQuery>, 'pageSize' | 'pageToken' | 'originCountry'>;

/** Every value here has passed an enum or a two-capital-letter pattern, so nothing can break out of the quotes. */
export function visibilityQuery(filter: ListFilter): string {
  // A case that went on in a new run (continue-as-new) has a closed run per switch: the list shows its current one.
  const clauses = [
    `WorkflowType = '${reunificationCase.name}'`,
    'CaseNumber IS NOT NULL',
    "ExecutionStatus != 'ContinuedAsNew'",
  ];
  if (filter.stage) clauses.push(`CaseStage = '${filter.stage}'`);
  if (filter.escalated === true) clauses.push('Escalated = true');
  if (filter.escalated === false) clauses.push('(Escalated = false OR Escalated IS NULL)');
  // The search attribute's name is older than the filter's: it has always held where the child is now.
  if (filter.currentCountry) clauses.push(`OriginCountry = '${filter.currentCountry}'`);
  if (filter.destinationCountry) clauses.push(`DestinationCountry = '${filter.destinationCountry}'`);
  return clauses.join(' AND ');
}

// The page token carries Temporal's own token and a digest of the filter it belongs to. One the API did not give out
// is well-formed and meaningless: 422, as for any value the document admits and the server cannot use.
const filterDigest = (query: string) => createHash('sha256').update(query).digest('base64url').slice(0, 16);
const encodePageToken = (query: string, token: Uint8Array) =>
  Buffer.from(JSON.stringify({ f: filterDigest(query), t: Buffer.from(token).toString('base64') })).toString(
    'base64url',
  );
function decodePageToken(query: string, pageToken: string): Uint8Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(pageToken, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const token = parsed as { f?: unknown; t?: unknown } | undefined;
  if (!token || typeof token !== 'object' || typeof token.f !== 'string' || typeof token.t !== 'string') {
    throw rejected('the pageToken is not one this API gave out: pass back nextPageToken unchanged');
  }
  if (token.f !== filterDigest(query)) {
    throw rejected('the pageToken belongs to a different filter: keep the filters the same while paging');
  }
  return Buffer.from(token.t, 'base64');
}

const running = temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;

/**
 * The first listing of each case: newest first, its current run. The run a case just left shows as running until
 * the visibility store records the switch, beside the run it went on in.
 */
const newestRunOnly = <Item extends { caseNumber: string }>(cases: Item[]): Item[] =>
  cases.filter((item, index) => cases.findIndex((other) => other.caseNumber === item.caseNumber) === index);

async function listCases(client: Client, query: string, pageSize: number, pageToken?: string) {
  const response = await client.workflowService
    .listWorkflowExecutions({
      namespace: client.options.namespace,
      query,
      pageSize,
      ...(pageToken ? { nextPageToken: decodePageToken(query, pageToken) } : {}),
    })
    .catch((error: unknown) => {
      // Temporal did not accept the page token it was given back.
      if (pageToken && isGrpcServiceError(error) && error.code === GrpcStatus.INVALID_ARGUMENT) {
        throw rejected('the pageToken is no longer valid: start again from the first page');
      }
      throw fromTemporal(error);
    });
  const cases = response.executions.map((execution) => {
    const attributes = caseSearchAttributes(execution.searchAttributes?.indexedFields);
    const nextDeadline = attributes.get(NextDeadline);
    const startTime = execution.startTime?.seconds;
    return {
      caseNumber: attributes.get(CaseNumber) ?? '',
      stage: attributes.get(CaseStage) ?? 'registered',
      escalated: attributes.get(Escalated) ?? false,
      escalationLevel: attributes.get(EscalationLevel) ?? 0,
      ...(nextDeadline ? { nextDeadline: nextDeadline.toISOString() } : {}),
      ...(attributes.get(OriginCountry)
        ? { currentCountry: attributes.get(OriginCountry), originCountry: attributes.get(OriginCountry) }
        : {}),
      ...(attributes.get(DestinationCountry) ? { destinationCountry: attributes.get(DestinationCountry) } : {}),
      ...(startTime ? { registeredAt: new Date(Number(startTime) * 1000).toISOString() } : {}),
      running: execution.status === running,
    };
  });
  const next = response.nextPageToken;
  return {
    cases: newestRunOnly(cases),
    ...(next && next.length > 0 ? { nextPageToken: encodePageToken(query, next) } : {}),
  };
}

/**
 * The cases of a page that are shared with the caller's organisation: a party's page may hold fewer than pageSize
 * cases (the visibility store knows no parties), and its nextPageToken still leads on.
 */
async function sharedWith<Item extends { caseNumber: string }>(
  context: ApiContext,
  caller: Caller,
  cases: Item[],
): Promise<Item[]> {
  if (caller.organisation === undefined) return cases;
  const parties = await partiesOfCases(
    context.db,
    context.config.api.sharing,
    cases.map((item) => item.caseNumber),
  );
  return cases.filter((item) => mayReachCase(caller, parties.get(item.caseNumber) ?? []));
}

export const caseListRoutes: FastifyPluginAsyncZod<ApiContext> = async (app, context) => {
  const { client } = context;
  app.get(
    '/cases',
    {
      onRequest: requireRole(...routeRoles.readCases),
      schema: {
        summary: 'List cases by stage, escalation and country; paginated; no personal data',
        tags: ['cases'],
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: caseList, 400: errorBody, 401: errorBody, 403: errorBody, 422: errorBody, 429: errorBody },
      },
    },
    async (request) => {
      const { pageSize, pageToken, originCountry, currentCountry, ...filter } = request.query;
      const from = currentCountry ?? originCountry;
      const page = await listCases(
        client,
        visibilityQuery({ ...filter, ...(from ? { currentCountry: from } : {}) }),
        pageSize,
        pageToken,
      );
      return { ...page, cases: await sharedWith(context, callerOf(request), page.cases) };
    },
  );
};

/**
 * A party's staff see and act on the cases shared with it only: any other case is answered 404, as if it did not
 * exist, so its existence is not revealed. Who is a party is decided in src/domain/authorisation.ts.
 */
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { casePartiesOf, mayReachCase, routesSharedWith, type CaseSharing } from '../domain/authorisation';
import { latestRouteTo, type PartyScope } from '../registry/case-parties';
import type { Db } from '../registry/db';
import type { Caller } from './auth';
import type { ApiContext } from './context';
import { forbidden, notFound } from './errors';
import { noSuchCase } from './schemas';

interface RouteRow {
  case_number: string;
  organisation_id: string;
  origin_country: string;
  route_to: string | null;
}

/** Each case's parties: its registering organisation and its route (the destination of its latest verification). */
export async function partiesOfCases(
  db: Db,
  sharing: CaseSharing,
  caseNumbers: string[],
): Promise<Map<string, string[]>> {
  if (caseNumbers.length === 0) return new Map();
  const { rows } = await db.query<RouteRow>(
    `SELECT c.case_number, c.organisation_id, c.origin_country, ${latestRouteTo} AS route_to
       FROM cases c WHERE c.case_number = ANY($1)`,
    [caseNumbers],
  );
  return new Map(
    rows.map((row) => [
      row.case_number,
      casePartiesOf({ organisation: row.organisation_id, from: row.origin_country, to: row.route_to }, sharing),
    ]),
  );
}

/** The cases a caller may reach, for a list the registry filters; undefined when the caller is confined to none. */
export function partyScopeOf(caller: { organisation?: string }, sharing: CaseSharing): PartyScope | undefined {
  return caller.organisation === undefined
    ? undefined
    : { organisation: caller.organisation, routes: routesSharedWith(caller.organisation, sharing) };
}

/** The case numbers of `caseNumbers` the caller may reach, in their order. */
export async function reachableCases(
  context: ApiContext,
  caller: { organisation?: string },
  caseNumbers: string[],
): Promise<string[]> {
  if (caller.organisation === undefined) return caseNumbers;
  const parties = await partiesOfCases(context.db, context.config.api.sharing, caseNumbers);
  return caseNumbers.filter((caseNumber) => mayReachCase(caller, parties.get(caseNumber) ?? []));
}

/** Throws 404 unless the caller may reach the case; a caller that names no organisation always may. */
export async function ensureCaseParty(
  context: ApiContext,
  caller: Pick<Caller, 'role' | 'organisation'> | undefined,
  caseNumber: string,
): Promise<void> {
  if (!caller || caller.organisation === undefined || caller.role === 'lab') return;
  const parties = (await partiesOfCases(context.db, context.config.api.sharing, [caseNumber])).get(caseNumber);
  if (!parties || !mayReachCase(caller, parties)) throw notFound(noSuchCase(caseNumber));
}

/** A route's preHandler (after its role check and validation): the case in its path must be shared with the caller. */
export function requireCaseParty(context: ApiContext): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const { caseNumber } = request.params as { caseNumber?: string };
    if (caseNumber) await ensureCaseParty(context, request.caller, caseNumber);
  };
}

/** A party's staff register cases for their own organisation only. */
export function ensureRegisteringOrganisation(caller: { organisation?: string }, organisationId: string): void {
  if (caller.organisation !== undefined && caller.organisation !== organisationId)
    throw forbidden(
      `you register cases for ${caller.organisation} only; this registration names the organisation ${organisationId}`,
    );
}

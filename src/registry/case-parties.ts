/**
 * Which cases an organisation may reach, in SQL: the rule of casePartiesOf (src/domain/authorisation.ts) over the
 * registry's rows, so a queue or a search of one party's cases is filtered, counted and paged by the database.
 */
import type { SharedRoute } from '../domain/authorisation';

/** A case's destination as its latest verification recorded it, over `c` (the cases table). */
export const latestRouteTo = `(SELECT a.route_to FROM audit_entries a
  WHERE a.case_number = c.case_number AND a.route_to IS NOT NULL ORDER BY a.position DESC LIMIT 1)`;

/** The cases one organisation may reach: those it registered, and those on the routes shared with it. */
export interface PartyScope {
  organisation: string;
  routes: readonly SharedRoute[];
}

/** A condition over `c` that holds for the cases `scope` may reach; `bind` adds a parameter and names it. */
export function reachableBy(scope: PartyScope, bind: (value: unknown) => string): string {
  const terms = [`c.organisation_id = ${bind(scope.organisation)}`];
  for (const { from, to } of scope.routes) {
    const sides = [
      ...(from ? [`c.origin_country = ${bind(from)}`] : []),
      ...(to ? [`${latestRouteTo} = ${bind(to)}`] : []),
    ];
    terms.push(sides.length ? sides.join(' AND ') : 'TRUE');
  }
  return `(${terms.map((term) => `(${term})`).join(' OR ')})`;
}

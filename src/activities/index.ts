import type { Db } from '../registry/db';

/** What activities need from the outside world; tests pass real instances pointed at test servers. */
export interface ActivityDeps {
  db: Db;
}

export function createActivities(_deps: ActivityDeps) {
  return {};
}

export type CaseActivities = ReturnType<typeof createActivities>;

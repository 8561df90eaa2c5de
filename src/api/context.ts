import type { Client } from '@temporalio/client';
import type { ApiKey, Config } from '../config';
import type { Db } from '../registry/db';

/** What every route plugin needs. */
export interface ApiContext {
  config: Config;
  client: Client;
  db: Db;
}

/** Who is acting: an API key's holder, or a person signed in at the desk. Actions are attributed to `actorId`. */
export type Caller = Pick<ApiKey, 'role' | 'actorId' | 'organisation'>;

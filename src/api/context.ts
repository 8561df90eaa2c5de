import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Db } from '../registry/db';

/** What every route plugin needs. */
export interface ApiContext {
  config: Config;
  client: Client;
  db: Db;
}

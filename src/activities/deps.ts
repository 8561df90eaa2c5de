/**
 * Builds the activities' dependencies for a process from its configuration.
 * Issue 5 replaces the unconfigured partners below with HTTP adapters, SMTP and the partner simulator.
 */
import type { Config } from '../config';
import type { Db } from '../registry/db';
import type { ActivityDeps } from '.';
import { PartnerRejection } from './ports';

const unconfigured = (party: string) => () => Promise.reject(new PartnerRejection(party, `${party} is not configured`));

export function createActivityDeps(config: Config, db: Db): ActivityDeps {
  return {
    db,
    registries: { check: unconfigured('record registries') },
    labs: { orderSample: unconfigured('DNA labs') },
    travelDocuments: {
      request: unconfigured('travel-document authority'),
      cancel: unconfigured('travel-document authority'),
    },
    transit: { book: unconfigured('transit provider'), cancel: unconfigured('transit provider') },
    notifier: { send: unconfigured('notifier') },
    staff: {
      addressOf: (party) => ({
        address: `${party.role}${party.id ? `+${party.id}` : ''}@homeward.invalid`,
        language: 'en',
      }),
    },
    consentTokenSecret: config.api.consentTokenSecret,
    publicBaseUrl: config.api.publicBaseUrl,
  };
}

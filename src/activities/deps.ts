/**
 * Builds the activities' dependencies for a process from its configuration: an HTTP adapter for every partner with
 * a URL, SMTP when SMTP_URL is set, staff addresses from STAFF_EMAILS. `npm run dev` fills the URLs in with the
 * partner simulator and the mail catcher (src/simulator/dev-partners.ts); production refuses to start without them
 * (src/config.ts), so a party left unconfigured here is one a test chose not to need.
 */
import type { Config } from '../config';
import type { CaseState } from '../domain/case';
import { createSmtpNotifier, staffDirectory } from '../notifications';
import type { Db } from '../registry/db';
import { dataConverterFor } from '../temporal/connection';
import { seal } from '../temporal/sealed';
import { currentAttempt } from './attempt';
import { httpDnaLabs, httpRecordRegistries, httpTransitProvider, httpTravelDocumentAuthority } from './partners';
import {
  PartnerRejection,
  type DnaLabs,
  type Notifier,
  type RecordRegistries,
  type StaffDirectory,
  type TransitProvider,
  type TravelDocumentAuthority,
} from './ports';

/** What activities need from the outside world; a deployment passes real adapters, tests pass test servers. */
export interface ActivityDeps {
  db: Db;
  registries: RecordRegistries;
  labs: DnaLabs;
  travelDocuments: TravelDocumentAuthority;
  transit: TransitProvider;
  notifier: Notifier;
  staff: StaffDirectory;
  /** Signs the consent links sent to guardians and children. */
  consentTokenSecret: string;
  /** Base of the links in emails, e.g. https://homeward.example.org */
  publicBaseUrl: string;
  /** Seals a case's state for the registry's case views with the payload keys; without it no view is kept. */
  sealView?: (state: CaseState) => Promise<string>;
}

const unconfigured = (party: string) => () => Promise.reject(new PartnerRejection(party, `${party} is not configured`));

export function createActivityDeps(config: Config, db: Db): ActivityDeps {
  const { registries, labs, travelDocuments, transit, timeoutMs } = config.partners;
  return {
    db,
    registries: registries ? httpRecordRegistries(registries, timeoutMs) : { check: unconfigured('record registries') },
    labs: labs ? httpDnaLabs(labs, timeoutMs) : { orderSample: unconfigured('DNA labs') },
    travelDocuments: travelDocuments
      ? httpTravelDocumentAuthority(travelDocuments, timeoutMs)
      : { request: unconfigured('travel-document authority'), cancel: unconfigured('travel-document authority') },
    transit: transit
      ? httpTransitProvider(transit, timeoutMs)
      : { book: unconfigured('transit provider'), cancel: unconfigured('transit provider') },
    notifier: config.mail.smtpUrl
      ? createSmtpNotifier({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, db, attempt: currentAttempt })
      : { send: unconfigured('notifier') },
    staff: staffDirectory(config.mail.staff, { production: config.env === 'production' }),
    consentTokenSecret: config.api.consentTokenSecret,
    publicBaseUrl: config.api.publicBaseUrl,
    sealView: (state) => seal(dataConverterFor(config), state),
  };
}

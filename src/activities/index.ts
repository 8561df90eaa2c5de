import type { Db } from '../registry/db';
import type {
  DnaLabs,
  Notifier,
  RecordRegistries,
  StaffDirectory,
  TransitProvider,
  TravelDocumentAuthority,
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
}

export function createActivities(_deps: ActivityDeps) {
  return {};
}

export type CaseActivities = ReturnType<typeof createActivities>;

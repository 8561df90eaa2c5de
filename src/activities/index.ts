import type { CaseState } from '../domain/case';
import type { Db } from '../registry/db';
import { createAuditActivities } from './audit';
import { createConsentActivities } from './consent';
import { createLabActivities } from './lab';
import { createNotifyActivities } from './notify';
import type {
  DnaLabs,
  Notifier,
  RecordRegistries,
  StaffDirectory,
  TransitProvider,
  TravelDocumentAuthority,
} from './ports';
import { createRecordActivities } from './records';
import { createTransitActivities } from './transit';

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

/** Every activity a case runs, one factory per concern. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createAuditActivities(deps),
    ...createRecordActivities(deps),
    ...createLabActivities(deps),
    ...createConsentActivities(deps),
    ...createTransitActivities(deps),
    ...createNotifyActivities(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;

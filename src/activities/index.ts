import { createAuditActivities } from './audit';
import { createConsentActivities } from './consent';
import type { ActivityDeps } from './deps';
import { createLabActivities } from './lab';
import { countedDeps } from './metrics';
import { createNotifyActivities } from './notify';
import { createRecordActivities } from './records';
import { createTransitActivities } from './transit';

/** Every activity a case runs, one factory per concern; every call to a partner or the mail server is counted. */
export function createActivities(deps: ActivityDeps) {
  const partners = countedDeps(deps);
  return {
    ...createAuditActivities(deps),
    ...createRecordActivities(partners),
    ...createLabActivities(partners),
    ...createConsentActivities(partners),
    ...createTransitActivities(partners),
    ...createNotifyActivities(partners),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
/** The case's audit trail and views in the registry. */
export type AuditActivities = ReturnType<typeof createAuditActivities>;
/** The partners and people a case waits on: registries, labs, authorities, transit, mail. */
export type PartnerActivities = Omit<CaseActivities, keyof AuditActivities>;

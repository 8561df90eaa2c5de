import { createAuditActivities } from './audit';
import { createConsentActivities } from './consent';
import type { ActivityDeps } from './deps';
import { createLabActivities } from './lab';
import { createNotifyActivities } from './notify';
import { createRecordActivities } from './records';
import { createTransitActivities } from './transit';

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
/** The case's audit trail and views in the registry. */
export type AuditActivities = ReturnType<typeof createAuditActivities>;
/** The partners and people a case waits on: registries, labs, authorities, transit, mail. */
export type PartnerActivities = Omit<CaseActivities, keyof AuditActivities>;

/** Which code runs a case in each stage. */
import type { CaseStage } from '../../../domain/case';
import type { CaseRun } from '../run';
import { aftercare } from './aftercare';
import { gatherConsents } from './consent';
import { dnaTesting } from './dna';
import { identification, recordChecks } from './records';
import { dispute, onHold, verification } from './review';
import { departure, handover, inTransit, transitBooking, travelDocuments } from './travel';

export async function runStage(run: CaseRun, stage: CaseStage): Promise<void> {
  switch (stage) {
    case 'registered':
      return run.setStage('identification');
    case 'identification':
      return identification(run);
    case 'record-checks':
      return recordChecks(run);
    case 'dna-testing':
      return dnaTesting(run);
    case 'verification':
      return verification(run);
    case 'consent':
      return gatherConsents(run);
    case 'dispute':
    case 'best-interests-review':
      return dispute(run);
    case 'travel-documents':
      return travelDocuments(run);
    case 'transit-booking':
      return transitBooking(run);
    case 'departure':
      return departure(run);
    case 'in-transit':
      return inTransit(run);
    case 'handover':
      return handover(run);
    case 'aftercare':
      return aftercare(run);
    case 'on-hold':
      return onHold(run);
    case 'closed':
      return;
  }
}

/**
 * Health information is shared by purpose: the escort sees what the journey needs while there is a journey, the
 * clinicians of the case see the whole summary while the child is in their care, coordinators see that a summary
 * exists and how complete it is, and nobody else anything. Pure: the API's health routes decide here.
 */
import { caseStages, type CaseStage, type CaseState, type ConsentRecord } from './case';
import type { CareTeam } from './health-summary';

/**
 * `full`: the whole summary and the reports, to read and write; `content`: the whole summary to read (coordinators,
 * where the deployment allows); `journey`: the escort's subset; `status`: existence and completeness.
 */
export type HealthAccess = 'full' | 'content' | 'journey' | 'status';

export type HealthDecision = { access: HealthAccess } | { refusal: string };

/** The stages from `first` to `last`, both included, in the order a case goes through them. */
const stagesFrom = (first: CaseStage, last: CaseStage): readonly CaseStage[] =>
  caseStages.slice(caseStages.indexOf(first), caseStages.indexOf(last) + 1);
/** From consent to handover, disputes and best-interests reviews aside: the journey is being prepared or under way. */
const journeyStages: readonly CaseStage[] = [
  'consent',
  'travel-documents',
  'transit-booking',
  'departure',
  'in-transit',
  'handover',
];
/** The receiving side takes the child over at the handover and follows them through aftercare. */
const receivingStages = stagesFrom('handover', 'aftercare');
/** The sending side's clinician compiles and reviews the summary until the child is handed over. */
const sendingStages = stagesFrom('registered', 'in-transit');

/** A case on hold keeps the purpose of the stage it was held in: an escort held at a border still needs to know. */
export function purposeStageOf(state: Pick<CaseState, 'stage' | 'hold'>): CaseStage {
  return state.stage === 'on-hold' && state.hold ? state.hold.resumeStage : state.stage;
}

export interface HealthReader {
  role: string;
  actorId: string;
}

/** What the deployment allows beyond the purposes, and whether the people who decide consented to the sharing. */
export interface HealthSharing {
  coordinatorsSeeContent?: boolean;
  /** The guardians (or the young adult) consented to the sharing with the escort and the receiving clinician. */
  consented?: boolean;
}

/** Every person who decides (a guardian, or the young adult) consented to the sharing, and none has withdrawn it. */
export function healthSharingConsented(
  consents: readonly Pick<ConsentRecord, 'role' | 'decision' | 'healthSharing'>[],
): boolean {
  const deciding = consents.filter((consent) => consent.role !== 'child');
  return (
    deciding.length > 0 &&
    deciding.every((consent) => consent.decision === 'given' && consent.healthSharing === 'given')
  );
}

const notConsented =
  "the child's guardians have not consented to sharing the child's health information (or withdrew it)";

/** What `reader` may see of a case's health information now, or why nothing. */
export function healthAccessOf(
  reader: HealthReader,
  team: CareTeam | undefined,
  stage: CaseStage,
  sharing: HealthSharing = {},
): HealthDecision {
  switch (reader.role) {
    case 'coordinator':
    case 'supervisor':
      return { access: sharing.coordinatorsSeeContent ? 'content' : 'status' };
    case 'escort':
      if (team?.escortId !== reader.actorId) return { refusal: 'you are not the escort named for this case' };
      if (!sharing.consented && journeyStages.includes(stage)) return { refusal: notConsented };
      return journeyStages.includes(stage)
        ? { access: 'journey' }
        : {
            refusal: `the escort sees the journey's health information from consent to handover; the case is in stage ${stage}`,
          };
    case 'clinician': {
      const receiving = team?.receivingClinicianId === reader.actorId && receivingStages.includes(stage);
      const sending = team?.sendingClinicianId === reader.actorId && sendingStages.includes(stage);
      if (sending) return { access: 'full' };
      if (receiving) return sharing.consented ? { access: 'full' } : { refusal: notConsented };
      if (team?.receivingClinicianId === reader.actorId)
        return {
          refusal: `the receiving clinician sees the summary from the handover through aftercare; the case is in stage ${stage}`,
        };
      if (team?.sendingClinicianId === reader.actorId)
        return { refusal: `the sending clinician's part ended at the handover; the case is in stage ${stage}` };
      return { refusal: 'you are not a clinician named for this case' };
    }
    default:
      return {
        refusal: `health information is shared by purpose; ${reader.role}s are not among those it is shared with`,
      };
  }
}

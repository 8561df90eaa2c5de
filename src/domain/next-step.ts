/**
 * Which messages apply in which stage, and where a case goes after its record checks (after a dispute decision:
 * disputes.ts). Pure: the workflow wires these to its handlers and its main loop.
 */
import type { CaseStage } from './case';

const beforeDeparture: CaseStage[] = [
  'identification',
  'record-checks',
  'dna-testing',
  'verification',
  'consent',
  'travel-documents',
  'transit-booking',
  'departure',
];

export const messageStages = {
  provideIdentityDetails: ['identification'],
  requestDna: ['identification', 'record-checks', 'verification'],
  raiseDispute: beforeDeparture,
  hold: [...beforeDeparture, 'registered', 'dispute', 'best-interests-review', 'handover', 'aftercare'],
  resume: ['on-hold'],
  withdraw: [...beforeDeparture, 'registered', 'dispute', 'best-interests-review', 'on-hold', 'aftercare'],
  signVerification: ['verification'],
  decideDispute: ['dispute', 'best-interests-review'],
  recordConsent: ['consent'],
  withdrawConsent: ['consent', 'travel-documents', 'transit-booking', 'departure'],
  recordTravelDocuments: ['travel-documents'],
  recordTransitEvent: ['departure', 'in-transit'],
  confirmHandover: ['handover'],
  recordFollowUp: ['aftercare'],
  // The summary lives in the registry: its status may change whenever the case is open.
  withdrawHealthSharing: [
    'consent',
    'travel-documents',
    'transit-booking',
    'departure',
    'in-transit',
    'handover',
    'aftercare',
    'on-hold',
    'dispute',
    'best-interests-review',
  ],
  recordHealthSummaryStatus: [
    ...beforeDeparture,
    'registered',
    'dispute',
    'best-interests-review',
    'in-transit',
    'handover',
    'aftercare',
    'on-hold',
  ],
} satisfies Record<string, CaseStage[]>;

export type MessageName = keyof typeof messageStages;

/** The route a client sends each message through: a refusal names what the client called, not the message. */
export const messageRoutes: Record<MessageName, string> = {
  provideIdentityDetails: 'POST /cases/{caseNumber}/identity-details',
  requestDna: 'POST /cases/{caseNumber}/dna-request',
  raiseDispute: 'POST /cases/{caseNumber}/dispute',
  hold: 'POST /cases/{caseNumber}/hold',
  resume: 'POST /cases/{caseNumber}/resume',
  withdraw: 'POST /cases/{caseNumber}/withdraw',
  signVerification: 'POST /cases/{caseNumber}/verification',
  decideDispute: 'POST /cases/{caseNumber}/dispute-decision',
  recordConsent: 'the consent page (POST /consent/{token})',
  withdrawConsent: 'POST /cases/{caseNumber}/consent-withdrawals',
  recordTravelDocuments: 'POST /cases/{caseNumber}/travel-documents',
  recordTransitEvent: 'POST /cases/{caseNumber}/transit-events',
  confirmHandover: 'POST /cases/{caseNumber}/handover',
  recordFollowUp: 'POST /cases/{caseNumber}/follow-ups',
  recordHealthSummaryStatus: 'PUT /cases/{caseNumber}/health/summary',
  withdrawHealthSharing: 'POST /cases/{caseNumber}/health/sharing-withdrawals',
};

/** `a, b or c`. */
export function listed(words: readonly string[], conjunction = 'or'): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}

/** Why a message does not apply now, or undefined when it does. */
export function stageConflict(message: MessageName, stage: CaseStage): string | undefined {
  const allowed: CaseStage[] = messageStages[message];
  if (allowed.includes(stage)) return undefined;
  const route = messageRoutes[message];
  if (stage === 'closed') return `${route} does not apply: the case is closed`;
  if (stage === 'on-hold') return `${route} does not apply while the case is on hold: resume it first`;
  const stages = allowed.length === 1 ? `stage ${allowed[0]}` : `stages ${listed(allowed)}`;
  return `${route} applies only in ${stages}; the case is in stage ${stage}`;
}

/** The stage after record checks (and after DNA when it is required). */
export function afterRecordChecks(dnaRequired: boolean, dnaMatched: boolean): CaseStage {
  return dnaRequired && !dnaMatched ? 'dna-testing' : 'verification';
}

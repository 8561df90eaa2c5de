import { condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { CaseInput, CaseState } from '../domain/case';
import { caseStateQuery } from './messages';
import { CaseNumber, CaseStage, DestinationCountry, OriginCountry } from './search-attributes';

/** One child's case, from registration to closure. */
export async function reunificationCase(input: CaseInput): Promise<CaseState> {
  const state: CaseState = input.state ?? initialState(input);
  setHandler(caseStateQuery, () => state);
  upsertSearchAttributes([
    { key: CaseNumber, value: state.caseNumber },
    { key: CaseStage, value: state.stage },
    { key: OriginCountry, value: state.route.from },
    ...(state.route.to ? [{ key: DestinationCountry, value: state.route.to }] : []),
  ]);
  await condition(() => state.stage === 'closed');
  return state;
}

function initialState(input: CaseInput): CaseState {
  return {
    caseNumber: input.caseNumber,
    stage: 'registered',
    coordinator: input.coordinator,
    registeredAt: input.registeredAt,
    route: { from: input.registration.child.currentLocation.country },
    pending: [],
    recordChecks: [],
    dna: { required: false, reasons: [], samples: [] },
    consents: [],
    disputes: [],
    bookings: [],
    followUps: [],
    escalations: [],
    events: [{ at: input.registeredAt, type: 'case-registered', actor: input.coordinator, stage: 'registered' }],
    registration: input.registration,
  };
}

/** A case as it starts: registered, with the child's route starting where the child is now. */
import type { CaseInput, CaseState } from './case';
import { countedEvents } from './events';

export function initialCaseState(input: Omit<CaseInput, 'policy' | 'state'>): CaseState {
  const from = input.registration.child.currentLocation.country;
  return {
    caseNumber: input.caseNumber,
    stage: 'registered',
    coordinator: input.coordinator,
    registeredAt: input.registeredAt,
    route: { from },
    pending: [],
    recordChecks: [],
    dna: { required: false, reasons: [], samples: [] },
    consents: [],
    disputes: [],
    bookings: [],
    followUps: [],
    escalations: [],
    events: [
      {
        at: input.registeredAt,
        type: countedEvents.registered,
        actor: input.coordinator,
        stage: 'registered',
        data: { from },
      },
    ],
    registration: input.registration,
    auditedEvents: 0,
  };
}

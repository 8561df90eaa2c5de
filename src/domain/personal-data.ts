/**
 * What of a case a reader without the right to personal data sees (authorisation.ts says who has it): no
 * registration, no child's recorded views, and none of the free text people wrote (hold reasons, notes, and the
 * details of events a person recorded, which carry their reasons verbatim).
 */
import type { CaseState } from './case';

export function withoutPersonalData(state: CaseState): Omit<CaseState, 'registration'> {
  const { registration: _personal, hold, ...rest } = state;
  return {
    ...rest,
    ...(hold ? { hold: { ...hold, reason: '[withheld]' } } : {}),
    consents: state.consents.map(({ views: _views, ...consent }) => consent),
    disputes: state.disputes.map((dispute) =>
      dispute.decision ? { ...dispute, decision: { ...dispute.decision, note: undefined } } : dispute,
    ),
    events: state.events.map(({ detail, ...event }) =>
      event.actor.role === 'system' || event.actor.role === 'lab' ? { ...event, ...(detail ? { detail } : {}) } : event,
    ),
    ...withoutIncidentNotes(state),
  };
}

function withoutIncidentNotes(state: CaseState): object {
  const { transit } = state as { transit?: { incidents?: Array<{ note?: string }> } };
  if (!transit?.incidents) return {};
  return { transit: { ...transit, incidents: transit.incidents.map(({ note: _note, ...incident }) => incident) } };
}

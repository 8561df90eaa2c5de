/**
 * Messages a coordinator records for the journey and after it: travel documents issued, transit events, the
 * handover's signatures and the follow-up visits.
 */
import { countedEvents } from '../../../domain/events';
import { followUpNotYet } from '../../../domain/follow-ups';
import { healthSummaryReady } from '../../../domain/health-gate';
import {
  confirmHandoverUpdate,
  recordFollowUpUpdate,
  recordTransitEventUpdate,
  recordTravelDocumentsUpdate,
  rejection,
} from '../../messages';
import { reject, type CaseMessages } from './messages';

export function registerJourneyMessages(messages: CaseMessages): void {
  const { run } = messages;
  const { state } = run;

  messages.on(
    recordTravelDocumentsUpdate,
    ({ actor, documentReference }) => {
      state.travelDocuments = { documentReference, issuedAt: run.now() };
      return messages.answer(run.record('travel-documents-issued', actor, documentReference));
    },
    {
      validator: ({ actor }) => {
        messages.requireStage('recordTravelDocuments');
        messages.requireSender('recordTravelDocuments', actor);
        if (state.travelDocuments) reject(rejection.invalid, 'travel documents are already recorded for this case');
      },
    },
  );

  messages.on(
    recordTransitEventUpdate,
    ({ actor, event, note }) => {
      const transit = (state.transit ??= { incidents: [] });
      if (event === 'departed') transit.departedAt = run.now();
      if (event === 'arrived') transit.arrivedAt = run.now();
      if (event === 'incident') transit.incidents.push({ at: run.now(), ...(note ? { note } : {}) });
      return messages.answer(run.record(event === 'incident' ? 'transit-incident' : event, actor, note));
    },
    {
      validator: ({ actor, event }) => {
        messages.requireStage('recordTransitEvent');
        messages.requireSender('recordTransitEvent', actor);
        if (event === 'departed' && state.stage !== 'departure')
          reject(rejection.stageConflict, `the child has already departed; the case is in stage ${state.stage}`);
        if (event === 'departed' && state.departureAwaitsHealthSummary && !healthSummaryReady(state))
          reject(
            rejection.stageConflict,
            "the child's health summary must be complete and reviewed by a clinician before the departure (PUT /cases/{caseNumber}/health/summary, then its review)",
          );
        if (event === 'arrived' && state.stage !== 'in-transit')
          reject(rejection.stageConflict, 'an arrival can be recorded only after the departure');
      },
    },
  );

  messages.on(
    confirmHandoverUpdate,
    ({ actor, signedBy }) => {
      const signatures = (state.handover ??= {});
      if (signedBy === 'escort') signatures.escortSignedAt = run.now();
      else signatures.guardianSignedAt = run.now();
      return messages.answer(run.record('handover-signed', actor, signedBy));
    },
    {
      validator: ({ actor, signedBy }) => {
        messages.requireStage('confirmHandover');
        messages.requireSender('confirmHandover', actor, { signedBy });
        const signed = signedBy === 'escort' ? state.handover?.escortSignedAt : state.handover?.guardianSignedAt;
        if (signed) reject(rejection.invalid, `the ${signedBy} already signed the handover`);
      },
    },
  );

  messages.on(
    recordFollowUpUpdate,
    ({ actor, followUpId, outcome: visitOutcome, areas }) => {
      const visit = state.followUps.find((candidate) => candidate.id === followUpId)!;
      if (visitOutcome === 'missed') {
        visit.status = 'missed';
        visit.missedVisits = (visit.missedVisits ?? 0) + 1;
        return messages.answer(run.record('follow-up-missed', actor, followUpId));
      }
      visit.status = 'completed';
      visit.completedAt = run.now();
      if (areas) visit.areas = areas;
      return messages.answer(run.record(countedEvents.followUpDone, actor, followUpId));
    },
    {
      validator: ({ actor, followUpId, outcome: visitOutcome }) => {
        messages.requireStage('recordFollowUp');
        messages.requireSender('recordFollowUp', actor);
        const visit = state.followUps.find((candidate) => candidate.id === followUpId);
        if (!visit)
          reject(
            rejection.invalid,
            `no follow-up ${followUpId}; this case has ${state.followUps.map((f) => f.id).join(', ')}`,
          );
        if (visit.status === 'completed') reject(rejection.invalid, `follow-up ${followUpId} is already completed`);
        const notYet = followUpNotYet(visit, visitOutcome, run.now(), run.policy);
        if (notYet) reject(rejection.invalid, notYet);
      },
    },
  );
}

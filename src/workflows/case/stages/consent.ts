/** Consent: every consent the case needs asked for by email (or in person), reminded, and awaited. */
import type { ConsentRecord } from '../../../domain/case';
import { consenteeContact, consenteeRole, consentsRequired, consentStatus } from '../../../domain/consent';
import { countedEvents } from '../../../domain/events';
import { steps } from '../../../domain/idempotency-keys';
import { recipients } from '../../../domain/recipients';
import { partners } from '../activities';
import { system, type CaseRun } from '../run';
import { openPending, waitFor, type WaitSpec } from '../waits';

/** `waitStart` keys the message: every wait, first or reopened after a hold, gets its own link. */
async function askForConsent(
  run: CaseRun,
  consent: ConsentRecord,
  reminder: number,
  expiresAt: number,
  waitStart: number,
): Promise<void> {
  const to = consenteeContact(run.registration, consent);
  if (to)
    await partners.requestConsent({
      caseNumber: run.caseNumber,
      consenteeId: consent.consenteeId,
      role: consent.role,
      to,
      expiresAt,
      reminder,
      round: consent.round ?? 1,
      wait: waitStart,
    });
  // Without an email address, the coordinator's caseworkers deliver the link in person.
  else
    await partners.notify({
      caseNumber: run.caseNumber,
      kind: 'case-update',
      to: recipients.consentDelivery(run.state.coordinator.id),
      variables: { task: 'deliver-consent-request', consenteeId: consent.consenteeId, reminder: String(reminder) },
      step: steps.consentDelivery(consent.consenteeId, consent.round ?? 1, waitStart, reminder),
    });
}

async function awaitConsent(run: CaseRun, consent: ConsentRecord): Promise<void> {
  const spec: WaitSpec = {
    id: `consent:${consent.consenteeId}`,
    kind: 'consent',
    waitingOn: consenteeRole(consent),
    party: consent.consenteeId,
    wait: 'consent',
  };
  const action = openPending(run, spec);
  const waitStart = Date.parse(action.since);
  if (consent.requestedInWait !== waitStart) {
    // A link sent before a hold expired with that wait's deadline: the reopened wait sends a fresh one.
    await askForConsent(run, consent, 0, Date.parse(action.dueAt), waitStart);
    run.record(
      consent.requestedAt ? 'consent-asked-again' : 'consent-requested',
      system,
      `${consent.role} ${consent.consenteeId}`,
    );
    consent.requestedAt ??= run.now();
    consent.requestedInWait = waitStart;
  }
  await waitFor(run, spec, () => consent.decision === 'given', {
    remind: (reminder, pending) =>
      askForConsent(run, consent, reminder, Date.parse(pending.dueAt), Date.parse(pending.since)),
  });
}

export async function gatherConsents(run: CaseRun): Promise<void> {
  const { state, policy } = run;
  if (state.consents.length === 0)
    state.consents = consentsRequired({
      child: run.registration.child,
      claimants: run.registration.claimants,
      policy,
      now: run.now(),
      registeredAt: state.registeredAt,
    });
  await Promise.all(
    state.consents.filter((entry) => entry.decision !== 'given').map((entry) => awaitConsent(run, entry)),
  );
  if (consentStatus(state.consents) !== 'complete') return;
  run.record(
    countedEvents.consentGiven,
    system,
    state.consents.map((entry) => `${entry.role} ${entry.consenteeId}`).join(', '),
  );
  run.setStage('travel-documents');
}

/**
 * The case page: the record (personal data only for roles that may see it), where the case stands, what it waits
 * for, the evidence, the timeline from the audit trail, and each action the API offers this person now as a form.
 */
import type { ActionRoute } from '../api/case-actions';
import type { CaseState } from '../domain/case';
import { countryCodes } from '../domain/countries';
import type { AuditEntry } from '../registry/audit';
import type { Assignment } from '../registry/case-assignments';
import { countryName, deadlineTag, languageName, moment, relative, timeTag, type Clock } from './format';
import { countryList, type FormValues, type Problem } from './forms';
import { escapeHtml } from './html';
import {
  actionTitles,
  bookingKinds,
  bookingStatus,
  checkOutcomes,
  consentDecisions,
  consentRoles,
  decisions,
  disputeReasons,
  dnaReasons,
  followUpStatus,
  optionLabels,
  outcomes,
  pendingKinds,
  registries,
  roles,
  say,
  stages,
  ui,
  wordFor,
  type Language,
} from './i18n';
import type { DeskPerson } from './identity';
import { notice, personLabel } from './layout';
import type { Refusal } from './refusals';
import { actionForm, actionsFor, answers, assignmentCard, refusalBox } from './case-action-forms';
import { timeline } from './case-timeline';

export interface PostedForm {
  action: string;
  section?: string;
  values: FormValues;
  problems?: Record<string, Problem>;
  refusal?: Refusal;
}

export interface CaseView {
  clock: Clock;
  person: DeskPerson;
  csrfToken: string;
  state: CaseState;
  /** False for roles that may not see personal data: the page shows none. */
  personal: boolean;
  trail: AuditEntry[];
  organisationReference?: string;
  assignment?: Assignment;
  coordinators: string[];
  actions: ActionRoute[];
  posted?: PostedForm;
  notices?: string[];
}

function section(id: string, title: string, body: string): string {
  return `<section class="card" aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(title)}</h2>${body}</section>`;
}

function personalSections(view: CaseView): string {
  const { clock, state } = view;
  const { language } = clock;
  if (!view.personal) return notice('status', say(language, ui.personalWithheld));
  const { child, claimants, documents } = state.registration;
  const childFacts = `<dl class="facts">
<dt>${escapeHtml(say(language, ui.names))}</dt><dd>${child.names.map((name) => escapeHtml(name.value)).join('<br>')}</dd>
<dt>${escapeHtml(say(language, ui.birth))}</dt><dd>${child.birthDate ? timeTag(clock, `${child.birthDate}T12:00:00Z`, 'date') : escapeHtml(say(language, ui.estimatedAge, { years: child.estimatedAgeYears ?? '?' }))}</dd>
<dt>${escapeHtml(say(language, ui.placeOfOrigin))}</dt><dd>${escapeHtml([child.placeOfOrigin.locality, countryName(language, child.placeOfOrigin.country)].filter(Boolean).join(', '))}</dd>
<dt>${escapeHtml(say(language, ui.currentLocation))}</dt><dd>${escapeHtml([child.currentLocation.facility, countryName(language, child.currentLocation.country)].filter(Boolean).join(', '))}</dd>
<dt>${escapeHtml(say(language, ui.language))}</dt><dd>${escapeHtml(languageName(language, child.language))}</dd>
</dl>`;
  const claimantList = `<ul class="plain">${claimants
    .map(
      (claimant) =>
        `<li><strong>${escapeHtml(claimant.name)}</strong> · ${escapeHtml(wordFor(language, optionLabels.relationship!, claimant.relationship))}${claimant.isLegalGuardian ? ` · ${escapeHtml(say(language, ui.legalGuardian))}` : ''} · ${escapeHtml(countryName(language, claimant.country))} · ${escapeHtml(languageName(language, claimant.language))}<br>${escapeHtml(say(language, ui.contact))}: ${escapeHtml([claimant.email, claimant.phone].filter(Boolean).join(', '))}${claimant.id ? ` · <span class="ref">${escapeHtml(claimant.id)}</span>` : ''}</li>`,
    )
    .join('')}</ul>`;
  return `<div class="columns">${section('child-heading', say(language, ui.child), childFacts)}${section('claimants-heading', say(language, ui.claimants), claimantList)}</div>${documentsSection(language, documents)}`;
}

function documentsSection(language: Language, documents: CaseState['registration']['documents'] | undefined): string {
  const labels: Record<string, string> = {
    civilRegistryReference: say(language, registries.civil!),
    medicalRecordReference: say(language, registries.medical!),
    schoolRecordReference: say(language, registries.school!),
  };
  const list = Object.entries(documents ?? {})
    .filter(([, value]) => value)
    .map(([name, value]) => `<dt>${escapeHtml(labels[name] ?? name)}</dt><dd>${escapeHtml(String(value))}</dd>`)
    .join('');
  return list ? section('documents-heading', say(language, ui.documents), `<dl class="facts">${list}</dl>`) : '';
}

function evidence(view: CaseView): string {
  const { clock, state } = view;
  const { language } = clock;
  const checks = state.recordChecks.length
    ? `<table><caption>${escapeHtml(say(language, ui.recordChecks))}</caption><tbody>${state.recordChecks
        .map(
          (check) =>
            `<tr><th scope="row">${escapeHtml(wordFor(language, registries, check.registry))}</th><td>${escapeHtml(wordFor(language, checkOutcomes, check.outcome))}</td><td>${escapeHtml(check.reference ?? '')}</td><td>${timeTag(clock, check.at)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${escapeHtml(say(language, ui.noRecordChecks))}</p>`;
  const dna = state.dna.required
    ? `<p>${escapeHtml(say(language, ui.dnaRequired, { reasons: state.dna.reasons.map((reason) => wordFor(language, dnaReasons, reason)).join('; ') }))}</p><ul class="plain">${state.dna.samples
        .map(
          (sample) =>
            `<li>${escapeHtml(say(language, ui.sample, { sampleId: sample.sampleId, lab: sample.labId, at: '' })).replace(/,?\s*$/, '')} ${timeTag(clock, sample.orderedAt)}: ${escapeHtml(
              sample.result
                ? say(language, ui.result, {
                    outcome: wordFor(language, checkOutcomes, sample.result.outcome),
                    reference: sample.result.resultReference,
                  })
                : say(language, ui.awaitingResult),
            )}</li>`,
        )
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.dnaNotRequired))}</p>`;
  const verification = state.verification
    ? `<p>${escapeHtml(say(language, ui.signedOffBy, { decision: wordFor(language, decisions, state.verification.decision), who: personLabel(language, state.verification.by), at: '' })).replace(/,\s*$/, '')} ${timeTag(clock, state.verification.at)}</p>`
    : `<p>${escapeHtml(say(language, ui.notVerified))}</p>`;
  return `${checks}<h3>${escapeHtml(say(language, ui.dna))}</h3>${dna}<h3>${escapeHtml(say(language, ui.verification))}</h3>${verification}
<p>${escapeHtml(say(language, ui.runBy))}: ${escapeHtml(personLabel(language, state.coordinator))}</p>`;
}

function stateSections(view: CaseView): string {
  const { clock, state } = view;
  const { language } = clock;
  const pending = state.pending.length
    ? `<table><thead><tr><th scope="col">${escapeHtml(say(language, ui.waitingFor))}</th><th scope="col">${escapeHtml(say(language, ui.waitingOn))}</th><th scope="col">${escapeHtml(say(language, ui.deadline))}</th><th scope="col">${escapeHtml(say(language, ui.escalationLevel))}</th></tr></thead><tbody>${[
        ...state.pending,
      ]
        .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))
        .map(
          (action) =>
            `<tr><td>${escapeHtml(wordFor(language, pendingKinds, action.kind))}</td><td>${escapeHtml(wordFor(language, roles, action.waitingOn))}${action.party ? ` (${escapeHtml(action.party)})` : ''}</td><td>${deadlineTag(clock, action.dueAt)}<br><span class="left">${escapeHtml(say(language, ui.remindersSent, { count: action.remindersSent }))}</span></td><td>${action.escalationLevel ? `<span class="badge escalated">${escapeHtml(say(language, ui.level, { level: action.escalationLevel }))}</span>` : escapeHtml(say(language, ui.none))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${escapeHtml(say(language, ui.nothingPending))}</p>`;
  const consents = state.consents.length
    ? `<ul class="plain">${state.consents
        .map((consent) => {
          const answer = consent.decision
            ? `${wordFor(language, consentDecisions, consent.decision)}${consent.at ? ` · ${moment(clock, consent.at)}` : ''}`
            : consent.requestedAt
              ? `${say(language, ui.asked, { at: moment(clock, consent.requestedAt) })} · ${say(language, ui.noAnswer)}`
              : say(language, ui.notAsked);
          const views =
            view.personal && consent.views
              ? `<br>${escapeHtml(say(language, ui.views))}: ${escapeHtml(consent.views)}`
              : '';
          return `<li><strong>${escapeHtml(wordFor(language, consentRoles, consent.role))}</strong> (${escapeHtml(consent.consenteeId)}): ${escapeHtml(answer)}${views}</li>`;
        })
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.noConsents))}</p>`;
  const disputes = state.disputes.length
    ? `<ul class="plain">${state.disputes
        .map(
          (dispute) =>
            `<li><strong>${escapeHtml(dispute.id)}</strong>: ${escapeHtml(wordFor(language, disputeReasons, dispute.reason))} · ${escapeHtml(say(language, ui.openedBy, { who: personLabel(language, dispute.openedBy), at: moment(clock, dispute.openedAt) }))} · ${escapeHtml(
              dispute.decision
                ? say(language, ui.decided, {
                    decision: wordFor(language, decisions, dispute.decision.decision),
                    who: personLabel(language, dispute.decision.by),
                    at: moment(clock, dispute.decision.at),
                  })
                : say(language, ui.undecided),
            )}${view.personal && dispute.decision?.note ? `<br>${escapeHtml(dispute.decision.note)}` : ''}</li>`,
        )
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.noDisputes))}</p>`;
  const bookings = state.bookings.length
    ? `<ul class="plain">${state.bookings
        .map(
          (booking) =>
            `<li>${escapeHtml(wordFor(language, bookingKinds, booking.kind))}: ${escapeHtml(booking.reference)} · ${escapeHtml(wordFor(language, bookingStatus, booking.status))} · ${timeTag(clock, booking.cancelledAt ?? booking.bookedAt)}</li>`,
        )
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.noBookings))}</p>`;
  const followUps = state.followUps.length
    ? `<ul class="plain">${state.followUps
        .map(
          (visit) =>
            `<li>${escapeHtml(visit.id)}: ${escapeHtml(wordFor(language, followUpStatus, visit.status))} · ${escapeHtml(say(language, ui.due, { at: moment(clock, visit.dueAt) }))} (${escapeHtml(relative(clock, visit.dueAt))})${visit.areas?.length ? ` · ${visit.areas.map((area) => escapeHtml(wordFor(language, optionLabels.areas!, area))).join(', ')}` : ''}</li>`,
        )
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.noFollowUps))}</p>`;
  return `${section('pending-heading', say(language, ui.pending), pending)}
${section('evidence-heading', say(language, ui.evidence), evidence(view))}
<div class="columns">
${section('consents-heading', say(language, ui.consents), consents)}
${section('disputes-heading', say(language, ui.disputes), disputes)}
${section('bookings-heading', say(language, ui.bookings), bookings)}
${section('followups-heading', say(language, ui.followUps), followUps)}
</div>`;
}

export function caseMain(view: CaseView): string {
  const { clock, state } = view;
  const { language } = clock;
  const overview = `<dl class="facts">
<dt>${escapeHtml(say(language, ui.stage))}</dt><dd><strong>${escapeHtml(wordFor(language, stages, state.stage))}</strong>${state.outcome ? ` · ${escapeHtml(say(language, ui.outcome))}: ${escapeHtml(wordFor(language, outcomes, state.outcome))}` : ''}</dd>
<dt>${escapeHtml(say(language, ui.route))}</dt><dd>${escapeHtml(countryName(language, state.route.from))} → ${escapeHtml(state.route.to ? countryName(language, state.route.to) : '…')}</dd>
${view.organisationReference ? `<dt>${escapeHtml(say(language, ui.organisationReference))}</dt><dd>${escapeHtml(view.organisationReference)}</dd>` : ''}
<dt>${escapeHtml(say(language, ui.registeredAt))}</dt><dd>${timeTag(clock, state.registeredAt)} (${escapeHtml(relative(clock, state.registeredAt))})</dd>
<dt>${escapeHtml(say(language, ui.runBy))}</dt><dd>${escapeHtml(personLabel(language, state.coordinator))}</dd>
${assignmentCard(view)}
${state.hold ? `<dt>${escapeHtml(say(language, ui.hold, { since: moment(clock, state.hold.since) }))}</dt><dd>${escapeHtml(say(language, ui.reason))}: ${view.personal ? escapeHtml(state.hold.reason) : '–'}</dd>` : ''}
</dl>`;
  const waitingOnMe = new Set(state.pending.map((action) => answers[action.kind]).filter(Boolean));
  const offered = actionsFor(view.actions, view.person, state);
  // A form sent from a page the case has since moved past: its refusal stands where the form was.
  const gone =
    view.posted?.refusal &&
    view.posted.action !== 'assignment' &&
    !offered.some((route) => route.path === view.posted!.action)
      ? `<h3>${escapeHtml(actionTitles[view.posted.action] ? say(language, actionTitles[view.posted.action]!.title) : view.posted.action)}</h3>${refusalBox(language, view.posted.refusal, `${view.posted.action}-refusal`)}`
      : '';
  const actions = offered
    .flatMap((route) =>
      route.path === 'identity-details'
        ? ['documents', 'child', 'claimants'].map((part) =>
            actionForm(view, route, part === 'documents' && waitingOnMe.has(route.path), part),
          )
        : [actionForm(view, route, waitingOnMe.has(route.path))],
    )
    .join('\n');
  return `<h1>${escapeHtml(say(language, ui.casePage, { caseNumber: state.caseNumber }))}</h1>
${(view.notices ?? []).map((text) => notice('status', text)).join('')}
${section('overview-heading', say(language, ui.overview), overview)}
<section class="actions" aria-labelledby="actions-heading"><h2 id="actions-heading">${escapeHtml(say(language, ui.actions))}</h2>
${gone}${actions || `<p>${escapeHtml(say(language, ui.noActions))}</p>`}
</section>
${personalSections(view)}
${stateSections(view)}
${timeline(view)}
${actions.includes('list="country-codes"') ? countryList(language, countryCodes) : ''}`;
}

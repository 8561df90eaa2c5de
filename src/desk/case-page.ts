/**
 * The case page: the record (personal data only for roles that may see it), where the case stands, what it waits
 * for, the evidence, the timeline from the audit trail, and each action the API offers this person now as a form.
 */
import { randomBytes } from 'node:crypto';
import type { ActionRoute } from '../api/case-actions';
import type { CaseEvent, CaseState } from '../domain/case';
import { countryCodes } from '../domain/countries';
import { messageStages } from '../domain/next-step';
import type { AuditEntry } from '../registry/audit';
import type { Assignment } from '../registry/case-queue';
import { countryName, deadlineTag, languageName, moment, relative, timeTag, type Clock } from './format';
import {
  bodyToForm,
  countryList,
  jsonSchemaOf,
  renderFields,
  type FieldOptions,
  type FormValues,
  type JsonSchema,
  type Problem,
} from './forms';
import { attributes, escapeHtml } from './html';
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
  eventWords,
  followUpStatus,
  identitySections,
  optionLabels,
  outcomes,
  pendingKinds,
  registries,
  roles,
  say,
  stages,
  ui,
  type Language,
} from './i18n';
import type { DeskPerson } from './identity';
import { csrfField, notice, personLabel } from './layout';
import type { Refusal } from './refusals';

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

const w = (language: Language, table: Record<string, Record<Language, string>>, key: string | undefined) =>
  key === undefined ? '' : table[key] ? say(language, table[key] as Record<Language, string>) : key;

/** The actions this person may send in the case's current stage. */
export function actionsFor(actions: ActionRoute[], person: DeskPerson, state: CaseState): ActionRoute[] {
  return actions.filter(
    (action) =>
      action.roles.includes(person.role) && (messageStages[action.message] as readonly string[]).includes(state.stage),
  );
}

/** The form a pending wait asks for, opened on the page. */
const answers: Record<string, string> = {
  'identity-details': 'identity-details',
  verification: 'verification',
  dispute: 'dispute-decision',
  'best-interests-review': 'dispute-decision',
  'travel-documents': 'travel-documents',
  departure: 'transit-events',
  arrival: 'transit-events',
  handover: 'handover',
  'follow-up': 'follow-ups',
  'hold-review': 'resume',
};

function eventLine(language: Language, event: CaseEvent, personal: boolean): { what: string; detail?: string } {
  const what = w(language, eventWords, event.type) || event.type;
  const data = event.data ?? {};
  const detail = event.detail ?? '';
  const peopleWrote = event.actor.role !== 'system' && event.actor.role !== 'lab';
  switch (event.type) {
    case 'record-checked':
      return {
        what: `${what}: ${w(language, registries, String(data.registry))}, ${w(language, checkOutcomes, String(data.outcome))}`,
      };
    case 'escalated':
      return {
        what: `${what}: ${say(language, ui.level, { level: String(data.level) })}, ${w(language, roles, String(data.to))} (${w(language, roles, String(data.waitingOn))})`,
      };
    case 'reminder-sent': {
      const [kind, party] = detail.split(' ');
      return { what: `${what}: ${w(language, pendingKinds, kind)}${party ? ` (${w(language, roles, party)})` : ''}` };
    }
    case 'lab-result': {
      const [sample, outcome] = detail.split(': ');
      return { what: `${what}: ${sample ?? ''} ${w(language, checkOutcomes, outcome)}` };
    }
    case 'case-closed':
      return { what: `${what}: ${w(language, outcomes, String(data.outcome))}` };
    case 'dispute-opened': {
      const match = /^(\S+) (\S+)(?:: (.*))?$/s.exec(detail);
      if (!match) return { what };
      return {
        what: `${what} ${match[1]}: ${w(language, disputeReasons, match[2])}`,
        ...(match[3] && personal ? { detail: match[3] } : {}),
      };
    }
    case 'dispute-decided': {
      const match = /^(\S+): (\S+)/.exec(detail);
      return match ? { what: `${what} ${match[1]}: ${w(language, decisions, match[2])}` } : { what };
    }
    case 'consent-requested':
    case 'consent-asked-again':
    case 'consent-given':
    case 'consent-refused': {
      const [role, who] = detail.split(' ');
      return { what: `${what}: ${w(language, consentRoles, role)}${who ? ` (${who})` : ''}` };
    }
    case 'handover-signed':
      return { what: `${what}: ${w(language, optionLabels.signedBy!, detail)}` };
    case 'record-checks-completed':
      return {
        what: `${what}: ${detail
          .split(', ')
          .map((part) => {
            const [registry, outcome] = part.split(': ');
            return `${w(language, registries, registry)}, ${w(language, checkOutcomes, outcome)}`;
          })
          .join('; ')}`,
      };
    case 'duplicate-check-decided':
      return { what: `${what}: ${String(data.candidates ?? '').replace(/,/g, ', ')}` };
    case 'duplicate-registration-linked':
      return { what: `${what}: ${String(data.organisation ?? '')}` };
    case 'case-assigned':
      return { what: `${what}: ${String(data.assignee ?? '')}` };
    case 'case-resumed':
      return { what: `${what}: ${w(language, stages, detail)}` };
    case 'record-check':
    default:
      if (!detail) return { what };
      // What a person wrote (a reason, a note) is theirs: shown as written, and only to roles that may read it.
      if (peopleWrote) return personal ? { what, detail } : { what };
      return { what, detail };
  }
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
        `<li><strong>${escapeHtml(claimant.name)}</strong> · ${escapeHtml(w(language, optionLabels.relationship!, claimant.relationship))}${claimant.isLegalGuardian ? ` · ${escapeHtml(say(language, ui.legalGuardian))}` : ''} · ${escapeHtml(countryName(language, claimant.country))} · ${escapeHtml(languageName(language, claimant.language))}<br>${escapeHtml(say(language, ui.contact))}: ${escapeHtml([claimant.email, claimant.phone].filter(Boolean).join(', '))}${claimant.id ? ` · <span class="ref">${escapeHtml(claimant.id)}</span>` : ''}</li>`,
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
            `<tr><th scope="row">${escapeHtml(w(language, registries, check.registry))}</th><td>${escapeHtml(w(language, checkOutcomes, check.outcome))}</td><td>${escapeHtml(check.reference ?? '')}</td><td>${timeTag(clock, check.at)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${escapeHtml(say(language, ui.noRecordChecks))}</p>`;
  const dna = state.dna.required
    ? `<p>${escapeHtml(say(language, ui.dnaRequired, { reasons: state.dna.reasons.map((reason) => w(language, dnaReasons, reason)).join('; ') }))}</p><ul class="plain">${state.dna.samples
        .map(
          (sample) =>
            `<li>${escapeHtml(say(language, ui.sample, { sampleId: sample.sampleId, lab: sample.labId, at: '' })).replace(/,?\s*$/, '')} ${timeTag(clock, sample.orderedAt)}: ${escapeHtml(
              sample.result
                ? say(language, ui.result, {
                    outcome: w(language, checkOutcomes, sample.result.outcome),
                    reference: sample.result.resultReference,
                  })
                : say(language, ui.awaitingResult),
            )}</li>`,
        )
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.dnaNotRequired))}</p>`;
  const verification = state.verification
    ? `<p>${escapeHtml(say(language, ui.signedOffBy, { decision: w(language, decisions, state.verification.decision), who: personLabel(language, state.verification.by), at: '' })).replace(/,\s*$/, '')} ${timeTag(clock, state.verification.at)}</p>`
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
            `<tr><td>${escapeHtml(w(language, pendingKinds, action.kind))}</td><td>${escapeHtml(w(language, roles, action.waitingOn))}${action.party ? ` (${escapeHtml(action.party)})` : ''}</td><td>${deadlineTag(clock, action.dueAt)}<br><span class="left">${escapeHtml(say(language, ui.remindersSent, { count: action.remindersSent }))}</span></td><td>${action.escalationLevel ? `<span class="badge escalated">${escapeHtml(say(language, ui.level, { level: action.escalationLevel }))}</span>` : escapeHtml(say(language, ui.none))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${escapeHtml(say(language, ui.nothingPending))}</p>`;
  const consents = state.consents.length
    ? `<ul class="plain">${state.consents
        .map((consent) => {
          const answer = consent.decision
            ? `${w(language, consentDecisions, consent.decision)}${consent.at ? ` · ${moment(clock, consent.at)}` : ''}`
            : consent.requestedAt
              ? `${say(language, ui.asked, { at: moment(clock, consent.requestedAt) })} · ${say(language, ui.noAnswer)}`
              : say(language, ui.notAsked);
          const views =
            view.personal && consent.views
              ? `<br>${escapeHtml(say(language, ui.views))}: ${escapeHtml(consent.views)}`
              : '';
          return `<li><strong>${escapeHtml(w(language, consentRoles, consent.role))}</strong> (${escapeHtml(consent.consenteeId)}): ${escapeHtml(answer)}${views}</li>`;
        })
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.noConsents))}</p>`;
  const disputes = state.disputes.length
    ? `<ul class="plain">${state.disputes
        .map(
          (dispute) =>
            `<li><strong>${escapeHtml(dispute.id)}</strong>: ${escapeHtml(w(language, disputeReasons, dispute.reason))} · ${escapeHtml(say(language, ui.openedBy, { who: personLabel(language, dispute.openedBy), at: moment(clock, dispute.openedAt) }))} · ${escapeHtml(
              dispute.decision
                ? say(language, ui.decided, {
                    decision: w(language, decisions, dispute.decision.decision),
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
            `<li>${escapeHtml(w(language, bookingKinds, booking.kind))}: ${escapeHtml(booking.reference)} · ${escapeHtml(w(language, bookingStatus, booking.status))} · ${timeTag(clock, booking.cancelledAt ?? booking.bookedAt)}</li>`,
        )
        .join('')}</ul>`
    : `<p>${escapeHtml(say(language, ui.noBookings))}</p>`;
  const followUps = state.followUps.length
    ? `<ul class="plain">${state.followUps
        .map(
          (visit) =>
            `<li>${escapeHtml(visit.id)}: ${escapeHtml(w(language, followUpStatus, visit.status))} · ${escapeHtml(say(language, ui.due, { at: moment(clock, visit.dueAt) }))} (${escapeHtml(relative(clock, visit.dueAt))})${visit.areas?.length ? ` · ${visit.areas.map((area) => escapeHtml(w(language, optionLabels.areas!, area))).join(', ')}` : ''}</li>`,
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

function timeline(view: CaseView): string {
  const { clock } = view;
  const { language } = clock;
  const rows = [...view.trail]
    .reverse()
    .map((entry) => {
      const line = eventLine(language, entry.event, view.personal);
      return `<tr><td>${timeTag(clock, entry.event.at)}</td><td>${escapeHtml(personLabel(language, entry.event.actor))}</td><td>${escapeHtml(line.what)}${line.detail ? `<br><span class="detail" lang="en">${escapeHtml(line.detail)}</span>` : ''}</td></tr>`;
    })
    .join('');
  return `<section class="card" aria-labelledby="timeline-heading"><h2 id="timeline-heading">${escapeHtml(say(language, ui.timeline))}</h2>
<p><a href="/desk/cases/${view.state.caseNumber}/audit-export" download>${escapeHtml(say(language, ui.auditLink))}</a></p>
<table><thead><tr><th scope="col">${escapeHtml(say(language, ui.when))}</th><th scope="col">${escapeHtml(say(language, ui.who))}</th><th scope="col">${escapeHtml(say(language, ui.what))}</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function choicesFor(view: CaseView, action: string): FieldOptions['choices'] {
  const { state, clock } = view;
  const { language } = clock;
  switch (action) {
    case 'dispute-decision':
      return {
        disputeId: state.disputes
          .filter((dispute) => !dispute.decision)
          .map((dispute) => ({
            value: dispute.id,
            label: `${dispute.id}: ${w(language, disputeReasons, dispute.reason)}`,
          })),
      };
    case 'follow-ups':
      return {
        followUpId: state.followUps
          .filter((visit) => visit.status !== 'completed')
          .map((visit) => ({
            value: visit.id,
            label: `${visit.id}: ${say(language, ui.due, { at: moment(clock, visit.dueAt) })}`,
          })),
      };
    case 'consent-withdrawals':
      return {
        consenteeId: state.consents
          .filter((consent) => consent.decision === 'given')
          .map((consent) => ({
            value: consent.consenteeId,
            label: `${w(language, consentRoles, consent.role)} (${consent.consenteeId})`,
          })),
      };
    case 'handover':
      return {
        signedBy: (['escort', 'guardian'] as const)
          .filter((who) => !(who === 'escort' ? state.handover?.escortSignedAt : state.handover?.guardianSignedAt))
          .map((who) => ({ value: who, label: w(language, optionLabels.signedBy!, who) })),
      };
    case 'transit-events':
      return {
        event: (state.stage === 'departure' ? ['departed'] : ['incident', 'arrived']).map((event) => ({
          value: event,
          label: w(language, optionLabels.event!, event),
        })),
      };
    default:
      return undefined;
  }
}

function refusalBox(language: Language, refusal: Refusal, id: string): string {
  return `<div class="refusal" role="alert" id="${id}"><p><strong>${escapeHtml(say(language, ui.refused))} (${refusal.status})</strong>: ${escapeHtml(refusal.text)}</p>${
    refusal.original
      ? `<p class="original">${escapeHtml(say(language, ui.originalMessage))} <span lang="en">${escapeHtml(refusal.original)}</span></p>`
      : ''
  }</div>`;
}

function actionForm(view: CaseView, route: ActionRoute, open: boolean, sectionName?: string): string {
  const { clock, state, posted } = view;
  const { language } = clock;
  const mine = posted?.action === route.path && (posted.section ?? '') === (sectionName ?? '');
  const schema = jsonSchemaOf(route.body);
  const formSchema: JsonSchema = sectionName
    ? { type: 'object', properties: { [sectionName]: schema.properties![sectionName]! } }
    : schema;
  const prefix = `${route.path}${sectionName ? `-${sectionName}` : ''}`;
  const prefill =
    sectionName && view.personal
      ? bodyToForm({
          [sectionName]:
            sectionName === 'child'
              ? {
                  ...state.registration.child,
                  names: state.registration.child.names.map((name) => ({ value: name.value })),
                }
              : state.registration[sectionName as 'claimants' | 'documents'],
        })
      : {};
  const fields = renderFields(
    formSchema,
    {
      language,
      idPrefix: prefix,
      values: mine ? posted.values : prefill,
      ...(mine && posted.problems ? { problems: posted.problems } : {}),
      slots: {
        'child.names': Math.max(2, state.registration?.child.names.length ?? 0),
        claimants: Math.max(2, state.registration?.claimants.length ?? 0),
      },
      omit: ['child.names.script'],
      require: route.path === 'dispute-decision' ? ['note'] : [],
      choices: choicesFor(view, route.path),
    },
    '',
    !sectionName,
  );
  const title = sectionName
    ? `${say(language, actionTitles[route.path]!.title)}: ${say(language, identitySections[sectionName]!)}`
    : say(language, actionTitles[route.path]?.title ?? { en: route.summary, uk: route.summary, ru: route.summary });
  const fourEyes =
    (route.path === 'verification' || route.path === 'dispute-decision') && view.person.actorId === state.coordinator.id
      ? notice('alert', say(language, ui.fourEyes, { who: view.person.actorId }))
      : '';
  const problemsTop =
    mine && posted.problems && Object.keys(posted.problems).length
      ? `<p class="problem" role="alert">${escapeHtml(say(language, ui.fixFields))}${posted.problems[''] ? ` ${escapeHtml(posted.problems['']!.text)}` : ''}</p>`
      : '';
  const refusal = mine && posted.refusal ? refusalBox(language, posted.refusal, `${prefix}-refusal`) : '';
  const confirm = route.path === 'withdraw' ? { 'data-confirm': say(language, actionTitles.withdraw!.title) } : {};
  return `<details${attributes({ open: open || mine, id: `action-${prefix}` })}><summary>${escapeHtml(title)}</summary>
${fourEyes}${refusal}${problemsTop}
<form method="post" action="/desk/cases/${state.caseNumber}/actions/${route.path}#action-${prefix}"${attributes(confirm)}>
${csrfField(view.csrfToken)}<input type="hidden" name="_key" value="${randomBytes(12).toString('base64url')}">${sectionName ? `<input type="hidden" name="_section" value="${sectionName}">` : ''}
${fields}
<p><button type="submit"${route.path === 'withdraw' ? ' class="danger"' : ''}>${escapeHtml(say(language, actionTitles[route.path]?.button ?? ui.send))}</button></p>
</form></details>`;
}

function assignmentCard(view: CaseView): string {
  const { clock, person, state, assignment } = view;
  const { language } = clock;
  const who =
    (assignment ? escapeHtml(assignment.assignedTo) : escapeHtml(say(language, ui.nobody))) +
    (view.posted?.action === 'assignment' && view.posted.refusal
      ? refusalBox(language, view.posted.refusal, 'assignment-refusal')
      : '');
  if (!['coordinator', 'supervisor'].includes(person.role) || state.stage === 'closed')
    return `<dt>${escapeHtml(say(language, ui.assignedTo))}</dt><dd>${who}</dd>`;
  const returnTo = `/desk/cases/${state.caseNumber}`;
  const claim =
    person.role === 'coordinator' && assignment?.assignedTo !== person.actorId
      ? `<form method="post" action="/desk/cases/${state.caseNumber}/assignment" class="inline">${csrfField(view.csrfToken)}<input type="hidden" name="assignee" value="${escapeHtml(person.actorId)}"><input type="hidden" name="_return" value="${returnTo}"><button type="submit" class="secondary">${escapeHtml(say(language, ui.claim))}</button></form>`
      : '';
  const options = [['', say(language, ui.unassign)], ...view.coordinators.map((id) => [id, id])]
    .map(
      ([value, text]) =>
        `<option${attributes({ value, selected: (assignment?.assignedTo ?? '') === value })}>${escapeHtml(text!)}</option>`,
    )
    .join('');
  const assign = `<form method="post" action="/desk/cases/${state.caseNumber}/assignment" class="inline">${csrfField(view.csrfToken)}<input type="hidden" name="_return" value="${returnTo}"><label for="assignee">${escapeHtml(say(language, ui.assignTo))}</label> <select id="assignee" name="assignee">${options}</select> <button type="submit" class="secondary">${escapeHtml(say(language, ui.assign))}</button></form>`;
  return `<dt>${escapeHtml(say(language, ui.assignedTo))}</dt><dd>${who} ${claim} ${assign}</dd>`;
}

export function caseMain(view: CaseView): string {
  const { clock, state } = view;
  const { language } = clock;
  const overview = `<dl class="facts">
<dt>${escapeHtml(say(language, ui.stage))}</dt><dd><strong>${escapeHtml(w(language, stages, state.stage))}</strong>${state.outcome ? ` · ${escapeHtml(say(language, ui.outcome))}: ${escapeHtml(w(language, outcomes, state.outcome))}` : ''}</dd>
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

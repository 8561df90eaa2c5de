/** The case page's forms: each action the API offers this person now, its choices and refusal, and the assignment. */
import { randomBytes } from 'node:crypto';
import type { ActionRoute } from '../api/case-actions';
import type { CaseState } from '../domain/case';
import { messageStages } from '../domain/next-step';
import { moment } from './format';
import { bodyToForm, jsonSchemaOf, renderFields, type FieldOptions, type JsonSchema } from './forms';
import { attributes, escapeHtml } from './html';
import {
  actionTitles,
  consentRoles,
  disputeReasons,
  identitySections,
  optionLabels,
  say,
  ui,
  wordFor,
  type Language,
} from './i18n';
import type { DeskPerson } from './identity';
import { csrfField, notice } from './layout';
import type { Refusal } from './refusals';
import type { CaseView } from './case-page';

/** The actions this person may send in the case's current stage. */
export function actionsFor(actions: ActionRoute[], person: DeskPerson, state: CaseState): ActionRoute[] {
  return actions.filter(
    (action) =>
      action.roles.includes(person.role) && (messageStages[action.message] as readonly string[]).includes(state.stage),
  );
}

/** The form a pending wait asks for, opened on the page. */
export const answers: Record<string, string> = {
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
            label: `${dispute.id}: ${wordFor(language, disputeReasons, dispute.reason)}`,
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
            label: `${wordFor(language, consentRoles, consent.role)} (${consent.consenteeId})`,
          })),
      };
    case 'handover':
      return {
        signedBy: (['escort', 'guardian'] as const)
          .filter((who) => !(who === 'escort' ? state.handover?.escortSignedAt : state.handover?.guardianSignedAt))
          .map((who) => ({ value: who, label: wordFor(language, optionLabels.signedBy!, who) })),
      };
    case 'transit-events':
      return {
        event: (state.stage === 'departure' ? ['departed'] : ['incident', 'arrived']).map((event) => ({
          value: event,
          label: wordFor(language, optionLabels.event!, event),
        })),
      };
    default:
      return undefined;
  }
}

export function refusalBox(language: Language, refusal: Refusal, id: string): string {
  return `<div class="refusal" role="alert" id="${id}"><p><strong>${escapeHtml(say(language, ui.refused))} (${refusal.status})</strong>: ${escapeHtml(refusal.text)}</p>${
    refusal.original
      ? `<p class="original">${escapeHtml(say(language, ui.originalMessage))} <span lang="en">${escapeHtml(refusal.original)}</span></p>`
      : ''
  }</div>`;
}

export function actionForm(view: CaseView, route: ActionRoute, open: boolean, sectionName?: string): string {
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

export function assignmentCard(view: CaseView): string {
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

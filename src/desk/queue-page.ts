/** The work queue: what each open case waits for, on whom, until when; overdue first, then by deadline. */
import { z } from 'zod';
import { caseStages, waitingOnParties, type WaitingOn } from '../domain/case';
import { countryCode } from '../domain/registration';
import type { CaseSummary, QueueRow } from '../registry/case-queue';
import { countryName, deadlineTag, type Clock } from './format';
import { countryList } from './forms';
import { attributes, escapeHtml } from './html';
import { outcomes, pendingKinds, roles, say, stages, ui, type Language, type Tri } from './i18n';
import type { DeskPerson } from './identity';
import { csrfField } from './layout';

export const waitingOnValues: WaitingOn[] = [...waitingOnParties];
export const pageSize = 25;

/** The queue's address bar: every filter a person can set, checked like any other input (a bad one is 400). */
export const queueQuery = z
  .object({
    stage: z.enum(caseStages).optional(),
    waitingOn: z.enum(waitingOnValues as [WaitingOn, ...WaitingOn[]]).optional(),
    escalated: z.enum(['yes', 'no']).optional(),
    from: countryCode.optional(),
    to: countryCode.optional(),
    assigned: z.enum(['me', 'nobody']).optional(),
    q: z.string().trim().max(80).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    done: z.enum(['assigned']).optional(),
  })
  .strict();
export type QueueQuery = z.output<typeof queueQuery>;

const stageWord = (language: Language, stage: string | null) =>
  stage && stages[stage] ? say(language, stages[stage]) : '–';
const partyWord = (language: Language, waitingOn: string, party?: string) =>
  `${roles[waitingOn] ? say(language, roles[waitingOn]) : waitingOn}${party ? ` (${party})` : ''}`;

/** Query string of the filters (without the page), so paging and claiming keep them. */
export function filterSearch(query: QueueQuery, page?: number): string {
  const entries = Object.entries({ ...query, done: undefined, page })
    .filter(([key, value]) => value !== undefined && value !== '' && !(key === 'page' && value === 1))
    .map(([key, value]): [string, string] => [key, String(value)]);
  const text = new URLSearchParams(entries).toString();
  return text ? `?${text}` : '';
}

function select(
  language: Language,
  name: string,
  label: string,
  options: Array<[string, string]>,
  current?: string,
): string {
  return `<div class="field"><label for="filter-${name}">${escapeHtml(label)}</label><select id="filter-${name}" name="${name}"><option value="">${escapeHtml(say(language, ui.any))}</option>${options
    .map(([value, text]) => `<option${attributes({ value, selected: value === current })}>${escapeHtml(text)}</option>`)
    .join('')}</select></div>`;
}

function filtersForm(language: Language, query: QueueQuery, countries: string[]): string {
  const country = (name: 'from' | 'to', label: string) =>
    `<div class="field"><label for="filter-${name}">${escapeHtml(label)}</label><input${attributes({ id: `filter-${name}`, name, list: 'country-codes', maxlength: 2, size: 4, autocomplete: 'off', value: query[name] })}></div>`;
  const filter = (
    name: 'stage' | 'waitingOn' | 'escalated' | 'assigned',
    label: Tri,
    options: Array<[string, string]>,
  ) => select(language, name, say(language, label), options, query[name]);
  const worded = (options: Record<string, Tri>) =>
    Object.entries(options).map(([value, text]): [string, string] => [value, say(language, text)]);
  return `<form method="get" action="/desk" class="card filters" role="search" aria-label="${escapeHtml(say(language, ui.filters))}">
<div class="field"><label for="filter-q">${escapeHtml(say(language, ui.search))}</label><input${attributes({ id: 'filter-q', name: 'q', type: 'search', maxlength: 80, value: query.q })}></div>
${filter(
  'stage',
  ui.stage,
  caseStages.filter((stage) => stage !== 'closed').map((stage) => [stage, stageWord(language, stage)]),
)}
${filter(
  'waitingOn',
  ui.waitingOn,
  waitingOnValues.map((value) => [value, partyWord(language, value)]),
)}
${filter('escalated', ui.escalated, worded({ yes: ui.escalatedOnly, no: ui.notEscalated }))}
${country('from', say(language, ui.from))}
${country('to', say(language, ui.to))}
${filter('assigned', ui.assignment, worded({ me: ui.assignedToMe, nobody: ui.unassigned }))}
<button type="submit">${escapeHtml(say(language, ui.apply))}</button> <a href="/desk">${escapeHtml(say(language, ui.clear))}</a>
${countryList(language, countries)}
</form>`;
}

const route = (language: Language, from: string | null, to: string | null) =>
  `${escapeHtml(countryName(language, from))} → ${escapeHtml(to ? countryName(language, to) : '…')}`;

function claimForm(
  language: Language,
  person: DeskPerson,
  csrfToken: string,
  caseNumber: string,
  returnTo: string,
): string {
  if (person.role !== 'coordinator') return '';
  return `<form method="post" action="/desk/cases/${caseNumber}/assignment" class="inline">${csrfField(csrfToken)}<input type="hidden" name="assignee" value="${escapeHtml(person.actorId)}"><input type="hidden" name="_return" value="${escapeHtml(returnTo)}"><button type="submit" class="secondary" aria-label="${escapeHtml(say(language, ui.claimCase, { caseNumber }))}">${escapeHtml(say(language, ui.claim))}</button></form>`;
}

export interface QueueView {
  clock: Clock;
  person: DeskPerson;
  csrfToken: string;
  query: QueueQuery;
  countries: string[];
  rows: QueueRow[];
  total: number;
  /** Set when the person searched: the matching cases, waiting or not. */
  found?: CaseSummary[];
}

export function queueMain(view: QueueView): string {
  const { clock, person, query } = view;
  const { language } = clock;
  const returnTo = `/desk${filterSearch(query, query.page)}`;
  const heading =
    person.role === 'coordinator' ? ui.queueFor : person.role === 'reviewer' ? ui.queueForReviewer : ui.queueForAll;
  const notices =
    query.done === 'assigned'
      ? `<p class="notice" role="status">${escapeHtml(say(language, ui.assignedNotice))}</p>`
      : '';
  const found = view.found
    ? `<section class="card" aria-labelledby="found-heading"><h2 id="found-heading">${escapeHtml(say(language, ui.searchResults, { text: query.q ?? '' }))}</h2>${
        view.found.length
          ? `<ul class="plain">${view.found
              .map(
                (summary) =>
                  `<li><a href="/desk/cases/${summary.caseNumber}">${summary.caseNumber}</a> · ${escapeHtml(summary.organisationReference)} · ${escapeHtml(stageWord(language, summary.stage))}${summary.outcome && outcomes[summary.outcome] ? ` (${escapeHtml(say(language, outcomes[summary.outcome]!))})` : ''} · ${route(language, summary.routeFrom, summary.routeTo)}</li>`,
              )
              .join('')}</ul>`
          : `<p>${escapeHtml(say(language, ui.noSearchResults))}</p>`
      }</section>`
    : '';
  const body = view.rows
    .map((row) => {
      const first =
        row.actions.find((action) => !query.waitingOn || action.waitingOn === query.waitingOn) ?? row.actions[0]!;
      const more = row.actions.length - 1;
      const what = `${escapeHtml(pendingKinds[first.kind] ? say(language, pendingKinds[first.kind]!) : first.kind)}${more > 0 ? ` <span class="more">${escapeHtml(say(language, ui.moreActions, { count: more }))}</span>` : ''}`;
      const escalation = row.escalationLevel
        ? `<span class="badge escalated">${escapeHtml(say(language, ui.level, { level: row.escalationLevel }))}</span>`
        : escapeHtml(say(language, ui.none));
      const assigned = row.assignedTo
        ? escapeHtml(row.assignedTo)
        : `${escapeHtml(say(language, ui.nobody))} ${claimForm(language, person, view.csrfToken, row.caseNumber, returnTo)}`;
      return `<tr>
<th scope="row"><a href="/desk/cases/${row.caseNumber}">${row.caseNumber}</a>${row.organisationReference ? `<br><span class="ref">${escapeHtml(row.organisationReference)}</span>` : ''}</th>
<td>${escapeHtml(stageWord(language, row.stage))}</td>
<td>${what}</td>
<td>${escapeHtml(partyWord(language, first.waitingOn, first.party))}</td>
<td>${deadlineTag(clock, first.dueAt)}</td>
<td>${escalation}</td>
<td>${route(language, row.routeFrom, row.routeTo)}</td>
<td>${assigned}</td>
</tr>`;
    })
    .join('\n');
  const last = Math.max(1, Math.ceil(view.total / pageSize));
  const from = view.total === 0 ? 0 : (query.page - 1) * pageSize + 1;
  const to = Math.min(view.total, query.page * pageSize);
  const pager = `<nav class="pager" aria-label="${escapeHtml(say(language, ui.pages))}">
<span>${escapeHtml(say(language, ui.showing, { from, to, total: view.total }))}</span>
${query.page > 1 ? `<a href="/desk${filterSearch(query, query.page - 1)}" rel="prev">${escapeHtml(say(language, ui.previous))}</a>` : ''}
${query.page < last ? `<a href="/desk${filterSearch(query, query.page + 1)}" rel="next">${escapeHtml(say(language, ui.next))}</a>` : ''}
</nav>`;
  return `<h1>${escapeHtml(say(language, ui.queue))}</h1>
${notices}
${filtersForm(language, query, view.countries)}
${found}
<table id="queue">
<caption>${escapeHtml(say(language, heading))}</caption>
<thead><tr><th scope="col">${escapeHtml(say(language, ui.caseNumber))}</th><th scope="col">${escapeHtml(say(language, ui.stage))}</th><th scope="col">${escapeHtml(say(language, ui.waitingFor))}</th><th scope="col">${escapeHtml(say(language, ui.waitingOn))}</th><th scope="col">${escapeHtml(say(language, ui.deadline))}</th><th scope="col">${escapeHtml(say(language, ui.escalationLevel))}</th><th scope="col">${escapeHtml(say(language, ui.route))}</th><th scope="col">${escapeHtml(say(language, ui.assignedTo))}</th></tr></thead>
<tbody>
${body || `<tr><td colspan="8">${escapeHtml(say(language, ui.emptyQueue))}</td></tr>`}
</tbody>
</table>
${pager}`;
}

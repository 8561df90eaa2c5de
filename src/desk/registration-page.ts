/**
 * Registration through the desk, and the review of likely duplicates: the registry's candidates side by side with
 * the new child (what matched, what differs), then the API's own decision path: link to a case, or confirm a new
 * child. The registration travels between the two steps in the page's hidden fields, never in a store.
 */
import { countryCodes } from '../domain/countries';
import type { CaseState } from '../domain/case';
import { registrationSchema, type Registration } from '../domain/registration';
import { countryName, languageName, moment, type Clock } from './format';
import {
  countryList,
  hiddenFields,
  jsonSchemaOf,
  renderFields,
  type FormValues,
  type JsonSchema,
  type Problem,
} from './forms';
import { escapeHtml } from './html';
import { optionLabels, say, ui, type Language } from './i18n';
import { csrfField, notice } from './layout';
import type { Refusal } from './refusals';

/** The registration form leaves out what the API works out itself (a name's script) and the later decision. */
export const registrationOmits = ['child.names.script', 'duplicateDecision'];

export function registrationFormSchema(): JsonSchema {
  const schema = jsonSchemaOf(registrationSchema);
  return schema;
}

export function registrationMain(
  clock: Clock,
  csrfToken: string,
  values?: FormValues,
  problems?: Record<string, Problem>,
  refusal?: Refusal,
): string {
  const { language } = clock;
  const fields = renderFields(registrationFormSchema(), {
    language,
    idPrefix: 'register',
    ...(values ? { values } : {}),
    ...(problems ? { problems } : {}),
    slots: { 'child.names': 3, claimants: 2 },
    omit: registrationOmits,
  });
  const top =
    problems && Object.keys(problems).length
      ? `<p class="problem" role="alert">${escapeHtml(say(language, ui.fixFields))}${problems[''] ? ` ${escapeHtml(problems['']!.text)}` : ''}</p>`
      : '';
  const refused = refusal
    ? `<div class="refusal" role="alert"><p>${escapeHtml(refusal.text)}</p>${refusal.original ? `<p class="original">${escapeHtml(say(language, ui.originalMessage))} <span lang="en">${escapeHtml(refusal.original)}</span></p>` : ''}</div>`
    : '';
  return `<h1>${escapeHtml(say(language, ui.registerTitle))}</h1>
<p>${escapeHtml(say(language, ui.registerIntro))}</p>
${refused}${top}
<form method="post" action="/desk/register" class="card" novalidate>
${csrfField(csrfToken)}
${fields}
<p><button type="submit">${escapeHtml(say(language, ui.registerButton))}</button></p>
</form>
${countryList(language, countryCodes)}`;
}

export interface Candidate {
  caseNumber: string;
  registeredAt: string;
  nameSimilarity: number;
  birthDate: 'same' | 'close' | 'estimated';
  /** The candidate case's record, for the side-by-side comparison. */
  state?: CaseState;
}

type Row = [label: string, fresh: string, others: Array<string | undefined>];

function comparisonRows(language: Language, registration: Registration, candidates: Candidate[]): Row[] {
  const names = (child: Registration['child']) => child.names.map((name) => name.value).join(' / ');
  const birth = (child: Registration['child']) =>
    child.birthDate
      ? moment({ language, timeZone: 'UTC', now: 0 }, `${child.birthDate}T12:00:00Z`, 'date')
      : say(language, ui.estimatedAge, { years: child.estimatedAgeYears ?? '?' });
  const place = (where: { country: string; locality?: string; facility?: string }) =>
    [where.locality ?? where.facility, countryName(language, where.country)].filter(Boolean).join(', ');
  const claimants = (list: Registration['claimants']) =>
    list
      .map(
        (claimant) =>
          `${claimant.name} (${optionLabels.relationship![claimant.relationship] ? say(language, optionLabels.relationship![claimant.relationship]!) : claimant.relationship})`,
      )
      .join('; ');
  const of = (read: (registration: Registration) => string) =>
    candidates.map((candidate) => (candidate.state?.registration ? read(candidate.state.registration) : undefined));
  return [
    [say(language, ui.names), names(registration.child), of((other) => names(other.child))],
    [say(language, ui.birth), birth(registration.child), of((other) => birth(other.child))],
    [
      say(language, ui.placeOfOrigin),
      place(registration.child.placeOfOrigin),
      of((other) => place(other.child.placeOfOrigin)),
    ],
    [
      say(language, ui.currentLocation),
      place(registration.child.currentLocation),
      of((other) => place(other.child.currentLocation)),
    ],
    [
      say(language, ui.language),
      languageName(language, registration.child.language),
      of((other) => languageName(language, other.child.language)),
    ],
    [say(language, ui.claimants), claimants(registration.claimants), of((other) => claimants(other.claimants))],
  ];
}

export function duplicatesMain(
  clock: Clock,
  csrfToken: string,
  registration: Registration,
  values: FormValues,
  candidates: Candidate[],
  /** Likely duplicates among other parties' cases: counted, never named. */
  unseen = 0,
): string {
  const { language } = clock;
  const carried = hiddenFields(Object.fromEntries(Object.entries(values).filter(([name]) => !name.startsWith('_'))));
  const rows = comparisonRows(language, registration, candidates)
    .map(
      ([label, fresh, others]) =>
        `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(fresh)}</td>${others
          .map((other) => {
            if (other === undefined) return '<td>–</td>';
            const same = other.toLowerCase() === fresh.toLowerCase();
            return `<td>${escapeHtml(other)}<br><span class="${same ? 'same' : 'differs'}">${escapeHtml(say(language, same ? ui.matches : ui.differs))}</span></td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  const agreement = { same: ui.birthSame, close: ui.birthClose, estimated: ui.birthEstimated };
  const scores = `<tr><th scope="row">${escapeHtml(say(language, ui.nameSimilarity))}</th><td>–</td>${candidates.map((candidate) => `<td>${Math.round(candidate.nameSimilarity * 100)}%</td>`).join('')}</tr>
<tr><th scope="row">${escapeHtml(say(language, ui.birthAgreement))}</th><td>–</td>${candidates.map((candidate) => `<td>${escapeHtml(say(language, agreement[candidate.birthDate]))}</td>`).join('')}</tr>`;
  const head = candidates
    .map(
      (candidate) =>
        `<th scope="col"><a href="/desk/cases/${candidate.caseNumber}">${candidate.caseNumber}</a><br><span class="left">${escapeHtml(moment(clock, candidate.registeredAt))}</span></th>`,
    )
    .join('');
  const link = candidates
    .map(
      (candidate) =>
        `<form method="post" action="/desk/register" class="inline">${csrfField(csrfToken)}${carried}<input type="hidden" name="_decision" value="link"><input type="hidden" name="_linkTo" value="${candidate.caseNumber}"><button type="submit" class="secondary">${escapeHtml(say(language, ui.sameChild, { caseNumber: candidate.caseNumber }))}</button></form>`,
    )
    .join(' ');
  const different = `<form method="post" action="/desk/register" class="inline">${csrfField(csrfToken)}${carried}<input type="hidden" name="_decision" value="different">${candidates.map((candidate) => `<input type="hidden" name="_candidates" value="${candidate.caseNumber}">`).join('')}<button type="submit">${escapeHtml(say(language, candidates.length ? ui.differentChild : ui.registerDespiteUnseen))}</button></form>`;
  const unseenNotice = unseen ? notice('alert', say(language, ui.unseenDuplicates, { count: unseen })) : '';
  if (candidates.length === 0)
    return `<h1>${escapeHtml(say(language, ui.duplicatesTitle))}</h1>
${unseenNotice}
<p>${different}</p>`;
  return `<h1>${escapeHtml(say(language, ui.duplicatesTitle))}</h1>
${notice('alert', say(language, ui.duplicatesIntro))}${unseenNotice}
<div class="side-by-side card"><table id="duplicates"><caption>${escapeHtml(say(language, ui.duplicatesTitle))}</caption>
<thead><tr><th scope="col">${escapeHtml(say(language, ui.field))}</th><th scope="col">${escapeHtml(say(language, ui.newRegistration))}</th>${head}</tr></thead>
<tbody>${rows}${scores}</tbody></table></div>
<p>${link}</p>
<p>${different}</p>`;
}

/** The case's timeline: each entry of its audit trail as a line the person reads, personal details only where allowed. */
import type { CaseEvent } from '../domain/case';
import { timeTag } from './format';
import { escapeHtml } from './html';
import {
  checkOutcomes,
  consentRoles,
  decisions,
  disputeReasons,
  eventWords,
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
import { personLabel } from './layout';
import type { CaseView } from './case-page';

function eventLine(language: Language, event: CaseEvent, personal: boolean): { what: string; detail?: string } {
  const what = wordFor(language, eventWords, event.type) || event.type;
  const data = event.data ?? {};
  const detail = event.detail ?? '';
  const peopleWrote = event.actor.role !== 'system' && event.actor.role !== 'lab';
  switch (event.type) {
    case 'record-checked':
      return {
        what: `${what}: ${wordFor(language, registries, String(data.registry))}, ${wordFor(language, checkOutcomes, String(data.outcome))}`,
      };
    case 'escalated':
      return {
        what: `${what}: ${say(language, ui.level, { level: String(data.level) })}, ${wordFor(language, roles, String(data.to))} (${wordFor(language, roles, String(data.waitingOn))})`,
      };
    case 'reminder-sent': {
      const [kind, party] = detail.split(' ');
      return {
        what: `${what}: ${wordFor(language, pendingKinds, kind)}${party ? ` (${wordFor(language, roles, party)})` : ''}`,
      };
    }
    case 'lab-result': {
      const [sample, outcome] = detail.split(': ');
      return { what: `${what}: ${sample ?? ''} ${wordFor(language, checkOutcomes, outcome)}` };
    }
    case 'case-closed':
      return { what: `${what}: ${wordFor(language, outcomes, String(data.outcome))}` };
    case 'dispute-opened': {
      const match = /^(\S+) (\S+)(?:: (.*))?$/s.exec(detail);
      if (!match) return { what };
      return {
        what: `${what} ${match[1]}: ${wordFor(language, disputeReasons, match[2])}`,
        ...(match[3] && personal ? { detail: match[3] } : {}),
      };
    }
    case 'dispute-decided': {
      const match = /^(\S+): (\S+)/.exec(detail);
      return match ? { what: `${what} ${match[1]}: ${wordFor(language, decisions, match[2])}` } : { what };
    }
    case 'consent-requested':
    case 'consent-asked-again':
    case 'consent-given':
    case 'consent-refused': {
      const [role, who] = detail.split(' ');
      return { what: `${what}: ${wordFor(language, consentRoles, role)}${who ? ` (${who})` : ''}` };
    }
    case 'handover-signed':
      return { what: `${what}: ${wordFor(language, optionLabels.signedBy!, detail)}` };
    case 'record-checks-completed':
      return {
        what: `${what}: ${detail
          .split(', ')
          .map((part) => {
            const [registry, outcome] = part.split(': ');
            return `${wordFor(language, registries, registry)}, ${wordFor(language, checkOutcomes, outcome)}`;
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
      return { what: `${what}: ${wordFor(language, stages, detail)}` };
    case 'record-check':
    default:
      if (!detail) return { what };
      // What a person wrote (a reason, a note) is theirs: shown as written, and only to roles that may read it.
      if (peopleWrote) return personal ? { what, detail } : { what };
      return { what, detail };
  }
}

export function timeline(view: CaseView): string {
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

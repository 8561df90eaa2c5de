import { CASE_NUMBER_PATTERN } from '../../domain/case-number';
import { caseStages } from '../../domain/case';
import { ApiClient } from '../api-client';
import { choice, CliError, exitCode, usageError, wholeNumber, type CliContext } from '../context';
import { table } from '../table';

export const casesOptions = {
  stage: { type: 'string' },
  escalated: { type: 'string' },
  'current-country': { type: 'string' },
  'destination-country': { type: 'string' },
  'page-size': { type: 'string' },
  'page-token': { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = Partial<Record<keyof typeof casesOptions, string | boolean>>;

interface CaseSummary {
  caseNumber: string;
  stage: string;
  escalated: boolean;
  escalationLevel: number;
  nextDeadline?: string;
  currentCountry?: string;
  destinationCountry?: string;
  registeredAt?: string;
  running: boolean;
}

export async function casesCommand(context: CliContext, values: Values, positionals: string[]): Promise<number> {
  const { t } = context;
  const [action, ...rest] = positionals;
  if (action === 'list') return list(context, values);
  if (action === 'show') {
    const caseNumber = rest[0];
    if (!caseNumber || rest.length > 1) throw usageError(t('missingArgument', { what: 'CASE' }));
    return show(context, caseNumber, values.json === true);
  }
  throw usageError(t('missingArgument', { what: 'list | show' }));
}

async function list(context: CliContext, values: Values): Promise<number> {
  const { t } = context;
  const query = new URLSearchParams();
  const stage = choice(values.stage as string | undefined, caseStages, '--stage', t);
  if (stage) query.set('stage', stage);
  const escalated = choice(values.escalated as string | undefined, ['true', 'false'] as const, '--escalated', t);
  if (escalated) query.set('escalated', escalated);
  for (const [option, parameter] of [
    ['current-country', 'currentCountry'],
    ['destination-country', 'destinationCountry'],
  ] as const) {
    const value = values[option] as string | undefined;
    if (value !== undefined) {
      if (!/^[A-Za-z]{2}$/.test(value))
        throw usageError(t('badValue', { option: `--${option}`, choices: 'UA, RU, PL, …' }));
      query.set(parameter, value.toUpperCase());
    }
  }
  query.set('pageSize', String(wholeNumber(values['page-size'] as string | undefined, '--page-size', 1, 100, t) ?? 25));
  let token = values['page-token'] as string | undefined;
  const client = new ApiClient(context);
  const cases: CaseSummary[] = [];
  for (;;) {
    if (token) query.set('pageToken', token);
    const page = await client.get<{ cases: CaseSummary[]; nextPageToken?: string }>(`/cases?${query}`);
    cases.push(...page.cases);
    token = page.nextPageToken;
    if (!token || values.all !== true) break;
  }
  if (values.json === true) {
    context.stdout.write(`${JSON.stringify({ cases, ...(token ? { nextPageToken: token } : {}) }, null, 2)}\n`);
    return exitCode.ok;
  }
  if (cases.length === 0) context.stdout.write(`${t('noCases')}\n`);
  else
    context.stdout.write(
      `${table(
        ['case', 'stage', 'route', 'escalation', 'next deadline', 'registered', 'running'],
        cases.map((entry) => [
          entry.caseNumber,
          entry.stage,
          `${entry.currentCountry ?? '?'} → ${entry.destinationCountry ?? '-'}`,
          entry.escalated ? String(entry.escalationLevel) : '-',
          entry.nextDeadline?.slice(0, 16).replace('T', ' ') ?? '-',
          entry.registeredAt?.slice(0, 10) ?? '-',
          entry.running ? 'yes' : 'no',
        ]),
      )}\n`,
    );
  if (token) context.stdout.write(`${t('moreCases', { token })}\n`);
  return exitCode.ok;
}

interface CaseView {
  caseNumber: string;
  stage: string;
  outcome?: string;
  registeredAt: string;
  route: { from: string; to?: string };
  hold?: { since: string; reason: string };
  pending: Array<{ id: string; waitingOn: string; dueAt: string; escalationLevel: number }>;
  events: Array<{ at: string; type: string; stage: string }>;
  registration?: { child: { names: Array<{ value: string }> } };
}

async function show(context: CliContext, caseNumber: string, json: boolean): Promise<number> {
  const { t } = context;
  if (!CASE_NUMBER_PATTERN.test(caseNumber))
    throw usageError(t('badValue', { option: 'CASE', choices: 'HW-2026-000123-K' }));
  const answer = await new ApiClient(context).request<CaseView & { message?: string }>(`/cases/${caseNumber}`);
  if (answer.status !== 200) {
    throw new CliError(
      exitCode.someFailed,
      t('apiError', { status: answer.status, reason: answer.body?.message ?? '' }),
    );
  }
  const state = answer.body;
  if (json) {
    context.stdout.write(`${JSON.stringify(state, null, 2)}\n`);
    return exitCode.ok;
  }
  const lines = [
    `${state.caseNumber}  ${state.stage}${state.outcome ? ` (${state.outcome})` : ''}`,
    `registered ${state.registeredAt.slice(0, 10)}, route ${state.route.from} → ${state.route.to ?? '-'}`,
    ...(state.registration ? [`child: ${state.registration.child.names.map((name) => name.value).join(' / ')}`] : []),
    ...(state.hold ? [`on hold since ${state.hold.since.slice(0, 10)}: ${state.hold.reason}`] : []),
  ];
  context.stdout.write(`${lines.join('\n')}\n`);
  if (state.pending.length)
    context.stdout.write(
      `\n${table(
        ['waiting for', 'on', 'due', 'escalation'],
        state.pending.map((action) => [
          action.id,
          action.waitingOn,
          action.dueAt.slice(0, 16).replace('T', ' '),
          String(action.escalationLevel),
        ]),
      )}\n`,
    );
  const recent = state.events.slice(-10);
  if (recent.length)
    context.stdout.write(
      `\n${table(
        ['at', 'event', 'stage'],
        recent.map((event) => [event.at.slice(0, 19).replace('T', ' '), event.type, event.stage]),
      )}\n`,
    );
  return exitCode.ok;
}

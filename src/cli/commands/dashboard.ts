import { ApiClient } from '../api-client';
import { exitCode, usageError, type CliContext } from '../context';
import { table } from '../table';

export const dashboardOptions = { week: { type: 'string' }, json: { type: 'boolean' } } as const;

type Figures = Record<string, number | string>;
interface Weekly {
  week: string;
  startsAt: string;
  endsAt: string;
  totals: Figures;
  byCountryPair: Array<{ from: string | null; to: string | null; figures: Figures }>;
}

export async function dashboardCommand(
  context: CliContext,
  values: { week?: string | boolean; json?: string | boolean },
  positionals: string[],
): Promise<number> {
  const { t } = context;
  if (positionals.length) throw usageError(t('unknownOption', { detail: positionals.join(' ') }));
  const week = typeof values.week === 'string' ? values.week : undefined;
  if (week !== undefined && !/^20\d{2}-W\d{2}$/.test(week))
    throw usageError(t('badValue', { option: '--week', choices: '2026-W47' }));
  const weekly = await new ApiClient(context).get<Weekly>(`/dashboard/weekly${week ? `?week=${week}` : ''}`, {
    authorised: false,
  });
  if (values.json === true) {
    context.stdout.write(`${JSON.stringify(weekly, null, 2)}\n`);
    return exitCode.ok;
  }
  const figures = Object.keys(weekly.totals);
  context.stdout.write(
    `${t('dashboardTitle', { week: weekly.week, from: weekly.startsAt.slice(0, 10), to: weekly.endsAt.slice(0, 10) })}\n\n`,
  );
  context.stdout.write(
    `${table(
      ['from → to', ...figures],
      [
        ...weekly.byCountryPair.map((pair) => [
          `${pair.from ?? '?'} → ${pair.to ?? '-'}`,
          ...figures.map((figure) => String(pair.figures[figure])),
        ]),
        ['all', ...figures.map((figure) => String(weekly.totals[figure]))],
      ],
    )}\n`,
  );
  return exitCode.ok;
}

/**
 * Gauges of open cases, read from the registry when Prometheus scrapes (src/registry/case-figures.ts): by stage, past
 * a deadline and escalated. One read serves the three gauges of a scrape. Every stage, every party a case can wait on
 * and every level of the default ladder is reported, at 0 when no case is there, so a panel's line never breaks off.
 * Labels are stages, kinds of party and levels: no case number, nothing about a person.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { caseStages, waitingOnParties } from '../domain/case';
import { escalationLevels } from '../domain/policy';
import { readCaseFigures, type CaseFigures } from '../registry/case-figures';
import type { Db } from '../registry/db';

const caseSeries = {
  open: 'homeward_cases_open',
  overdue: 'homeward_cases_overdue',
  escalated: 'homeward_cases_escalated',
  readFailures: 'homeward_case_figures_failures_total',
} as const;

/** The figures of one scrape, shared by its gauges and read again at the next. */
function readOncePerScrape(read: () => Promise<CaseFigures>): () => Promise<CaseFigures> {
  let current: Promise<CaseFigures> | undefined;
  return () => {
    if (!current) {
      current = read();
      const forget = () => setTimeout(() => (current = undefined), 1000).unref();
      current.then(forget, forget);
    }
    return current;
  };
}

export function registerCaseGauges(registry: Registry, db: Db): void {
  const failures = new Counter({
    name: caseSeries.readFailures,
    help: 'Scrapes at which the case figures could not be read from the registry (the case gauges are then empty)',
    registers: [registry],
  });
  const figures = readOncePerScrape(() =>
    readCaseFigures(db).catch((error: unknown) => {
      failures.inc();
      throw error;
    }),
  );
  const gauge = <Label extends string>(
    name: string,
    help: string,
    label: Label,
    values: (read: CaseFigures) => Array<[string, number]>,
    zeros: readonly string[],
  ) =>
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      async collect() {
        this.reset();
        let read: CaseFigures;
        try {
          read = await figures();
        } catch {
          return;
        }
        for (const value of zeros) this.set({ [label]: value } as Record<Label, string>, 0);
        for (const [value, cases] of values(read)) this.set({ [label]: value } as Record<Label, string>, cases);
      },
    });
  gauge(
    caseSeries.open,
    'Open cases, by stage',
    'stage',
    (read) => read.openByStage.map(({ stage, cases }) => [stage, cases]),
    caseStages.filter((stage) => stage !== 'closed'),
  );
  gauge(
    caseSeries.overdue,
    'Open cases whose earliest wait is past its deadline, by whom that wait is on',
    'waiting_on',
    (read) => read.overdueByWaitingOn.map(({ waitingOn, cases }) => [waitingOn, cases]),
    waitingOnParties,
  );
  gauge(
    caseSeries.escalated,
    'Open cases with an escalated wait, by the highest escalation level among their waits',
    'level',
    (read) => read.escalatedByLevel.map(({ level, cases }) => [String(level), cases]),
    escalationLevels.map((_level, index) => String(index + 1)),
  );
}

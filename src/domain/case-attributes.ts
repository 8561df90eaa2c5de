/**
 * What operators filter a case on in the Temporal UI (its search attributes), and which of them to write: only those
 * that changed, plus the case number and where the child is now the first time. Never personal data.
 */
import type { CaseStage, CaseState } from './case';
import { escalationSummary } from './deadlines';
import type { CasePolicy } from './policy';

export interface CaseAttributes {
  stage: CaseStage;
  escalated: boolean;
  level: number;
  /** The next deadline across the case's waits, epoch ms. */
  next: number | null;
  /** Where the verified family is, once known. */
  to: string | null;
}

export type AttributeChange =
  | { attribute: 'stage'; value: CaseStage }
  | { attribute: 'escalated'; value: boolean }
  | { attribute: 'level'; value: number }
  | { attribute: 'next'; value: number | null }
  | { attribute: 'to'; value: string }
  | { attribute: 'caseNumber'; value: string }
  | { attribute: 'from'; value: string };

export function caseAttributes(
  state: Pick<CaseState, 'stage' | 'pending' | 'route'>,
  policy: Pick<CasePolicy, 'escalationLadder' | 'escalationInterval'>,
): CaseAttributes {
  const summary = escalationSummary(state.pending, policy);
  return {
    stage: state.stage,
    escalated: summary.escalated,
    level: summary.level,
    next: summary.nextDeadline ?? null,
    to: state.route.to ?? null,
  };
}

/** The attributes to write, in a fixed order; a destination once set is never cleared. */
export function attributeChanges(
  previous: CaseAttributes | undefined,
  wanted: CaseAttributes,
  state: Pick<CaseState, 'caseNumber' | 'route'>,
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  if (previous?.stage !== wanted.stage) changes.push({ attribute: 'stage', value: wanted.stage });
  if (previous?.escalated !== wanted.escalated) changes.push({ attribute: 'escalated', value: wanted.escalated });
  if (previous?.level !== wanted.level) changes.push({ attribute: 'level', value: wanted.level });
  if (previous?.next !== wanted.next) changes.push({ attribute: 'next', value: wanted.next });
  if (previous?.to !== wanted.to && wanted.to !== null) changes.push({ attribute: 'to', value: wanted.to });
  if (!previous)
    changes.push({ attribute: 'caseNumber', value: state.caseNumber }, { attribute: 'from', value: state.route.from });
  return changes;
}

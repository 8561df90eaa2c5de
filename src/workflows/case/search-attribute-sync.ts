/** The case's search attributes (what operators filter on in the Temporal UI), kept in step with its state. */
import { condition, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { CaseState } from '../../domain/case';
import { escalationSummary } from '../../domain/deadlines';
import type { CasePolicy } from '../../domain/policy';
import {
  CaseNumber,
  CaseStage,
  DestinationCountry,
  Escalated,
  EscalationLevel,
  NextDeadline,
  OriginCountry,
} from '../search-attributes';

export class SearchAttributeSync {
  private due = false;
  private last = '';

  /**
   * `whenSettled`: cases started from this version publish their search attributes once the activation's code has
   * settled (a condition is checked only after the microtasks drain), so the changes of one workflow task make one
   * upsert, one write to the visibility store. Earlier cases keep the microtask upsert their histories recorded,
   * which made up to three per task (bench/RESULTS.md).
   */
  constructor(
    private readonly state: CaseState,
    private readonly policy: CasePolicy,
    readonly whenSettled: boolean,
  ) {}

  /** The attributes may have changed: upsert them when the activation settles (or, for earlier cases, at once). */
  request(): void {
    if (this.due) return;
    this.due = true;
    if (this.whenSettled) return;
    void Promise.resolve().then(() => {
      this.due = false;
      this.upsertChanged();
    });
  }

  async publish(): Promise<void> {
    for (;;) {
      await condition(() => this.due);
      this.due = false;
      this.upsertChanged();
    }
  }

  upsertChanged(): void {
    const { state } = this;
    const summary = escalationSummary(state.pending, this.policy);
    const wanted = {
      stage: state.stage,
      escalated: summary.escalated,
      level: summary.level,
      next: summary.nextDeadline ?? null,
      to: state.route.to ?? null,
    };
    const key = JSON.stringify(wanted);
    if (key === this.last) return;
    const previous = this.last ? (JSON.parse(this.last) as typeof wanted) : undefined;
    this.last = key;
    const updates: SearchAttributeUpdatePair[] = [];
    if (previous?.stage !== wanted.stage) updates.push({ key: CaseStage, value: wanted.stage });
    if (previous?.escalated !== wanted.escalated) updates.push({ key: Escalated, value: wanted.escalated });
    if (previous?.level !== wanted.level) updates.push({ key: EscalationLevel, value: wanted.level });
    if (previous?.next !== wanted.next)
      updates.push({ key: NextDeadline, value: wanted.next === null ? null : new Date(wanted.next) });
    if (previous?.to !== wanted.to && wanted.to !== null) updates.push({ key: DestinationCountry, value: wanted.to });
    if (!previous)
      updates.push({ key: CaseNumber, value: state.caseNumber }, { key: OriginCountry, value: state.route.from });
    upsertSearchAttributes(updates);
  }
}

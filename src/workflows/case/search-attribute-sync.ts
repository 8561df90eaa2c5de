/** The case's search attributes (what operators filter on in the Temporal UI), kept in step with its state. */
import { condition, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  attributeChanges,
  caseAttributes,
  type AttributeChange,
  type CaseAttributes,
} from '../../domain/case-attributes';
import type { CaseState } from '../../domain/case';
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
    const wanted = caseAttributes(this.state, this.policy);
    const key = JSON.stringify(wanted);
    if (key === this.last) return;
    const previous = this.last ? (JSON.parse(this.last) as CaseAttributes) : undefined;
    this.last = key;
    upsertSearchAttributes(attributeChanges(previous, wanted, this.state).map(toUpdate));
  }
}

function toUpdate(change: AttributeChange): SearchAttributeUpdatePair {
  switch (change.attribute) {
    case 'stage':
      return { key: CaseStage, value: change.value };
    case 'escalated':
      return { key: Escalated, value: change.value };
    case 'level':
      return { key: EscalationLevel, value: change.value };
    case 'next':
      return { key: NextDeadline, value: change.value === null ? null : new Date(change.value) };
    case 'to':
      return { key: DestinationCountry, value: change.value };
    case 'caseNumber':
      return { key: CaseNumber, value: change.value };
    case 'from':
      return { key: OriginCountry, value: change.value };
  }
}

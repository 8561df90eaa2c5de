/** Gives cases whose views were published before the desk's queue existed their queue rows, once. */
import type { FastifyBaseLogger } from 'fastify';
import type { ApiContext } from '../api/context';
import type { CaseState } from '../domain/case';
import { recordCaseQueue, viewsWithoutSummary } from '../registry/case-queue';
import { dataConverterFor } from '../temporal/connection';
import { unseal } from '../temporal/sealed';

export async function backfillQueue(context: ApiContext, log: FastifyBaseLogger): Promise<void> {
  const converter = dataConverterFor(context.config);
  let after = '';
  let filled = 0;
  for (;;) {
    const views = await viewsWithoutSummary(context.db, after, 200);
    if (views.length === 0) break;
    for (const view of views) {
      after = view.caseNumber;
      // A view sealed with a key this process no longer holds stays out of the queue until its case publishes again.
      const state = await unseal<CaseState>(converter, view.sealed).catch(() => undefined);
      if (!state) continue;
      await recordCaseQueue(context.db, view.revision, state);
      filled += 1;
    }
  }
  if (filled) log.info({ cases: filled }, `desk queue: filled in ${filled} cases published before it existed`);
}

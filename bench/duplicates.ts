/** Duplicate detection's precision and recall over the labelled pairs in test/registry/duplicate-pairs.ts. */
import { openPglite } from '../src/registry/db';
import { duplicatePairs, measure } from '../test/registry/duplicate-pairs';
import { report, table, runMain } from './support/measure';

export async function duplicates(): Promise<void> {
  const result = await measure(() => openPglite());
  const same = duplicatePairs.filter((pair) => pair.same).length;
  report(
    'duplicates',
    [
      `Duplicate detection over ${result.pairs} labelled pairs (${same} same child, ${result.pairs - same} different)\n\n` +
        table(
          ['precision', 'recall', 'mistakes'],
          [[result.precision.toFixed(3), result.recall.toFixed(3), result.mistakes.length]],
        ) +
        (result.mistakes.length ? `\n\n${result.mistakes.map((mistake) => `- ${mistake}`).join('\n')}` : ''),
    ],
    { precision: result.precision, recall: result.recall, mistakes: result.mistakes },
  );
}

if (require.main === module) runMain(duplicates);

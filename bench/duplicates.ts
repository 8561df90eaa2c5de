/**
 * Duplicate detection's precision and recall, twice: over the labelled pairs in test/registry/duplicate-pairs.ts,
 * which the name tables in src/registry/transliteration.ts were tuned on (a training-set figure), and over the
 * held-out pairs in bench/held-out/pairs.json (made by bench/held-out/make-pairs.ts from names neither contains).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite } from '../src/registry/db';
import { duplicatePairs, measure, type DuplicatePair } from '../test/registry/duplicate-pairs';
import { report, table, runMain } from './support/measure';

export const heldOutPairs = (
  JSON.parse(readFileSync(join(__dirname, 'held-out/pairs.json'), 'utf8')) as { pairs: DuplicatePair[] }
).pairs;

/** Pairs and mistakes per generating rule: a held-out note reads "<rule> (#n)". */
function byRule(pairs: DuplicatePair[], mistakes: string[]): Array<[string, number, number]> {
  const ruleOf = (note: string) => note.replace(/ \(#\d+\)$/, '');
  const rules = [...new Set(pairs.map((pair) => ruleOf(pair.note)))];
  return rules.map((rule) => [
    rule,
    pairs.filter((pair) => ruleOf(pair.note) === rule).length,
    mistakes.filter((mistake) => ruleOf(mistake.replace(/^[^:]+: /, '')) === rule).length,
  ]);
}

export async function duplicates(): Promise<void> {
  const sets = [
    { name: 'training (the tables were tuned on these)', pairs: duplicatePairs },
    { name: 'held out (names the tables do not contain)', pairs: heldOutPairs },
  ];
  const results = [];
  for (const set of sets) {
    const result = await measure(() => openPglite(), undefined, set.pairs);
    results.push({ ...set, ...result, same: set.pairs.filter((pair) => pair.same).length });
  }
  report(
    'duplicates',
    [
      'Duplicate detection over labelled pairs\n\n' +
        table(
          ['pairs', 'count', 'same child', 'different', 'precision', 'recall', 'mistakes'],
          results.map((result) => [
            result.name,
            result.pairs,
            result.same,
            result.pairs - result.same,
            result.precision.toFixed(3),
            result.recall.toFixed(3),
            result.mistakes.length,
          ]),
        ),
      `Held-out pairs by the rule that made them\n\n${table(['rule', 'pairs', 'mistakes'], byRule(heldOutPairs, results[1]!.mistakes))}`,
      ...results.map(
        (result) =>
          `Mistakes, ${result.name}:\n\n${result.mistakes.map((mistake) => `- ${mistake}`).join('\n') || '(none)'}`,
      ),
    ],
    Object.fromEntries(
      results.map((result) => [
        result.name.split(' ')[0],
        { pairs: result.pairs, precision: result.precision, recall: result.recall, mistakes: result.mistakes },
      ]),
    ),
  );
}

if (require.main === module) runMain(duplicates);

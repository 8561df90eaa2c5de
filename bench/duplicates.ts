/** Prints duplicate detection's precision and recall over the labelled pairs in test/registry/duplicate-pairs.ts. */
import { openPglite } from '../src/registry/db';
import { duplicatePairs, measure } from '../test/registry/duplicate-pairs';

async function main() {
  const result = await measure(() => openPglite());
  process.stdout.write(
    `duplicate detection over ${result.pairs} pairs (${duplicatePairs.filter((pair) => pair.same).length} same child, ` +
      `${duplicatePairs.filter((pair) => !pair.same).length} different children): ` +
      `precision ${result.precision.toFixed(3)}, recall ${result.recall.toFixed(3)}\n`,
  );
  for (const mistake of result.mistakes) process.stdout.write(`  ${mistake}\n`);
  process.exit(0);
}

void main();

/**
 * `npm run bench`: every benchmark in turn, each starting the stack it measures and writing its figures to
 * bench/results/<name>.json; `npm run bench -- intake reaction` runs those only. Never part of `npm test`.
 * bench/RESULTS.md holds the figures of the reference run and how to read them.
 */
import { capacity } from './capacity';
import { chaos } from './chaos';
import { cost } from './cost';
import { dashboard } from './dashboard';
import { desk } from './desk';
import { duplicates } from './duplicates';
import { importBenchmark } from './import';
import { intake } from './intake';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine, resultsDir, runMain, say } from './support/measure';
import { reaction } from './reaction';
import { replay } from './replay';
import { topology } from './topology';

const benchmarks: Record<string, () => Promise<void>> = {
  intake,
  reaction,
  capacity,
  cost,
  dashboard,
  desk,
  duplicates,
  chaos,
  import: importBenchmark,
  topology,
  replay,
};

async function main(): Promise<void> {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((name) => !(name in benchmarks));
  if (unknown.length) {
    throw new Error(`no benchmark named ${unknown.join(', ')}; choose from ${Object.keys(benchmarks).join(', ')}`);
  }
  const { cores, memoryGiB, cpu, node } = machine();
  say(`${cores} cores (${cpu}), ${memoryGiB} GiB, Node ${node}`);
  for (const name of chosen.length ? chosen : Object.keys(benchmarks)) {
    const started = Date.now();
    say(`== ${name}`);
    await benchmarks[name]!();
    say(`== ${name} took ${Math.round((Date.now() - started) / 1000)} s`);
  }
  // Every table of the latest run of each benchmark in one file, to set beside bench/RESULTS.md.
  const sections = Object.keys(benchmarks)
    .map((name) => join(resultsDir, `${name}.json`))
    .filter((file) => existsSync(file))
    .map((file) => JSON.parse(readFileSync(file, 'utf8')) as { benchmark: string; date: string; tables: string[] })
    .map(({ benchmark, date, tables }) => `## ${benchmark} (${date})\n\n${tables.join('\n\n')}`);
  writeFileSync(join(resultsDir, 'summary.md'), `${sections.join('\n\n')}\n`);
  say(`every table in ${join(resultsDir, 'summary.md')}`);
}

runMain(main);

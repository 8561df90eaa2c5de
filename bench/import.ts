/**
 * Import: a generated national registry list (19,500 rows by default, BENCH_IMPORT_ROWS to change it) imported with
 * `homeward import` as a desk would run it (the command line as its own process, 8 registrations in flight) into the
 * production-like stack with its worker running. Target: under 5 minutes for 19,500 rows. Prints rows per second,
 * the time, the command line's peak memory (it must not grow with the file) and CPU per row by process, to set
 * beside intake's cost per case. Before and after the import, the same stack registers BENCH_IMPORT_BASELINE children
 * of another country through bare POST /cases at the same concurrency: the import's rate over theirs is a figure that
 * holds on a shared machine, whatever else runs on it.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RowResult } from '../src/cli/import/results';
import { generateList, writeList } from '../test/support/registry-list';
import { asRegistration } from '../test/support/registry-list';
import { CpuMeter, cpuSeconds, pool, report, runMain, say, table } from './support/measure';
import type { BenchStack } from './support/stack';
import { keys, startBenchStack } from './support/stack';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 19_500);
const CONCURRENCY = Number(process.env.BENCH_IMPORT_CONCURRENCY ?? 8);
const BASELINE = Number(process.env.BENCH_IMPORT_BASELINE ?? 1000);
const TARGET_SECONDS = (300 * ROWS) / 19_500;
const root = resolve(__dirname, '..');

function memoryOf(pid: number): { rss: number; peak: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Registrations per second through bare POST /cases, each a child of the generated kind born in Moldova (so that the
 * import's duplicate check never meets them), with the worker running their first stage as it runs the import's.
 */
async function bareRegistrations(stack: BenchStack, round: string): Promise<number> {
  if (BASELINE === 0) return Number.NaN;
  const list = generateList({
    rows: BASELINE,
    seed: round.length,
    referencePrefix: `BARE-${round}-${process.pid}`,
    errorShare: 0,
    duplicateShare: 0,
    registryDuplicateShare: 0,
  });
  let unexpected = 0;
  const ms = await pool(`bare POST /cases (${round})`, BASELINE, CONCURRENCY, async (index) => {
    const registration = asRegistration(list.rows[index]!, 'bench-registry');
    registration.child.placeOfOrigin.country = 'MD';
    const response = await fetch(`${stack.apiUrl}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.coordinator.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(registration),
    });
    await response.text();
    if (response.status !== 201) unexpected += 1;
  });
  if (unexpected > BASELINE / 10) throw new Error(`${unexpected} of ${BASELINE} bare registrations were not created`);
  return BASELINE / (ms / 1000);
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface CliRun {
  code: number | null;
  output: string;
  /** RSS samples (MiB), every 250 ms, and the peak. */
  samples: number[];
  peak: number;
  cpuSeconds: number;
  results: RowResult[];
}

/** `homeward import FILE` as a desk runs it, in a process of its own, its memory and CPU read while it runs. */
async function runCli(stack: BenchStack, file: string, resultFile: string): Promise<CliRun> {
  const child = spawn(
    process.execPath,
    [
      // BENCH_PROFILE=cli (beside worker or api) writes a V8 CPU profile of the command line too.
      ...((process.env.BENCH_PROFILE ?? '').split(',').includes('cli')
        ? ['--cpu-prof', `--cpu-prof-dir=${join(root, '.data', 'bench', 'profiles')}`]
        : []),
      join(root, 'bin/homeward.js'),
      'import',
      file,
      '--organisation',
      'bench-registry',
      '--result',
      resultFile,
      '--concurrency',
      String(CONCURRENCY),
    ],
    {
      cwd: root,
      env: { ...process.env, HOMEWARD_API_URL: stack.apiUrl, HOMEWARD_API_KEY: keys.coordinator.key, LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const echo = (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n').filter(Boolean)) say(`  homeward: ${line}`);
  };
  child.stdout.on('data', echo);
  child.stderr.on('data', echo);
  const samples: number[] = [];
  let peak = 0;
  // The command line's own CPU, read while it runs (a process that has exited has no /proc entry to read).
  let cliCpu = 0;
  const sampler = setInterval(() => {
    const memory = child.pid ? memoryOf(child.pid) : undefined;
    if (!memory) return;
    samples.push(memory.rss);
    peak = Math.max(peak, memory.peak);
    cliCpu = cpuSeconds(child.pid!);
  }, 250);
  const code = await new Promise<number | null>((done) => child.once('exit', (exitCode) => done(exitCode)));
  clearInterval(sampler);
  const results = readFileSync(resultFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RowResult);
  if (results.length !== ROWS) throw new Error(`the result file has ${results.length} rows, not ${ROWS}:\n${output}`);
  return { code, output, samples, peak, cpuSeconds: cliCpu, results };
}

const countsOf = (results: RowResult[]) => {
  const counts = { registered: 0, existing: 0, duplicate: 0, invalid: 0, failed: 0 };
  for (const result of results) counts[result.status] += 1;
  return counts;
};

export async function importBenchmark(): Promise<void> {
  const stack = await startBenchStack({ name: 'import' });
  try {
    const dir = join(root, '.data', 'bench', `import-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    // No child of the list is registered beforehand: its second copies are all within the file.
    const list = generateList({
      rows: ROWS,
      seed: 19_500,
      referencePrefix: `BENCH-${process.pid}`,
      registryDuplicateShare: 0,
      distinct: false,
    });
    const file = join(dir, 'registry.csv');
    await writeList(file, list.rows, { format: 'csv', delimiter: ';', encoding: 'windows-1251' });
    const resultFile = join(dir, 'registry.results.jsonl');
    say(
      `import: ${ROWS} rows (${list.expected.invalid} with errors, ${list.expected.inFileDuplicates} second copies) in ${file}`,
    );

    const bareBefore = await bareRegistrations(stack, 'before');
    say(`import: bare POST /cases before, ${bareBefore.toFixed(1)}/s; load average ${loadAverage()}`);
    const loadBefore = loadAverage();
    const meter = new CpuMeter(stack.cpu);
    const started = Date.now();
    const { code, samples, peak, cpuSeconds: cliCpu, results } = await runCli(stack, file, resultFile);
    const seconds = (Date.now() - started) / 1000;
    const { cpuSeconds: used } = meter.stop();
    const loadAfter = loadAverage();
    const bareAfter = await bareRegistrations(stack, 'after');
    say(`import: bare POST /cases after, ${bareAfter.toFixed(1)}/s; load average ${loadAverage()}`);
    const bare = (bareBefore + bareAfter) / 2;
    const byPart = { ...used, 'homeward import': Math.round(cliCpu * 10) / 10 };

    const counts = countsOf(results);
    // The acceptance's second run: the same file again, from the start (not resumed), must register nothing new.
    const againStarted = Date.now();
    const again = await runCli(stack, file, join(dir, 'registry.again.results.jsonl'));
    const againSeconds = (Date.now() - againStarted) / 1000;
    const againCounts = countsOf(again.results);
    say(`import: the second run took ${againSeconds.toFixed(1)} s: ${JSON.stringify(againCounts)}`);
    const tenth = samples.slice(0, Math.max(1, Math.floor(samples.length / 10)));
    const lastTenth = samples.slice(-Math.max(1, Math.floor(samples.length / 10)));
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
    const perRow = Object.fromEntries(
      Object.entries(byPart).map(([part, seconds]) => [part, Math.round((seconds * 1_000_000) / ROWS) / 1000]),
    );
    const rate = ROWS / seconds;
    report(
      'import',
      [
        `Import of ${ROWS} generated rows (CSV, Windows-1251) with homeward import, ${CONCURRENCY} in flight, worker running\n\n` +
          table(
            [
              'rows',
              'time',
              'rows / s',
              'bare POST /cases / s (before, after)',
              'import / bare',
              'target',
              'CLI RSS first 10% / last 10% / peak',
              'load average (1, 5, 15 min) at start; at end',
              'exit',
            ],
            [
              [
                ROWS,
                `${seconds.toFixed(1)} s`,
                rate.toFixed(1),
                `${bareBefore.toFixed(1)}, ${bareAfter.toFixed(1)}`,
                `${((100 * rate) / bare).toFixed(0)}%`,
                `${TARGET_SECONDS.toFixed(0)} s: ${seconds <= TARGET_SECONDS ? 'met' : 'missed'}`,
                `${mean(tenth).toFixed(0)} / ${mean(lastTenth).toFixed(0)} / ${peak.toFixed(0)} MiB`,
                `${loadBefore}; ${loadAfter}`,
                String(code),
              ],
            ],
          ) +
          `\n\nRows: ${counts.registered} registered, ${counts.existing} already registered, ${counts.duplicate} set aside as likely duplicates ` +
          `(${list.expected.duplicates} second copies injected; a few more are invented children the registry takes for one), ` +
          `${counts.invalid} invalid (${list.expected.invalid} injected), ${counts.failed} failed` +
          `\n\nThe same file imported again from the start (not resumed): ${againSeconds.toFixed(1)} s, ` +
          `${againCounts.registered} registered new (${againCounts.registered === 0 ? 'nothing new: met' : 'missed'}), ` +
          `${againCounts.existing} already registered, ${againCounts.duplicate} set aside, ${againCounts.invalid} invalid, ${againCounts.failed} failed`,
        `CPU milliseconds per row, by process\n\n` +
          table(['', ...Object.keys(perRow)], [['import', ...Object.values(perRow).map((value) => value.toFixed(1))]]) +
          `\n\nTotal ${Object.values(perRow)
            .reduce((sum, value) => sum + value, 0)
            .toFixed(1)} ms per row; intake (bench/RESULTS.md) costs 39.4 ms per case live`,
      ],
      {
        rows: ROWS,
        concurrency: CONCURRENCY,
        seconds,
        rowsPerSecond: rate,
        bareRegistrationsPerSecond: { before: bareBefore, after: bareAfter },
        loadAverage: { start: loadBefore, end: loadAfter },
        cliPeakRssMiB: peak,
        counts,
        secondRun: { seconds: againSeconds, counts: againCounts },
        cpuMsPerRow: perRow,
      },
    );
  } finally {
    await stack.stop();
  }
}

if (require.main === module) runMain(importBenchmark);

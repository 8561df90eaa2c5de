/**
 * What every benchmark shares: percentiles, a bounded pool of concurrent tasks with progress lines, per-process
 * CPU and memory read from /proc, and the table + JSON every benchmark ends with.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const resultsDir = resolve(__dirname, '../results');

export const say = (line: string) =>
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** Nearest-rank percentile of an unsorted sample. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function distribution(sample: number[]): Distribution {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sample.length,
    p50: round(percentile(sample, 50)),
    p95: round(percentile(sample, 95)),
    p99: round(percentile(sample, 99)),
    max: round(Math.max(...sample)),
    mean: round(sample.reduce((sum, value) => sum + value, 0) / Math.max(1, sample.length)),
  };
}

/**
 * Runs `task` for 0…count-1 with at most `concurrency` in flight; prints a progress line every `everyMs`.
 * A task that throws stops the run: a benchmark over failed requests measures nothing.
 */
export async function pool(
  label: string,
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
  everyMs = 10_000,
): Promise<number> {
  const started = Date.now();
  let next = 0;
  let done = 0;
  const timer = setInterval(() => {
    const seconds = (Date.now() - started) / 1000;
    say(`${label}: ${done}/${count} after ${seconds.toFixed(0)} s (${(done / seconds).toFixed(1)}/s)`);
  }, everyMs);
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          const index = next++;
          await task(index);
          done += 1;
        }
      }),
    );
  } finally {
    clearInterval(timer);
  }
  return Date.now() - started;
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export { cpuSeconds } from '../../test/support/process-stats';

/** Resident set size now and at its peak (VmHWM), in MiB. */
export function memoryOf(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakRssMiB: Math.round(kib('VmHWM') / 1024) };
}

/** CPU seconds per named process between two readings. */
export class CpuMeter {
  private readonly start: Record<string, number>;
  private readonly startedAt = Date.now();
  constructor(private readonly read: () => Record<string, number>) {
    this.start = read();
  }
  /** CPU seconds used by each process since the meter started, and the wall-clock seconds. */
  stop(): { wallSeconds: number; cpuSeconds: Record<string, number> } {
    const end = this.read();
    const used = Object.fromEntries(
      Object.entries(end).map(([name, seconds]) => [name, Math.round((seconds - (this.start[name] ?? 0)) * 10) / 10]),
    );
    return { wallSeconds: Math.round((Date.now() - this.startedAt) / 100) / 10, cpuSeconds: used };
  }
}

export function machine(): { cores: number; cpu: string; memoryGiB: number; node: string } {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/** A markdown table: the same text is printed and kept in the JSON for RESULTS.md. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = rows.map((row) => row.map(String));
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

/** Prints the benchmark's tables and writes them with the figures to bench/results/<name>.json. */
export function report(name: string, tables: string[], figures: Record<string, unknown>): void {
  process.stdout.write(`\n${tables.join('\n\n')}\n\n`);
  if (!existsSync(resultsDir)) mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ benchmark: name, date: new Date().toISOString(), machine: machine(), ...figures, tables }, null, 2)}\n`,
  );
  say(`figures written to ${file}`);
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;

/** A benchmark file run on its own (`tsx bench/<name>.ts`): exit 0 when it finished, 1 with the error when not. */
export function runMain(benchmark: () => Promise<void>): void {
  benchmark().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}

/** One phase of a throughput benchmark: `count` calls of `act`, `concurrency` at a time. */
export interface Phase {
  label: string;
  perSecond: number;
  latency: Distribution;
  cpuSeconds: Record<string, number>;
  wallSeconds: number;
}

/** Runs a phase and reads its rate, its latencies and the CPU each of the stack's processes spent on it. */
export async function measurePhase(
  cpu: () => Record<string, number>,
  label: string,
  { count, concurrency }: { count: number; concurrency: number },
  act: (index: number) => Promise<void>,
): Promise<Phase> {
  const latencies: number[] = [];
  const meter = new CpuMeter(cpu);
  const elapsed = await pool(label, count, concurrency, async (index) => {
    const started = performance.now();
    await act(index);
    latencies.push(performance.now() - started);
  });
  const { cpuSeconds, wallSeconds } = meter.stop();
  return { label, perSecond: (count * 1000) / elapsed, latency: distribution(latencies), cpuSeconds, wallSeconds };
}

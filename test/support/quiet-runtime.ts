import { DefaultLogger, Runtime, type LogEntry } from '@temporalio/worker';

/** Every line the Temporal runtime logged in this test file (workers, workflows, activities), for scanning. */
export const runtimeLog: string[] = [];
(globalThis as { homewardRuntimeLog?: string[] }).homewardRuntimeLog = runtimeLog;

const printed = new Set(['WARN', 'ERROR']);

// Worker lifecycle lines at INFO drown the test report: all are kept for scans, warnings and errors are printed.
Runtime.install({
  logger: new DefaultLogger('DEBUG', (entry: LogEntry) => {
    runtimeLog.push(`${entry.level} ${entry.message} ${safeJson(entry.meta)}`);
    if (printed.has(entry.level)) process.stderr.write(`${entry.level} ${entry.message}\n`);
  }),
});

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value ?? {}, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item));
  } catch {
    return String(value);
  }
}

/**
 * While `npm run dev` runs, it records where its parts listen in `<DATA_DIR>/dev-stack.json`, so `npm run demo` and
 * `npm run temporal` can use the running stack instead of starting their own on the same ports.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DevStack {
  pid: number;
  apiUrl: string;
  temporalAddress: string;
  namespace: string;
  uiUrl?: string;
  simulatorUrl?: string;
  mailUrl?: string;
  /** POLICY_TIME_SCALE the stack's cases run at: 1 is real time. */
  policyTimeScale: number;
}

export const devStackFile = (dataDir: string) => join(dataDir, 'dev-stack.json');

/** Records the running stack; the returned function removes the record (on stop). */
export function recordDevStack(dataDir: string, stack: DevStack): () => void {
  const file = devStackFile(dataDir);
  writeFileSync(file, `${JSON.stringify(stack, null, 2)}\n`);
  return () => {
    if (readDevStack(dataDir)?.pid === stack.pid) rmSync(file, { force: true });
  };
}

function readDevStack(dataDir: string): DevStack | undefined {
  try {
    return JSON.parse(readFileSync(devStackFile(dataDir), 'utf8')) as DevStack;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded stack, if its process is alive and its API answers; a record left by a crash is ignored. */
export async function runningDevStack(dataDir: string): Promise<DevStack | undefined> {
  const stack = readDevStack(dataDir);
  if (!stack || !alive(stack.pid)) return undefined;
  const answers = await fetch(`${stack.apiUrl}/healthz`, { signal: AbortSignal.timeout(2000) })
    .then((response) => response.status < 500)
    .catch(() => false);
  return answers ? stack : undefined;
}

/**
 * The processes a stack runs (Temporal's services, the worker, the API): each started with its output kept whole
 * under .data/bench/logs, killed with any signal, and started again with the same arguments.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
export const stackData = join(root, '.data', 'bench');
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** One of the stack's processes, which a fault test kills and starts again. */
export interface StackProcess {
  readonly running: boolean;
  readonly pid: number | undefined;
  /** Sends the signal and resolves with the exit code (null when killed by a signal). */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  /** Starts the process again and resolves once it is ready. */
  start(): Promise<void>;
  /** Every line it printed so far, across restarts. */
  output(): string;
}

export interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
}

export interface ChildLog {
  tail: string[];
  file: string;
}

/** Every line a child prints is kept whole under .data/bench/logs (a stall is read there afterwards). */
export function startChild(
  command: string,
  args: string[],
  env: Record<string, string>,
  label: string,
  log: ChildLog,
  say: (line: string) => void,
): Child {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stream = createWriteStream(log.file, { flags: 'a' });
  const keep = (chunk: Buffer) => {
    stream.write(chunk);
    log.tail.push(chunk.toString());
    if (log.tail.length > 400) log.tail.splice(0, log.tail.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  void exited.then((code) => {
    stream.end();
    if (code !== 0 && code !== null)
      say(`${label} exited with ${code} (whole log: ${log.file}):\n${log.tail.join('').slice(-3000)}`);
  });
  return { process: child, exited };
}

export function childLog(label: string): ChildLog {
  const logs = join(stackData, 'logs');
  mkdirSync(logs, { recursive: true });
  return { tail: [], file: join(logs, `${label.replace(/^the /, '').replace(/\W+/g, '-')}-${process.pid}.log`) };
}

/** A process of the stack that can be killed and started again with the same arguments. */
export function restartable(
  label: string,
  launch: (log: ChildLog) => Child,
  ready: () => Promise<boolean>,
  say: (line: string) => void,
): StackProcess & { stopGracefully(): Promise<void> } {
  const log = childLog(label);
  let current: Child | undefined;
  let alive = false;
  const start = async () => {
    if (alive) throw new Error(`${label} is already running`);
    current = launch(log);
    alive = true;
    void current.exited.then(() => (alive = false));
    await until(label, ready, 90_000, () => !alive);
  };
  const control = {
    get running() {
      return alive;
    },
    get pid() {
      return alive ? current?.process.pid : undefined;
    },
    async kill(signal: NodeJS.Signals) {
      if (!current || !alive) throw new Error(`${label} is not running`);
      current.process.kill(signal);
      return current.exited;
    },
    start,
    output: () => log.tail.join(''),
    async stopGracefully() {
      if (!current || !alive) return;
      current.process.kill('SIGTERM');
      let grace: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        current.exited,
        new Promise<'slow'>((done) => (grace = setTimeout(() => done('slow'), 20_000))),
      ]);
      // A pending grace timer kept jest from exiting for 20 s after the last process of a stack had stopped.
      clearTimeout(grace);
      if (code === 'slow') {
        say(`${label} did not stop within 20 s of SIGTERM: killed`);
        current.process.kill('SIGKILL');
        await current.exited;
      }
    },
  };
  return control;
}

export async function until(
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs = 90_000,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    if (gaveUp()) throw new Error(`${what} exited before it was ready`);
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

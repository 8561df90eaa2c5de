/**
 * Provisions the Temporal servers Homeward runs on, from registries a locked-down machine can reach:
 * the Temporal CLI (dev server + Web UI) built from the Go module proxy, the time-skipping test
 * server resolved from Maven Central, and (./provision-server.ts) the Temporal server that deployments run.
 * Binaries are cached outside the clone and reused.
 * Where Go or Java/Maven is missing, it falls back to the Temporal SDK's own download.
 *
 * `npm run provision` runs it (scripts/provision.ts); `npm run dev` and the test setup call it too.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEST_SERVER_VERSION = '1.38.0';

export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };
export type Progress = (line: string) => void;

export const defaultProgress: Progress = (line) => process.stderr.write(`[provision] ${line}\n`);

export class ProvisioningError extends Error {
  override name = 'ProvisioningError';
}

export function cacheRoot(): string {
  return process.env.HOMEWARD_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'homeward');
}

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One build at a time per cache entry, across processes (dev and a test run may start together). */
export async function withLock<T>(dir: string, progress: Progress, work: () => Promise<T>): Promise<T> {
  const lock = `${dir}.lock`;
  mkdirSync(resolve(lock, '..'), { recursive: true });
  for (let waited = 0; ; waited += 1) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(readFileOr(join(lock, 'pid'), '0'));
      if (!owner || !isProcessAlive(owner)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited % 15 === 0) progress(`waiting for another process (pid ${owner}) that is preparing ${dir}`);
      await new Promise((done) => setTimeout(done, 2000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Runs a long command, printing a progress line every `everySeconds` with a count of output lines seen. */
export function runWithProgress(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; label: string; progress: Progress; everySeconds?: number },
): Promise<void> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let last = '';
    let tail: string[] = [];
    const count = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        lines += 1;
        last = line.trim();
        tail = [...tail.slice(-19), line];
      }
    };
    child.stdout.on('data', count);
    child.stderr.on('data', count);
    const timer = setInterval(
      () => {
        const seconds = Math.round((Date.now() - started) / 1000);
        options.progress(`${options.label}: ${seconds}s, ${lines} steps so far (latest: ${last.slice(0, 100)})`);
      },
      (options.everySeconds ?? 15) * 1000,
    );
    child.on('error', (error) => {
      clearInterval(timer);
      fail(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      if (code === 0) done();
      else fail(new ProvisioningError(`${options.label} failed (exit ${code}):\n${tail.join('\n')}`));
    });
  });
}

export async function ensureTemporalCli(progress: Progress = defaultProgress): Promise<ServerExecutable> {
  const override = process.env.TEMPORAL_CLI_PATH;
  if (override) {
    if (!existsSync(override))
      throw new ProvisioningError(`TEMPORAL_CLI_PATH points at ${override}, which does not exist`);
    return { type: 'existing-path', path: override };
  }
  const dir = join(cacheRoot(), `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  const binary = join(dir, 'temporal');
  if (existsSync(binary)) return { type: 'existing-path', path: binary };
  if (!onPath('go')) {
    progress(`Go is not installed: falling back to the Temporal SDK's download of the CLI (needs internet access).`);
    progress(`If that fails, install Go (https://go.dev/dl) or set TEMPORAL_CLI_PATH to a temporal binary.`);
    return { type: 'cached-download' };
  }
  return withLock(dir, progress, async () => {
    if (existsSync(binary)) return { type: 'existing-path', path: binary };
    const staging = `${dir}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    progress(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go into ${dir} (a few minutes on 2 cores, once)`);
    await runWithProgress('go', ['install', '-v', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
      label: 'go install temporal',
      progress,
    });
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    progress(`Temporal CLI ready: ${binary}`);
    return { type: 'existing-path', path: binary };
  });
}

export async function ensureTestServer(progress: Progress = defaultProgress): Promise<ServerExecutable> {
  const override = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (override) {
    if (!existsSync(override)) {
      throw new ProvisioningError(`TEMPORAL_TEST_SERVER_PATH points at ${override}, which does not exist`);
    }
    return { type: 'existing-path', path: override };
  }
  const dir = join(cacheRoot(), `test-server-${TEST_SERVER_VERSION}`);
  const launcher = join(dir, 'temporal-test-server');
  if (existsSync(launcher)) {
    writeLauncher(dir);
    if (onPath('java')) await createClassArchive(dir, progress).catch(() => undefined);
    return { type: 'existing-path', path: launcher };
  }
  const missing = ['java', 'mvn'].filter((tool) => !onPath(tool));
  if (missing.length) {
    progress(`${missing.join(' and ')} not installed: falling back to the Temporal SDK's download of the test server.`);
    progress(`If that fails, install a JDK 11+ and Maven, or set TEMPORAL_TEST_SERVER_PATH.`);
    return { type: 'cached-download' };
  }
  return withLock(dir, progress, async () => {
    if (existsSync(launcher)) return { type: 'existing-path', path: launcher };
    const staging = `${dir}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    progress(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION} from Maven Central into ${dir}`);
    await runWithProgress(
      'mvn',
      [
        '-B',
        '-f',
        join(__dirname, 'test-server', 'pom.xml'),
        `-Dtemporal.version=${TEST_SERVER_VERSION}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${join(staging, 'lib')}`,
      ],
      { label: 'mvn dependency:copy-dependencies', progress, everySeconds: 10 },
    );
    const jars = readdirSync(join(staging, 'lib'));
    if (!jars.includes(`temporal-test-server-${TEST_SERVER_VERSION}.jar`)) {
      throw new ProvisioningError(`Maven finished but temporal-test-server-${TEST_SERVER_VERSION}.jar is missing`);
    }
    writeLauncher(staging);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    progress(`time-skipping test server ready: ${launcher} (${jars.length} jars)`);
    await createClassArchive(dir, progress);
    return { type: 'existing-path', path: launcher };
  });
}

const LAUNCHER = [
  '#!/bin/sh',
  '# Temporal time-skipping test server; the SDK passes the port as the first argument.',
  '# The SDK gives the server 5 seconds to accept connections: a class-data archive, a client JIT and serial GC',
  '# start the JVM fastest (about 0.4 s instead of 0.9 s on an idle 2-core machine).',
  'here=$(dirname "$0")',
  'archive=""',
  '[ -f "$here/server.jsa" ] && archive="-XX:SharedArchiveFile=$here/server.jsa -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"',
  'exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" $archive -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k \\',
  '  -cp "$here/lib/*" io.temporal.testserver.TestServer "$@"',
  '',
].join('\n');

function writeLauncher(dir: string): void {
  const path = join(dir, 'temporal-test-server');
  if (readFileOr(path, '') === LAUNCHER) return;
  writeFileSync(path, LAUNCHER);
  chmodSync(path, 0o755);
}

/** Runs the server once to record the classes it loads (Java's dynamic CDS): later starts map them in at once. */
async function createClassArchive(dir: string, progress: Progress): Promise<void> {
  const archive = join(dir, 'server.jsa');
  if (existsSync(archive)) return;
  const partial = `${archive}.partial-${process.pid}`;
  const port = await new Promise<number>((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
  progress('recording a class-data archive so the test server starts faster');
  const java = spawn(
    'sh',
    [
      '-c',
      `exec "\${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:ArchiveClassesAtExit="$1" -Xlog:cds=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$2/lib/*" io.temporal.testserver.TestServer "$3"`,
      'sh',
      partial,
      dir,
      String(port),
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((done) => java.once('exit', (code) => done(code)));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  java.kill('SIGTERM');
  await Promise.race([exited, new Promise((done) => setTimeout(done, 20_000))]);
  if (existsSync(partial)) renameSync(partial, archive);
  else progress('no class-data archive was written; the test server starts without one');
}

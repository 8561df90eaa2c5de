/**
 * A throwaway PostgreSQL server for the registry tests: initdb + pg_ctl from Debian's packages on a temporary
 * directory and a free port, stopped and removed at the end. Never assumes a server is already running.
 * PostgreSQL refuses to run as root, so under root the server runs as the `postgres` system user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports';

export interface PostgresServer {
  url: string;
  /** The cluster's data directory (its postmaster.pid names the server process). */
  dataDir: string;
  /** Stops the server at once, as a crash would (`pg_ctl -m immediate`), and starts it again on the same data. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql: run scripts/test-prerequisites.sh');
  }
  return join(root, versions[0], 'bin');
}

/**
 * Fast but durable against what the tests do to it: a crash of the server's processes (`restart`), never of the
 * machine. Without fsync and full-page writes, a committed transaction is in the operating system's cache, which a
 * process crash leaves intact. A commit must not be acknowledged before its WAL leaves the server's memory, though
 * (synchronous_commit on, PostgreSQL's default): with it off, each crash lost the last ~200 ms of acknowledged
 * commits, and so, on the Temporal server's own database, tasks it had accepted. Cases froze with an activity
 * scheduled forever (the partner had its request) or a workflow task never delivered: a fault no deployment on a
 * default PostgreSQL has.
 */
const serverSettings = '-c fsync=off -c full_page_writes=off -c synchronous_commit=on';

export async function startPostgres(): Promise<PostgresServer> {
  const bin = serverBinaries();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'homeward-pg-'));
  const dataDir = join(dir, 'data');
  const superuser = asRoot ? 'postgres' : userInfo().username;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const commandLine = (command: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]] : [join(bin, command), args];
  const run = (command: string, args: string[]) => execFileSync(...commandLine(command, args), { stdio: 'pipe' });
  // While the test's own process serves the partners and the mail: a restart must not hold its event loop.
  const runAsync = (command: string, args: string[]) => promisify(execFile)(...commandLine(command, args));
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  const startArgs = () => [
    '-D',
    dataDir,
    '-l',
    logFile,
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 ${serverSettings}`,
    'start',
  ];
  try {
    run('initdb', ['-D', dataDir, '-U', superuser, '-A', 'trust', '-E', 'UTF8', '--no-locale']);
    run('pg_ctl', startArgs());
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
  }
  return {
    url: `postgres://${superuser}@127.0.0.1:${port}/postgres`,
    dataDir,
    async restart(downMs) {
      await runAsync('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      await new Promise((done) => setTimeout(done, downMs));
      await runAsync('pg_ctl', startArgs());
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** A fresh, empty database on the server for one test file or suite. */
export async function createDatabase(server: PostgresServer, name: string): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: server.url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replace(/[^a-z0-9_]/g, '_')}"`);
  } finally {
    await client.end();
  }
  return server.url.replace(/\/postgres$/, `/${name.replace(/[^a-z0-9_]/g, '_')}`);
}

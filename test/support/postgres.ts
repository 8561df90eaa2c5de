/**
 * A throwaway PostgreSQL server for the registry tests: initdb + pg_ctl from Debian's packages on a temporary
 * directory and a free port, stopped and removed at the end. Never assumes a server is already running.
 * PostgreSQL refuses to run as root, so under root the server runs as the `postgres` system user.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

export interface PostgresServer {
  url: string;
  /** The cluster's data directory (its postmaster.pid names the server process). */
  dataDir: string;
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
  const run = (command: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { stdio: 'pipe' })
      : execFileSync(join(bin, command), args, { stdio: 'pipe' });
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  try {
    run('initdb', ['-D', dataDir, '-U', superuser, '-A', 'trust', '-E', 'UTF8', '--no-locale']);
    run('pg_ctl', [
      '-D',
      dataDir,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
      'start',
    ]);
  } catch (error) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
  }
  return {
    url: `postgres://${superuser}@127.0.0.1:${port}/postgres`,
    dataDir,
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

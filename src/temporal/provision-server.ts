/**
 * The Temporal server a deployment runs (the same version as the compose file's image), with its SQL schema tool and
 * PostgreSQL schemas, built from the Go module proxy and cached beside the CLI (./provision.ts).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  cacheRoot,
  defaultProgress,
  onPath,
  ProvisioningError,
  runWithProgress,
  withLock,
  type Progress,
} from './provision';

/** The version of `temporalio/server` in docker-compose.yml (a test keeps the two equal). */
export const TEMPORAL_SERVER_VERSION = 'v1.31.0';

export interface TemporalServerBinaries {
  /** `temporal-server`: `start --service=…` runs one of its services. */
  server: string;
  /** `temporal-sql-tool`: creates the databases and applies the schemas. */
  sqlTool: string;
  /** The module's schema/postgresql/v12 (temporal/ and visibility/, each with versioned/). */
  postgresSchemaDir: string;
}

/**
 * The Temporal server a deployment runs and its SQL schema tool, built with Go (about 7 minutes on 2 cores, once,
 * at the lowest CPU priority), with the PostgreSQL schemas copied out of the Go module beside them.
 */
export async function ensureTemporalServer(progress: Progress = defaultProgress): Promise<TemporalServerBinaries> {
  const dir = join(cacheRoot(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const binaries: TemporalServerBinaries = {
    server: join(dir, 'temporal-server'),
    sqlTool: join(dir, 'temporal-sql-tool'),
    postgresSchemaDir: join(dir, 'schema', 'postgresql', 'v12'),
  };
  const complete = () => existsSync(join(dir, '.complete'));
  if (complete()) return binaries;
  if (!onPath('go')) {
    throw new ProvisioningError(
      `building the Temporal server ${TEMPORAL_SERVER_VERSION} needs Go (https://go.dev/dl, or Debian's golang-go)`,
    );
  }
  return withLock(dir, progress, async () => {
    if (complete()) return binaries;
    const staging = `${dir}.staging-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const module = `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`;
    progress(
      `building the Temporal server ${TEMPORAL_SERVER_VERSION} and its SQL tool with Go into ${dir} (about 7 minutes on 2 cores, once)`,
    );
    const started = Date.now();
    // nice: the build takes both cores for minutes on a machine others share.
    await runWithProgress(
      'nice',
      [
        '-n',
        '19',
        'go',
        'install',
        '-v',
        `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
        `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
      ],
      {
        env: { ...process.env, GOBIN: staging, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
        cwd: staging,
        label: 'go install temporal-server',
        progress,
        everySeconds: 20,
      },
    );
    renameSync(join(staging, 'server'), join(staging, 'temporal-server'));
    renameSync(join(staging, 'sql'), join(staging, 'temporal-sql-tool'));
    const download = spawnSync('go', ['mod', 'download', '-json', module], { cwd: staging, encoding: 'utf8' });
    const moduleDir = download.status === 0 ? (JSON.parse(download.stdout) as { Dir?: string }).Dir : undefined;
    if (!moduleDir) throw new ProvisioningError(`go mod download ${module} failed:\n${download.stderr}`);
    cpSync(join(moduleDir, 'schema', 'postgresql', 'v12'), join(staging, 'schema', 'postgresql', 'v12'), {
      recursive: true,
    });
    makeWritable(join(staging, 'schema'));
    writeFileSync(join(staging, '.complete'), `${module}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    progress(`Temporal server ready in ${Math.round((Date.now() - started) / 1000)}s: ${binaries.server}`);
    return binaries;
  });
}

/** The Go module cache keeps its files read-only: copies of them would be, and a later clean-up could not remove them. */
function makeWritable(path: string): void {
  if (!statSync(path).isDirectory()) return chmodSync(path, 0o644);
  chmodSync(path, 0o755);
  for (const entry of readdirSync(path)) makeWritable(join(path, entry));
}

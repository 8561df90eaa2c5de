/**
 * Provisioning from an empty cache, as on a fresh machine: the time-skipping test server is resolved with the real
 * Maven from the project's own POM (Maven's local repository is warm once the test set-up has run, so this takes
 * seconds). A POM left behind when provisioning moved (src/temporal) made every fresh machine's first run fail in
 * the test set-up while machines with a cache passed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestServer, TEST_SERVER_VERSION } from '../../src/temporal/provision';

describe('provisioning into an empty cache', () => {
  const emptyCache = mkdtempSync(join(tmpdir(), 'homeward-empty-cache-'));
  const cacheBefore = process.env.HOMEWARD_CACHE_DIR;
  const overrideBefore = process.env.TEMPORAL_TEST_SERVER_PATH;

  beforeAll(() => {
    process.env.HOMEWARD_CACHE_DIR = emptyCache;
    delete process.env.TEMPORAL_TEST_SERVER_PATH;
  });
  afterAll(() => {
    if (cacheBefore === undefined) delete process.env.HOMEWARD_CACHE_DIR;
    else process.env.HOMEWARD_CACHE_DIR = cacheBefore;
    if (overrideBefore !== undefined) process.env.TEMPORAL_TEST_SERVER_PATH = overrideBefore;
    rmSync(emptyCache, { recursive: true, force: true });
  });

  it('resolves the Java test server from Maven with the POM the project ships, and the launcher starts it', async () => {
    const lines: string[] = [];
    const server = await ensureTestServer((line) => lines.push(line));
    expect(server).toEqual({
      type: 'existing-path',
      path: join(emptyCache, `test-server-${TEST_SERVER_VERSION}`, 'temporal-test-server'),
    });
    expect(
      lines.some((line) => line.startsWith(`resolving io.temporal:temporal-test-server:${TEST_SERVER_VERSION}`)),
    ).toBe(true);
    // The launcher runs the server's main class: asked for an unusable port, it refuses in its own words.
    let refusal = '';
    try {
      execFileSync(server.type === 'existing-path' ? server.path : '', ['not-a-port'], {
        stdio: 'pipe',
        timeout: 30_000,
      });
    } catch (error) {
      const failed = error as { stderr?: Buffer; stdout?: Buffer };
      refusal = `${failed.stderr?.toString() ?? ''}${failed.stdout?.toString() ?? ''}`;
    }
    expect(refusal).toMatch(/NumberFormatException|not-a-port/);
  }, 180_000);
});

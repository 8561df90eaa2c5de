/**
 * `npm run dev` as a newcomer runs it (its own process, a fresh data directory, ports of its own), then the embedded
 * Temporal UI opened in Debian's Chromium: a case's input shows decoded, with nothing set by hand, and the decode is
 * recorded in the case's access log as the dev operator's. A request from any other origin still needs a credential.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { ApiKey } from '../../src/config';
import { launchChromium } from '../support/chromium';
import { registration } from '../support/fixtures';
import { freePort } from '../support/ports';

const tsx = join(__dirname, '../../node_modules/.bin/tsx');

describe('the embedded Temporal UI of npm run dev, in headless Chromium', () => {
  let dev: ChildProcess;
  let output = '';
  let browser: Browser;
  let api: string;
  let ui: string;
  let keys: ApiKey[];

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'homeward-dev-ui-'));
    const [temporalPort, uiPort, apiPort, simulatorPort, mailPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    api = `http://localhost:${apiPort}`;
    ui = `http://localhost:${uiPort}`;
    dev = spawn(tsx, [join(__dirname, '../../src/workers/dev.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        TEMPORAL_PORT: String(temporalPort),
        TEMPORAL_UI_PORT: String(uiPort),
        API_PORT: String(apiPort),
        SIMULATOR_PORT: String(simulatorPort),
        MAIL_CATCHER_PORT: String(mailPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm run dev was not ready in 90 s:\n${output}`)), 90_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('ready; Ctrl-C stops everything')) {
          clearTimeout(timer);
          resolve();
        }
      };
      dev.stdout!.on('data', read);
      dev.stderr!.on('data', read);
      dev.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm run dev exited with ${code}:\n${output}`));
      });
    });
    keys = (JSON.parse(readFileSync(join(dataDir, 'dev-secrets.json'), 'utf8')) as { apiKeys: ApiKey[] }).apiKeys;
    browser = await launchChromium();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    if (dev && dev.exitCode === null) {
      const exited = new Promise((resolve) => dev.once('exit', resolve));
      dev.kill('SIGTERM');
      await exited;
    }
  });

  const keyOf = (role: ApiKey['role']) => keys.find((key) => key.role === role)!.key;

  it("shows a case's input decoded, and records the decode as the dev operator's", async () => {
    const child = registration();
    const registered = await fetch(`${api}/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keyOf('coordinator')}`, 'content-type': 'application/json' },
      body: JSON.stringify(child),
    });
    expect(registered.status).toBe(201);
    const { caseNumber, workflowId } = (await registered.json()) as { caseNumber: string; workflowId: string };
    const name = child.child.names[0]!.value;

    const page = await browser.newPage();
    const decodes: number[] = [];
    page.on('response', (response) => {
      if (response.url() === `${api}/codec/decode`) decodes.push(response.status());
    });
    await page.goto(`${ui}/namespaces/default/workflows/${encodeURIComponent(workflowId)}`);
    await page.getByText(name).first().waitFor({ timeout: 60_000 });
    expect(decodes.length).toBeGreaterThan(0);
    expect(decodes.every((status) => status === 200)).toBe(true);
    expect(await page.getByText(/Codec Server could not connect/i).count()).toBe(0);
    await page.close();

    const log = await fetch(`${api}/cases/${caseNumber}/access-log`, {
      headers: { authorization: `Bearer ${keyOf('supervisor')}` },
    });
    expect(log.status).toBe(200);
    const { entries } = (await log.json()) as { entries: Array<{ actorId: string; kind: string }> };
    expect(entries).toContainEqual(expect.objectContaining({ actorId: 'dev-operator', kind: 'codec-decode' }));
  });

  it('decodes for no other origin without a credential', async () => {
    const answer = await fetch(`${api}/codec/decode`, {
      method: 'POST',
      headers: { origin: 'http://localhost:9', 'content-type': 'application/json' },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { message: string }).message.length).toBeGreaterThan(10);
  });
});

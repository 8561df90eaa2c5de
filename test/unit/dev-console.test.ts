import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { consoleLine, createDevLogger } from '../../src/logger';

describe('the npm run dev console', () => {
  it('shows a line per case event and per warning, and nothing for a request', () => {
    const at = Date.parse('2026-12-01T08:25:04Z');
    expect(
      consoleLine(
        JSON.stringify({ level: 30, time: at, event: 'case-registered', caseNumber: 'HW-1', msg: 'registered' }),
      ),
    ).toBe('[homeward] 08:25:04 HW-1 registered');
    expect(consoleLine(JSON.stringify({ level: 40, time: at, msg: 'slow', err: { message: 'x' } }))).toBe(
      '[homeward] 08:25:04 warning: slow (x)',
    );
    expect(
      consoleLine(JSON.stringify({ level: 30, time: at, msg: 'request completed', route: '/cases' })),
    ).toBeUndefined();
    expect(consoleLine('not json')).toBeUndefined();
  });

  it('keeps every line, requests included, as JSON in the log file, and redacts personal fields there too', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'homeward-dev-log-')), 'logs', 'homeward.log');
    let shown = '';
    const console = new Writable({
      write(chunk: Buffer, _encoding, done) {
        shown += chunk.toString();
        done();
      },
    });
    const logger = createDevLogger('info', file, console);
    logger.debug({ route: '/cases', statusCode: 201 }, 'request completed');
    logger.info({ event: 'case-registered', caseNumber: 'HW-2026-000001-V' }, 'registered');
    logger.info({ child: { names: ['Zlata'] } }, 'a line with a child in it');
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.msg)).toEqual(['request completed', 'registered', 'a line with a child in it']);
    expect(lines[0]).toMatchObject({ level: 20, statusCode: 201 });
    expect(JSON.stringify(lines)).not.toContain('Zlata');
    expect(shown.trim().split('\n')).toEqual([
      expect.stringMatching(/^\[homeward\] \d\d:\d\d:\d\d HW-2026-000001-V registered$/),
    ]);
  });
});

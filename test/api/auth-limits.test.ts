/** Guessing keys is limited per address and per key prefix; health probes are never limited; a 429 names its window. */
import { describeWindow } from '../../src/api/limits';
import { startTestStack, testKeys, type TestStack } from '../support/stack';

describe('failed authentication and the limits around it', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const guess = (key: string, remoteAddress = '198.51.100.7') =>
    stack.app.inject({ method: 'GET', url: '/cases', headers: { authorization: `Bearer ${key}` }, remoteAddress });

  it('engages the failed-authentication limiter within the first 100 of 1,100 wrong keys', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 1100; attempt += 1) {
      statuses.push((await guess(`guess-${attempt.toString(36).padStart(6, '0')}-wrong-key`)).statusCode);
    }
    const firstLimited = statuses.indexOf(429);
    expect(firstLimited).toBeGreaterThanOrEqual(0);
    expect(firstLimited).toBeLessThan(100);
    expect(statuses.slice(0, firstLimited).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(firstLimited).every((status) => status === 429)).toBe(true);

    const limited = await guess('guess-another-wrong-key');
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.json()).toMatchObject({
      error: 'rate-limited',
      message: expect.stringMatching(
        /at most 20 per 1 minute from one address or for one key; try again in \d+ seconds/,
      ),
    });
    // While blocked, even a right key from that address is refused: a guesser never learns that a guess was right.
    expect((await guess(testKeys.coordinator.key)).statusCode).toBe(429);
    // Another address is not blocked by it.
    expect((await guess(testKeys.coordinator.key, '198.51.100.8')).statusCode).toBe(200);
  });

  it('limits guesses at one key prefix from many addresses', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 30; attempt += 1) {
      statuses.push((await guess(`prefix-guess-${attempt}-wrong`, `203.0.113.${attempt + 1}`)).statusCode);
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
  });

  it("counts keys guessed at the desk's sign-in form in the same budget, and says so in the person's language", async () => {
    const address = '192.0.2.44';
    const tryKey = async (key: string, language = 'en') => {
      const form = await stack.app.inject({ method: 'GET', url: '/desk/sign-in', remoteAddress: address });
      const cookie = String([form.headers['set-cookie']].flat()[0]).split(';')[0]!;
      return stack.app.inject({
        method: 'POST',
        url: '/desk/sign-in',
        remoteAddress: address,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          _csrf: /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '',
          key,
          language,
          timeZone: 'UTC',
          next: '/desk',
        }).toString(),
      });
    };
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 25; attempt += 1)
      statuses.push((await tryKey(`desk-guess-${attempt}-wrong-key`)).statusCode);
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20).every((status) => status === 429)).toBe(true);
    const blocked = await tryKey(testKeys.coordinator.key, 'uk');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
    expect(blocked.body).toMatch(/Забагато невдалих спроб входу звідси\. Зачекайте \d+ с/);
    expect(blocked.headers['set-cookie']).not.toEqual(expect.stringContaining('homeward_desk='));
    // One budget: the API refuses that address too.
    expect((await guess(testKeys.coordinator.key, address)).statusCode).toBe(429);
    expect(stack.logLines.some((line) => line.includes('desk-guess'))).toBe(false);
  });

  it('logs a failed authentication without the key', () => {
    const failures = stack.logLines.filter((line) => line.includes('authentication-failed'));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.some((line) => line.includes('wrong-key') || line.includes('prefix-guess'))).toBe(false);
    expect(JSON.parse(failures[0]!)).toMatchObject({ address: '198.51.100.7' });
  });

  it('answers 1,010 health probes without a single 429, whatever credentials they carry', async () => {
    let limited = 0;
    for (let probe = 0; probe < 1010; probe += 1) {
      const answer = await stack.app.inject({
        method: 'GET',
        url: '/healthz',
        remoteAddress: '198.51.100.7',
        headers: probe % 2 ? { authorization: 'Bearer not-a-key-at-all' } : {},
      });
      if (answer.statusCode === 429) limited += 1;
    }
    expect(limited).toBe(0);
  });

  it('names windows as people read them', () => {
    expect(describeWindow(60_000)).toBe('1 minute');
    expect(describeWindow(600_000)).toBe('10 minutes');
    expect(describeWindow(90_000)).toBe('90 seconds');
    expect(describeWindow(3_600_000)).toBe('1 hour');
  });
});

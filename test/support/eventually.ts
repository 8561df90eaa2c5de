/**
 * Waits for a condition instead of a fixed budget: on two loaded cores a step can take far longer than usual, and a
 * test should fail because the condition never held, not because the machine was busy.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  ready: (value: T) => boolean,
  what: string | ((last: T) => string),
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ready(last)) {
    if (Date.now() > deadline) {
      const described = typeof what === 'string' ? what : what(last);
      throw new Error(`never happened within ${timeoutMs / 1000} s: ${described}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await probe();
  }
  return last;
}

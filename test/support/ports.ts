import { createServer } from 'node:net';

const listenable = (port: number) =>
  new Promise<number | undefined>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });

/** The low ports this process has handed out: never twice. */
const handedOut = new Set<number>();

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  const port = await listenable(0);
  if (port === undefined) throw new Error('no free port');
  return port;
}

/**
 * A free port below 32768, outside the kernel's range for outgoing connections (so no client takes it meanwhile):
 * Temporal keeps a service's membership port in a PostgreSQL smallint.
 */
export async function freeLowPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    // Free now is not enough: a port handed out before may not be bound yet (a cluster's services start together).
    if (handedOut.has(candidate)) continue;
    const port = await listenable(candidate);
    if (port === undefined) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error('no free port between 20000 and 32000');
}

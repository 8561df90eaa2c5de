/**
 * A TCP load balancer in front of several API processes, as a deployment puts one in front of its API replicas: each
 * new connection goes to the next process in turn, and one whose port refuses is passed over for the next. With every
 * process down the connection is closed, as a balancer with no healthy upstream closes it.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface Balancer {
  url: string;
  /** Connections each upstream took, in the order the upstreams were given. */
  readonly connections: number[];
  close(): Promise<void>;
}

export async function openBalancer(upstreams: Array<{ host: string; port: number }>): Promise<Balancer> {
  const open = new Set<Socket>();
  const connections = upstreams.map(() => 0);
  let next = 0;
  const server = createServer((client) => {
    client.pause();
    open.add(client);
    client.on('error', () => client.destroy()).on('close', () => open.delete(client));
    const tryUpstream = (tried: number) => {
      if (tried === upstreams.length || client.destroyed) {
        client.destroy();
        return;
      }
      const index = next;
      next = (next + 1) % upstreams.length;
      const upstream = connect(upstreams[index]!.port, upstreams[index]!.host);
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        connections[index]! += 1;
        open.add(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
      upstream.on('error', () => {
        upstream.destroy();
        if (!connected) tryUpstream(tried + 1);
        else client.destroy();
      });
      upstream.on('close', () => {
        open.delete(upstream);
        if (connected) client.destroy();
      });
      client.on('close', () => upstream.destroy());
    };
    tryUpstream(0);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return [...connections];
    },
    close: () =>
      new Promise<void>((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => done());
      }),
  };
}

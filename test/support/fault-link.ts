/**
 * A TCP link between Homeward and an outside party (the partners, the mail server) that a fault test can cut: while
 * cut, every open connection is reset and every new one is refused, as a party that went down looks to a client.
 */
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FaultLink {
  /** host:port that Homeward is given instead of the party's own address. */
  address: string;
  port: number;
  cut(): void;
  restore(): void;
  readonly isCut: boolean;
  /** Connections refused or reset while cut. */
  readonly refused: number;
  close(): Promise<void>;
}

export async function openFaultLink(target: { host: string; port: number }): Promise<FaultLink> {
  const open = new Set<Socket>();
  let cut = false;
  let refused = 0;
  const server = createServer((client) => {
    if (cut) {
      refused += 1;
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    port,
    cut() {
      cut = true;
      for (const socket of open) {
        refused += 1;
        socket.destroy();
      }
      open.clear();
    },
    restore() {
      cut = false;
    },
    get isCut() {
      return cut;
    },
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((done) => {
        for (const socket of open) socket.destroy();
        server.close(() => done());
      }),
  };
}

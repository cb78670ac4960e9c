import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  port: number;
  /** Stops forwarding in both directions and answers nothing: a frozen server. */
  freeze(): void;
  /** Forwards again, what was held first. */
  thaw(): void;
  /** Drops every connection and refuses new ones: a server that went away. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** A TCP proxy in front of a real server (PostgreSQL), which a test can freeze or take down. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  interface Pair {
    client: Socket;
    upstream: Socket;
    /** Bytes held while frozen, per direction, in order. */
    held: { to: Socket; chunk: Buffer }[];
  }
  const pairs = new Set<Pair>();
  let frozen = false;
  let server: Server | undefined;

  const accept = (client: Socket) => {
    const upstream = createConnection(targetPort, targetHost);
    const pair: Pair = { client, upstream, held: [] };
    pairs.add(pair);
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (frozen) pair.held.push({ to, chunk });
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const listening = createServer(accept);
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        server = listening;
        const address = listening.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });

  const port = await listen(0);
  return {
    port,
    freeze() {
      frozen = true;
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) for (const { to, chunk } of pair.held.splice(0)) to.write(chunk);
    },
    down: stop,
    async up() {
      if (!server) await listen(port);
    },
    close: stop,
  };
}

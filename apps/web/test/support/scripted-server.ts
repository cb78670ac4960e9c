import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hit {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export type Behaviour = (hit: Hit, res: ServerResponse, index: number) => void;

/** A local HTTP server that answers as told: slow, failing, or fine. Records every request. */
export class ScriptedServer {
  readonly hits: Hit[] = [];
  private server?: Server;
  private port = 0;

  constructor(public behaviour: Behaviour = json(200, {})) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const hit = {
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body,
          at: Date.now(),
        };
        this.hits.push(hit);
        this.behaviour(hit, res, this.hits.length - 1);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening: later calls find the port closed (connection refused). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  (_hit, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(status === 204 ? undefined : JSON.stringify(body));
  };

/** Answers after `ms` (or never, if the client gives up first). */
export const slow =
  (ms: number, then: Behaviour = json(200, {})): Behaviour =>
  (hit, res, index) => {
    const timer = setTimeout(() => then(hit, res, index), ms);
    res.on('close', () => clearTimeout(timer));
  };

/** The first `count` requests get `first`, the rest `rest`. */
export const sequence =
  (count: number, first: Behaviour, rest: Behaviour): Behaviour =>
  (hit, res, index) =>
    (index < count ? first : rest)(hit, res, index);

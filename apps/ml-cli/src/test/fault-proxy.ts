import {
  createServer,
  request as forward,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What happens to a chosen request on its way between the client and the server:
 * - `delay`: the server acts and answers, the answer reaches the client `delayMs` later (set it
 *   above MLFLOW_TIMEOUT_MS for "timed out after the server acted");
 * - `reset-after`: the server acts, then the client's connection is reset before any answer;
 * - `reset-before`: the connection is reset and the server never sees the request;
 * - `fail`: the proxy answers itself (default 500 INTERNAL_ERROR) and the server never sees it.
 */
export type FaultKind = 'delay' | 'reset-after' | 'reset-before' | 'fail';

export interface FaultRule {
  readonly method?: string;
  /** A substring of the path (with its query) or a pattern. */
  readonly path: string | RegExp;
  /** Which matching requests get the fault, counted from 1 (the first attempt, the first retry …). */
  readonly attempts: readonly number[];
  readonly fault: FaultKind;
  readonly delayMs?: number;
  readonly answer?: { readonly status: number; readonly body: unknown };
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** The request's number among those matching a rule, if one matched. */
  readonly attempt?: number;
  readonly fault?: FaultKind;
}

const SERVER_ERROR = {
  status: 500,
  body: { error_code: 'INTERNAL_ERROR', message: 'injected by the fault proxy' },
};

/** An HTTP proxy for tests that delays, drops or fails individual requests by method, path and attempt. */
export class FaultProxy {
  readonly log: ProxiedRequest[] = [];
  private readonly rules: { rule: FaultRule; seen: number }[] = [];
  private readonly open = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    private target: URL,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const proxy: FaultProxy = new FaultProxy(
      createServer((req, res) => void proxy.handle(req, res)),
      new URL(target),
    );
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  inject(...rules: FaultRule[]): this {
    this.rules.push(...rules.map((rule) => ({ rule, seen: 0 })));
    return this;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** Forward to another server from now on (rules and log are kept). */
  retarget(target: string): void {
    this.target = new URL(target);
  }

  /** The faults that fired, as `fault METHOD path #attempt`. */
  get fired(): string[] {
    return this.log.flatMap((r) =>
      r.fault ? [`${r.fault} ${r.method} ${r.path} #${r.attempt}`] : [],
    );
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const hit = this.match(method, path);
    this.log.push({ method, path, ...hit });
    const rule = hit?.rule;
    if (rule?.fault === 'reset-before') return void req.socket.destroy();
    if (rule?.fault === 'fail') return this.reply(res, jsonAnswer(rule.answer ?? SERVER_ERROR));
    this.open.add(res);
    try {
      const answer = await this.forward(req, method, path, Buffer.concat(chunks));
      if (rule?.fault === 'reset-after') return void req.socket.destroy();
      if (rule?.fault === 'delay') await sleep(rule.delayMs ?? 1000);
      this.reply(res, answer);
    } catch {
      req.socket.destroy();
    } finally {
      this.open.delete(res);
    }
  }

  private match(
    method: string,
    path: string,
  ): { rule: FaultRule; attempt: number; fault: FaultKind } | undefined {
    // Every rule counts its own matches, whether or not an earlier rule fired.
    let hit: { rule: FaultRule; attempt: number; fault: FaultKind } | undefined;
    for (const entry of this.rules) {
      const { rule } = entry;
      if (rule.method && rule.method !== method) continue;
      if (typeof rule.path === 'string' ? !path.includes(rule.path) : !rule.path.test(path))
        continue;
      entry.seen++;
      if (!hit && rule.attempts.includes(entry.seen)) {
        hit = { rule, attempt: entry.seen, fault: rule.fault };
      }
    }
    return hit;
  }

  private forward(
    req: IncomingMessage,
    method: string,
    path: string,
    body: Buffer,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const upstream = forward(
        { host: this.target.hostname, port: this.target.port, method, path, headers: req.headers },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 502,
              headers: response.headers as Record<string, string>,
              body: Buffer.concat(parts),
            }),
          );
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  private reply(res: ServerResponse, answer: Answer): void {
    if (res.destroyed || res.socket?.destroyed) return;
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers);
    res.end(answer.body);
  }
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

const jsonAnswer = ({ status, body }: { status: number; body: unknown }): Answer => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
});

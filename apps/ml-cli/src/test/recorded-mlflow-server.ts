import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Exchange } from './mlflow-recordings';

/**
 * Plays recorded exchanges back, in order: each request must be the next recorded one (method,
 * path and JSON body), and gets exactly the recorded answer. So a client test against it shows
 * that the client sends what a real server was sent and copes with what it answered.
 */
export class RecordedMlflowServer {
  /** Requests that were not the next recorded one, as `METHOD path`. */
  readonly unexpected: string[] = [];
  private next = 0;

  private constructor(
    private readonly server: Server,
    private readonly script: readonly Exchange[],
  ) {}

  static async start(script: readonly Exchange[]): Promise<RecordedMlflowServer> {
    const server = createServer();
    const played = new RecordedMlflowServer(server, script);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const answer = played.answer(req.method ?? 'GET', req.url ?? '/', Buffer.concat(chunks));
        const html = typeof answer.body === 'string';
        res.writeHead(answer.status, {
          'content-type': html ? 'text/html; charset=utf-8' : 'application/json',
        });
        res.end(html ? answer.body : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return played;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** How many recorded exchanges were played. */
  get played(): number {
    return this.next;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private answer(method: string, path: string, body: Buffer): { status: number; body: unknown } {
    const expected = this.script[this.next];
    const sameBody =
      expected?.request.body === undefined ||
      typeof expected.request.body === 'string' ||
      sameJson(expected.request.body, body);
    const samePath = expected && decoded(expected.request.path) === decoded(path);
    if (!expected || expected.request.method !== method || !samePath || !sameBody) {
      this.unexpected.push(`${method} ${path}`);
      return { status: 599, body: { error_code: 'NOT_RECORDED', message: `${method} ${path}` } };
    }
    this.next++;
    return expected.response;
  }
}

/** Paths compare decoded: Python's client leaves `'` as it is, URLSearchParams writes %27. */
const decoded = (path: string) => decodeURIComponent(path.replace(/\+/g, ' '));

/** The recorded fields must be sent as recorded; the client may send more (e.g. a run key tag). */
function sameJson(recorded: unknown, sent: Buffer): boolean {
  try {
    return contains(JSON.parse(sent.toString('utf8')), recorded);
  } catch {
    return false;
  }
}

function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((e) => actual.some((a) => contains(a, e)));
  }
  if (expected !== null && typeof expected === 'object') {
    return (
      actual !== null &&
      typeof actual === 'object' &&
      Object.entries(expected).every(([k, v]) =>
        contains((actual as Record<string, unknown>)[k], v),
      )
    );
  }
  return actual === expected;
}

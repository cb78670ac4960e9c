import { connect, type Socket } from 'node:net';
import { at } from './at';

export interface BurstRequest {
  /** `http://host:port` of the process that gets this request. */
  baseUrl: string;
  path: string;
  method?: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /** The source address of the connection (any 127.x.y.z works on loopback). */
  localAddress?: string;
}

export interface BurstResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
}

/**
 * Sends every request at once: one connection per request is opened first, and only when all
 * are connected is each request written, in one synchronous loop. The server thus sees them
 * together, as a racing attacker would send them, instead of one by one as a client's own
 * connection pool would.
 */
export async function burst(requests: BurstRequest[]): Promise<BurstResponse[]> {
  const sockets = await Promise.all(requests.map(open));
  const answers = sockets.map(readResponse);
  sockets.forEach((socket, i) => socket.write(serialize(at(requests, i))));
  return Promise.all(answers);
}

function open(request: BurstRequest): Promise<Socket> {
  const url = new URL(request.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(
      { host: url.hostname, port: Number(url.port), localAddress: request.localAddress },
      () => resolve(socket),
    );
    socket.once('error', reject);
  });
}

function serialize(request: BurstRequest): string {
  const body = request.body === undefined ? '' : JSON.stringify(request.body);
  const headers: Record<string, string> = {
    host: new URL(request.baseUrl).host,
    connection: 'close',
    ...(body ? { 'content-type': 'application/json' } : {}),
    'content-length': String(Buffer.byteLength(body)),
    ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
    ...request.headers,
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${request.method ?? 'POST'} ${request.path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

function readResponse(socket: Socket): Promise<BurstResponse> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.once('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const response = parseResponse(raw);
      if (response) resolve(response);
      else reject(new Error(`not an HTTP response: ${raw.slice(0, 200)}`));
    });
  });
}

function parseResponse(raw: string): BurstResponse | null {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const [statusLine = '', ...headerLines] = raw.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let text = raw.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') text = unchunk(text);
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

function unchunk(text: string): string {
  let out = '';
  for (let at = 0; ; ) {
    const end = text.indexOf('\r\n', at);
    const size = parseInt(text.slice(at, end), 16);
    if (!size) return out;
    out += text.slice(end + 2, end + 2 + size);
    at = end + 2 + size + 2;
  }
}

/** How many responses had each status, e.g. `{ 401: 5, 429: 35 }`. */
export function countStatuses(responses: BurstResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of responses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

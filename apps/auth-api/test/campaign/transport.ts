import { connect } from 'node:net';
import type { WireRequest } from './request-draft';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json?: unknown;
}

const TIMEOUT_MS = 10_000;

/**
 * Sends one request byte for byte on a connection of its own (no URL normalisation, no header
 * checks, as fetch would apply) and reads the answer until the server closes.
 */
export function send(port: number, request: WireRequest): Promise<WireResponse> {
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    connection: 'close',
    ...request.headers,
  };
  if (request.body) headers['content-length'] = String(request.body.length);
  const head = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  const bytes = Buffer.concat([
    Buffer.from(`${request.method} ${request.target} HTTP/1.1\r\n${head}\r\n\r\n`, 'utf8'),
    request.body ?? Buffer.alloc(0),
  ]);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    // Not half-closed after writing: Node's server would drop a slow request's answer.
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const finish = (error?: Error) => {
      clearTimeout(timer);
      const response = parse(Buffer.concat(chunks));
      if (response) resolve(response);
      else reject(error ?? new Error('the connection closed without an HTTP response'));
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish(new Error(`no answer within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A server answering early (431, 413) may reset before the whole request was written.
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish());
  });
}

function parse(raw: Buffer): WireResponse | null {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) return null;
  const [statusLine = '', ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1]), headers, text, json };
}

function unchunk(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; ; ) {
    const end = body.indexOf('\r\n', at);
    if (end < 0) break;
    const size = parseInt(body.subarray(at, end).toString('latin1'), 16);
    if (!size) break;
    parts.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

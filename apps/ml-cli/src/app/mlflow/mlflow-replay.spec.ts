import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import { WORKSPACE_ROOT } from '../../test/workspace-root';

// Replays every request recorded from a real MLflow 2.12.2 server against the fake used by the
// other MLflow tests, and expects the same status and the same body shape (ids and timestamps
// differ). The recordings live outside the repository, beside it.
const RECORDINGS = resolve(WORKSPACE_ROOT, '../shared/mlflow-recordings/mlflow-2.12.2-rest.json');

interface Exchange {
  readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
  readonly response: { readonly status: number; readonly body: unknown };
}

function loadExchanges(): Exchange[] {
  if (!existsSync(RECORDINGS)) {
    throw new Error(
      `MLflow recordings not found at ${RECORDINGS}: the replay test needs ../shared/mlflow-recordings beside the repository`,
    );
  }
  return (JSON.parse(readFileSync(RECORDINGS, 'utf8')) as { exchanges: Exchange[] }).exchanges;
}

/** Keys and value types, recursively: what must match between a real and a fake answer. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]),
    );
  }
  return value === null ? 'null' : typeof value;
}

const ID_KEYS = new Set(['run_id', 'run_uuid', 'experiment_id']);

/** Pairs ids the recording used with the ones the fake handed out, wherever both answers hold one. */
function learnIds(recorded: unknown, actual: unknown, ids: Map<string, string>): void {
  if (
    recorded === null ||
    actual === null ||
    typeof recorded !== 'object' ||
    typeof actual !== 'object'
  )
    return;
  for (const [key, value] of Object.entries(recorded)) {
    const other = (actual as Record<string, unknown>)[key];
    if (
      ID_KEYS.has(key) &&
      typeof value === 'string' &&
      typeof other === 'string' &&
      value !== other
    ) {
      ids.set(value, other);
    } else learnIds(value, other, ids);
  }
}

function substitute(text: string, ids: Map<string, string>): string {
  let out = text;
  for (const [recorded, actual] of ids) out = out.split(recorded).join(actual);
  return out;
}

/** `"<17 bytes of application/octet-stream>"` stands for a body of that size and type. */
function requestBody(
  body: unknown,
  ids: Map<string, string>,
): { body?: Buffer | string; type?: string } {
  if (body === undefined) return {};
  const placeholder = typeof body === 'string' ? /^<(\d+) bytes of (.+)>$/.exec(body) : null;
  if (placeholder)
    return { body: Buffer.alloc(Number(placeholder[1]), 0x61), type: placeholder[2] };
  return { body: substitute(JSON.stringify(body), ids), type: 'application/json' };
}

describe('MLflow 2.12.2 recordings replayed against FakeMlflowServer', () => {
  const exchanges = loadExchanges();
  const ids = new Map<string, string>();
  let server: FakeMlflowServer;

  beforeAll(async () => {
    server = await FakeMlflowServer.start();
  });
  afterAll(() => server.stop());

  it('holds the 27 recorded exchanges', () => {
    expect(exchanges).toHaveLength(27);
  });

  it.each(
    exchanges.map(
      (exchange, i) => [i, exchange.request.method, exchange.request.path, exchange] as const,
    ),
  )('#%i %s %s', async (_i, method, path, { request, response }) => {
    const { body, type } = requestBody(request.body, ids);
    const answer = await fetch(`${server.url}${substitute(path, ids)}`, {
      method,
      body,
      headers: type ? { 'content-type': type } : {},
    });
    expect(answer.status).toBe(response.status);
    const text = await answer.text();
    if (typeof response.body === 'string') {
      expect(text.slice(0, 15)).toBe(response.body.slice(0, 15));
      return;
    }
    const actual = JSON.parse(text) as Record<string, unknown>;
    expect(shapeOf(actual)).toEqual(shapeOf(response.body));
    const recorded = response.body as Record<string, unknown>;
    if ('error_code' in recorded) expect(actual['error_code']).toBe(recorded['error_code']);
    learnIds(recorded, actual, ids);
  });
});

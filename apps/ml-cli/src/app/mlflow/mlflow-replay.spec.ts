import { FakeMlflowServer } from '../../test/fake-mlflow-server';
import {
  loadRecording,
  RECORDING_FILES,
  type Exchange,
  type Recording,
} from '../../test/mlflow-recordings';

// Replays every request recorded from a real MLflow 2.12.2 server against the fake used by the
// other MLflow tests, in order, and expects the same status and the same body: HTML pages byte
// for byte, JSON with the same keys, values and error messages, where ids and run names are the
// ones the fake handed out and timestamps only need the same type.

/** Keys whose values are clocks: only their type must match. */
const TIMESTAMP_KEYS = new Set([
  'creation_time',
  'last_update_time',
  'creation_timestamp',
  'last_updated_timestamp',
]);
/** Keys whose values the server makes up: learnt from the first answer that holds them. */
const GENERATED_KEYS = new Set(['run_id', 'run_uuid', 'experiment_id', 'run_name']);

/** Pairs values the recording got with the ones the fake handed out, wherever both answers hold one. */
function learnGenerated(recorded: unknown, actual: unknown, seen: Map<string, string>): void {
  if (!isObject(recorded) || !isObject(actual)) return;
  for (const [key, value] of Object.entries(recorded)) {
    const other = actual[key];
    if (GENERATED_KEYS.has(key) && typeof value === 'string' && typeof other === 'string') {
      // Short values (experiment ids "1", "2") must match as they are: swapping them would touch every digit.
      if (value !== other && value.length >= 8 && !seen.has(value)) seen.set(value, other);
    } else learnGenerated(value, other, seen);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object';

function substitute(text: string, seen: Map<string, string>): string {
  let out = text;
  for (const [recorded, actual] of seen) out = out.split(recorded).join(actual);
  return out;
}

/** The recorded body as the fake should answer it: generated values swapped, clocks reduced to types. */
function expected(recorded: unknown, seen: Map<string, string>): unknown {
  const swapped = JSON.parse(substitute(JSON.stringify(recorded), seen)) as unknown;
  return withClocksAsTypes(swapped);
}

function withClocksAsTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withClocksAsTypes);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        TIMESTAMP_KEYS.has(key) ? typeof v : withClocksAsTypes(v),
      ]),
    );
  }
  // Timestamps inside messages (SQL parameters) differ too.
  return typeof value === 'string' ? value.replace(/\b\d{13}\b/g, '<time>') : value;
}

/** `"<17 bytes of application/octet-stream>"` stands for a body of that size and type. */
function requestBody(
  exchange: Exchange,
  later: Exchange[],
  seen: Map<string, string>,
): { body?: Buffer | string; type?: string } {
  const { body, path } = exchange.request;
  if (body === undefined) return {};
  const placeholder = typeof body === 'string' ? /^<(\d+) bytes of (.+)>$/.exec(body) : null;
  if (!placeholder)
    return { body: substitute(JSON.stringify(body), seen), type: 'application/json' };
  // An upload that a later exchange downloads: send what that download answered (same size).
  const download = later.find(
    (e) => e.request.method === 'GET' && e.request.path === path && e.response.status === 200,
  );
  const content = download && JSON.stringify(download.response.body);
  const size = Number(placeholder[1]);
  return {
    body: content?.length === size ? content : Buffer.alloc(size, 0x61),
    type: placeholder[2],
  };
}

/** The run that `mlflow gc --run-ids <id>` removed, if the recording ran it. */
const collectedRunId = (recording: Recording) =>
  /--run-ids (\S+)/.exec(recording.gc?.command ?? '')?.[1];

describe.each(RECORDING_FILES)('%s replayed against FakeMlflowServer', (file) => {
  const recording = loadRecording(file);
  const seen = new Map<string, string>();
  let server: FakeMlflowServer;

  beforeAll(async () => {
    server = await FakeMlflowServer.start();
  });
  afterAll(() => server.stop());

  it('holds the recorded exchanges', () => {
    expect(recording.exchanges.length).toBe(file.includes('failures') ? 55 : 27);
  });

  it.each(
    recording.exchanges.map((exchange, i) => [i, exchange.request.method, exchange] as const),
  )('#%i %s', async (i, method, exchange) => {
    const { request, response } = exchange;
    const collected = collectedRunId(recording);
    if (collected && exchange.note?.startsWith('after `mlflow gc') && seen.has(collected)) {
      server.collectRun(seen.get(collected) ?? collected);
    }
    const { body, type } = requestBody(exchange, recording.exchanges.slice(i + 1), seen);
    const answer = await fetch(`${server.url}${substitute(request.path, seen)}`, {
      method,
      body,
      headers: type ? { 'content-type': type } : {},
    });
    const text = await answer.text();
    expect({ path: request.path, status: answer.status }).toEqual({
      path: request.path,
      status: response.status,
    });
    if (typeof response.body === 'string') {
      expect(text).toBe(response.body);
      return;
    }
    const actual = JSON.parse(text) as unknown;
    learnGenerated(response.body, actual, seen);
    expect(withClocksAsTypes(actual)).toEqual(expected(response.body, seen));
  });
});

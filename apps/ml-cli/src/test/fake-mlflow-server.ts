import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { FakeMlflowArtifacts } from './fake-mlflow-artifacts';
import { FakeMlflowExperiments } from './fake-mlflow-experiments';
import { FakeMlflowRegistry } from './fake-mlflow-registry';
import { FakeMlflowRuns } from './fake-mlflow-runs';
import { error, type FakeAnswer, FakeMlflowStore, NOT_FOUND_HTML } from './fake-mlflow-store';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType?: string;
  readonly bytes: number;
  readonly body?: unknown;
}

/** A scripted failure: answer with an error, drop the connection, or never answer. */
export type Fault = FakeAnswer | 'reset' | 'hang';

interface FaultRule {
  readonly matches: (request: RecordedRequest) => boolean;
  remaining: number;
  readonly fault: Fault;
}

type Json = Record<string, unknown>;

const JSON_ONLY = "Bad Request. Content-Type must be one of ['application/json'].";

/**
 * An in-process MLflow 2.12 tracking server on a random port: experiments, runs, log-batch (with
 * MLflow's limits), proxied artifacts and the model registry, with MLflow's status codes and
 * error bodies, checked exchange for exchange against both recordings (mlflow-replay.spec.ts).
 * Tests can script simple faults here; fault-proxy.ts injects them between client and server.
 */
export class FakeMlflowServer {
  readonly store = new FakeMlflowStore();
  readonly experiments = new FakeMlflowExperiments(this.store);
  readonly runs = new FakeMlflowRuns(this.store);
  readonly registry = new FakeMlflowRegistry(this.store);
  readonly artifacts = new FakeMlflowArtifacts(this.store, this.runs);
  readonly requests: RecordedRequest[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly hanging = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeMlflowServer> {
    const fake: FakeMlflowServer = new FakeMlflowServer(
      createServer((req, res) => void fake.handle(req, res)),
    );
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `times` requests matching `path` (a substring or regex) get `fault`. */
  fail(path: string | RegExp, fault: Fault, times = 1): void {
    const test = (p: string) => (typeof path === 'string' ? p.includes(path) : path.test(p));
    this.faults.push({ matches: (r) => test(r.path), remaining: times, fault });
  }

  /** What `mlflow gc --run-ids <id>` does: the run and its artifacts are gone for good. */
  collectRun(runId: string): void {
    const run = this.store.runs.get(runId);
    this.store.runs.delete(runId);
    const prefix = `${String(run?.info.experiment_id)}/${runId}/`;
    for (const path of [...this.artifacts.files.keys()])
      if (path.startsWith(prefix)) this.artifacts.files.delete(path);
  }

  /** Requests whose path contains `fragment`. */
  calls(fragment: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(fragment));
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const contentType = req.headers['content-type'];
    let body: unknown;
    if (contentType?.startsWith('application/json') && bytes.length > 0) {
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch {
        body = undefined;
      }
    }
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      contentType,
      bytes: bytes.length,
      body,
    };
    this.requests.push(request);
    const rule = this.faults.find((f) => f.remaining > 0 && f.matches(request));
    if (rule) {
      rule.remaining--;
      if (rule.fault === 'reset') return void req.socket.destroy();
      if (rule.fault === 'hang') return void this.hanging.add(res);
      return this.send(res, rule.fault);
    }
    this.send(res, this.route(request, bytes));
  }

  private route(request: RecordedRequest, bytes: Buffer): FakeAnswer {
    const url = new URL(request.path, 'http://fake');
    const q = (name: string) => url.searchParams.get(name) ?? '';
    const artifact = /^\/api\/2\.0\/mlflow-artifacts\/artifacts(?:\/(.+))?$/.exec(url.pathname);
    if (artifact) {
      const path = decodeURIComponent(artifact[1] ?? '');
      if (request.method === 'PUT' && path) return this.artifacts.put(path, bytes);
      if (request.method === 'GET') {
        return path ? this.artifacts.get(path) : this.artifacts.listProxy(q('path'));
      }
    }
    const match = /^\/api\/2\.0\/mlflow\/(.+)$/.exec(url.pathname);
    if (!match) return NOT_FOUND_HTML;
    const endpoint = `${request.method} ${match[1]}`;
    if (request.method !== 'GET' && !request.contentType?.startsWith('application/json')) {
      return error(400, 'INVALID_PARAMETER_VALUE', JSON_ONLY);
    }
    const body = (request.body ?? {}) as Json;
    return this.routeJson(endpoint, body, q, bytes.length) ?? NOT_FOUND_HTML;
  }

  private routeJson(
    endpoint: string,
    body: Json,
    q: (name: string) => string,
    bytes: number,
  ): FakeAnswer | undefined {
    switch (endpoint) {
      case 'GET experiments/get-by-name':
        return this.experiments.getByName(q('experiment_name'));
      case 'GET experiments/get':
        return this.experiments.get(q('experiment_id'));
      case 'POST experiments/search':
        return this.experiments.search(body);
      case 'POST experiments/create':
        return this.experiments.create(body);
      case 'POST experiments/delete':
        return this.experiments.setLifecycle(body, 'deleted');
      case 'POST experiments/restore':
        return this.experiments.setLifecycle(body, 'active');
      case 'POST runs/create':
        return this.runs.createRun(body);
      case 'POST runs/log-batch':
        return this.runs.logBatch(body, bytes);
      case 'POST runs/log-metric':
        return this.runs.logMetric(body);
      case 'POST runs/set-tag':
        return this.runs.setTag(body);
      case 'POST runs/update':
        return this.runs.updateRun(body);
      case 'POST runs/delete':
        return this.runs.setLifecycle(body, 'deleted');
      case 'POST runs/restore':
        return this.runs.setLifecycle(body, 'active');
      case 'GET runs/get':
        return this.runs.getRun(q('run_id'));
      case 'POST runs/search':
        return this.runs.searchRuns(body);
      case 'GET metrics/get-history':
        return this.runs.metricHistory(q('run_id'), q('metric_key'));
      case 'GET artifacts/list':
        return this.artifacts.list(q('run_id'), q('path'));
      case 'GET registered-models/get':
        return this.registry.getModel(q('name'));
      case 'POST registered-models/create':
        return this.registry.createModel(body);
      case 'POST model-versions/create':
        return this.registry.createVersion(body);
      case 'GET model-versions/get':
        return this.registry.getVersion(q('name'), q('version'));
      case 'GET model-versions/get-download-uri':
        return this.registry.downloadUri(q('name'), q('version'));
      case 'GET model-versions/search':
        return this.registry.searchVersions(q('filter'));
      case 'DELETE model-versions/delete':
        return this.registry.deleteVersion(body);
      case 'POST registered-models/alias':
        return this.registry.setAlias(body);
      case 'GET registered-models/alias':
        return this.registry.getByAlias(q('name'), q('alias'));
      case 'DELETE registered-models/alias':
        return this.registry.deleteAlias(body);
      default:
        return undefined;
    }
  }

  private send(res: ServerResponse, answer: FakeAnswer): void {
    const raw = Buffer.isBuffer(answer.body) || typeof answer.body === 'string';
    const payload = raw ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
    res.end(payload);
  }
}

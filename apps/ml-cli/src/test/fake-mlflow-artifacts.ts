import { type FakeMlflowRuns } from './fake-mlflow-runs';
import {
  error,
  type FakeAnswer,
  type FakeMlflowStore,
  ok,
  SERVER_ERROR_HTML,
  text,
} from './fake-mlflow-store';

/** Where the real server kept its artifacts: its error messages name the directory. */
const ARTIFACT_ROOT = '/srv/mlflow/artifacts';

/**
 * The proxied artifact store of the fake MLflow server: `<exp>/<run>/artifacts/<path>` → bytes.
 * Like the real proxy it knows nothing about runs: a missing file is a 500 INTERNAL_ERROR, a
 * directory a 500 HTML page, and listing a missing directory an empty answer.
 */
export class FakeMlflowArtifacts {
  readonly files = new Map<string, Buffer>();

  constructor(
    private readonly store: FakeMlflowStore,
    private readonly runs: FakeMlflowRuns,
  ) {}

  put(path: string, bytes: Buffer): FakeAnswer {
    this.files.set(path, bytes);
    return ok();
  }

  get(path: string): FakeAnswer {
    const bytes = this.files.get(path);
    if (bytes) return { status: 200, body: bytes, contentType: 'application/octet-stream' };
    if (this.children(path).size > 0) return SERVER_ERROR_HTML;
    return error(
      500,
      'INTERNAL_ERROR',
      `The following failures occurred while downloading one or more artifacts from ${ARTIFACT_ROOT}:\n` +
        `##### File ${path} #####\n[Errno 2] No such file or directory: '${ARTIFACT_ROOT}/${path}'`,
    );
  }

  /** The proxy's own listing (`GET mlflow-artifacts/artifacts?path=…`): base names only. */
  listProxy(path: string): FakeAnswer {
    const entries = [...this.children(path)].map(([name, bytes]) =>
      bytes ? { path: name, is_dir: false, file_size: bytes.length } : { path: name, is_dir: true },
    );
    return ok(entries.length > 0 ? { files: entries } : {});
  }

  /** `artifacts/list`: the direct children of `path` in a run's artifacts, by path from the root. */
  list(runId: string, path = ''): FakeAnswer {
    const run = this.store.runs.get(runId);
    if (!run) return this.runs.runNotFound(runId);
    const root = `${run.info.experiment_id}/${runId}/artifacts`;
    const prefix = path ? `${path.replace(/\/$/, '')}/` : '';
    const files = [...this.children(`${root}/${prefix}`)].map(([name, bytes]) =>
      bytes
        ? { path: prefix + name, is_dir: false, file_size: bytes.length }
        : { path: prefix + name, is_dir: true },
    );
    return ok({ root_uri: text(run.info['artifact_uri']), ...(files.length > 0 && { files }) });
  }

  /** Direct children of a directory: name → bytes for files, undefined for directories. */
  private children(dir: string): Map<string, Buffer | undefined> {
    const prefix = `${dir.replace(/\/+$/, '')}/`;
    const out = new Map<string, Buffer | undefined>();
    for (const [key, bytes] of this.files) {
      if (!key.startsWith(prefix)) continue;
      const [name = '', ...deeper] = key.slice(prefix.length).split('/');
      out.set(name, deeper.length > 0 ? undefined : bytes);
    }
    return out;
  }
}

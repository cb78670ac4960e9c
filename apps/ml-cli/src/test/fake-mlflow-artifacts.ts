import { type FakeMlflowRuns } from './fake-mlflow-runs';
import { error, type FakeAnswer, type FakeMlflowStore, text } from './fake-mlflow-store';

/** The proxied artifact store of the fake MLflow server: `<exp>/<run>/artifacts/<path>` → bytes. */
export class FakeMlflowArtifacts {
  readonly files = new Map<string, Buffer>();

  constructor(
    private readonly store: FakeMlflowStore,
    private readonly runs: FakeMlflowRuns,
  ) {}

  put(path: string, bytes: Buffer): FakeAnswer {
    this.files.set(path, bytes);
    return { status: 200, body: {} };
  }

  get(path: string): FakeAnswer {
    const bytes = this.files.get(path);
    if (!bytes) return error(404, 'RESOURCE_DOES_NOT_EXIST', `File ${path} does not exist`);
    return { status: 200, body: bytes, contentType: 'application/octet-stream' };
  }

  /** `artifacts/list`: the direct children of `path` in a run's artifacts. */
  list(runId: string, path = ''): FakeAnswer {
    const run = this.store.runs.get(runId);
    if (!run) return this.runs.runNotFound(runId);
    const root = `${run.info.experiment_id}/${runId}/artifacts/`;
    const prefix = path ? `${path.replace(/\/$/, '')}/` : '';
    const entries = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
    for (const [key, bytes] of this.files) {
      if (!key.startsWith(root + prefix)) continue;
      const rest = key.slice(root.length + prefix.length).split('/');
      const child = prefix + rest[0];
      entries.set(
        child,
        rest.length > 1
          ? { path: child, is_dir: true }
          : { path: child, is_dir: false, file_size: bytes.length },
      );
    }
    return {
      status: 200,
      body: { root_uri: text(run.info['artifact_uri']), files: [...entries.values()] },
    };
  }
}

import {
  alreadyExists,
  error,
  type FakeAnswer,
  type FakeExperiment,
  type FakeMlflowStore,
  type Json,
  missing,
  ok,
  text,
} from './fake-mlflow-store';

/** The experiment endpoints of the fake MLflow server: deleted experiments keep their name. */
export class FakeMlflowExperiments {
  constructor(private readonly store: FakeMlflowStore) {
    this.add('Default');
  }

  /** Deleted experiments too (lifecycle_stage "deleted"), as the real server answers. */
  getByName(name: string): FakeAnswer {
    const found = this.byName(name);
    if (!found)
      return error(404, 'RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'`);
    return ok({ experiment: found });
  }

  get(id: string): FakeAnswer {
    const found = this.store.experiments.get(id);
    if (!found) return this.notFound(id);
    return ok({ experiment: found });
  }

  /** `filter: "name = '…'"` only; deleted experiments are left out unless view_type says otherwise. */
  search(body: Json): FakeAnswer {
    const name = /^name\s*=\s*'([^']*)'$/.exec(text(body['filter']).trim())?.[1];
    const view = text(body['view_type'], 'ACTIVE_ONLY');
    const found = [...this.store.experiments.values()].filter(
      (e) =>
        (name === undefined || e.name === name) &&
        (view === 'ALL' || (view === 'DELETED_ONLY') === (e.lifecycle_stage === 'deleted')),
    );
    return ok(found.length > 0 ? { experiments: found } : {});
  }

  create(body: Json): FakeAnswer {
    const name = body['name'];
    if (typeof name !== 'string' || name === '') return missing('name');
    if (this.byName(name)) {
      const now = Date.now();
      return alreadyExists(
        `Experiment(name=${name})`,
        'experiments',
        'name, artifact_location, lifecycle_stage, creation_time, last_update_time',
        `'${name}', '', 'active', ${now}, ${now}`,
        true,
      );
    }
    return ok({ experiment_id: this.add(name) });
  }

  setLifecycle(body: Json, stage: 'active' | 'deleted'): FakeAnswer {
    const id = text(body['experiment_id']);
    const found = this.store.experiments.get(id);
    if (!found) return this.notFound(id);
    found.lifecycle_stage = stage;
    found['last_update_time'] = Date.now();
    return ok();
  }

  private byName(name: string): FakeExperiment | undefined {
    return [...this.store.experiments.values()].find((e) => e.name === name);
  }

  private add(name: string): string {
    const id = String(this.store.experiments.size);
    const now = Date.now();
    this.store.experiments.set(id, {
      experiment_id: id,
      name,
      artifact_location: `mlflow-artifacts:/${id}`,
      lifecycle_stage: 'active',
      last_update_time: now,
      creation_time: now,
    });
    return id;
  }

  private notFound(id: string): FakeAnswer {
    return error(404, 'RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${id} exists`);
  }
}

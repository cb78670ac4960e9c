import { error, type FakeAnswer, type FakeMlflowStore, text } from './fake-mlflow-store';

type Json = Record<string, unknown>;

/** The model-registry endpoints of the fake MLflow server. */
export class FakeMlflowRegistry {
  constructor(private readonly store: FakeMlflowStore) {}

  createModel(body: Json): FakeAnswer {
    const name = text(body['name']);
    if (this.store.models.has(name)) {
      return error(
        400,
        'RESOURCE_ALREADY_EXISTS',
        `Registered Model (name=${name}) already exists. Error: (sqlite3.IntegrityError) UNIQUE constraint failed: registered_models.name`,
      );
    }
    const now = Date.now();
    const model = { name, creation_timestamp: now, last_updated_timestamp: now };
    this.store.models.set(name, { model, versions: [], aliases: new Map() });
    return { status: 200, body: { registered_model: model } };
  }

  getModel(name: string): FakeAnswer {
    const entry = this.store.models.get(name);
    if (!entry) return this.modelNotFound(name);
    const latest = entry.versions.at(-1);
    return {
      status: 200,
      body: {
        registered_model: {
          ...entry.model,
          ...(latest && { latest_versions: [latest] }),
          ...(entry.aliases.size > 0 && {
            aliases: [...entry.aliases].map(([alias, version]) => ({ alias, version })),
          }),
        },
      },
    };
  }

  createVersion(body: Json): FakeAnswer {
    const name = text(body['name']);
    const entry = this.store.models.get(name);
    if (!entry) return this.modelNotFound(name);
    const now = Date.now();
    const version = {
      name,
      version: String(entry.versions.length + 1),
      creation_timestamp: now,
      last_updated_timestamp: now,
      current_stage: 'None',
      description: '',
      source: text(body['source']),
      run_id: text(body['run_id']),
      status: 'READY',
      run_link: '',
    };
    entry.versions.push(version);
    entry.model['last_updated_timestamp'] = now;
    return { status: 200, body: { model_version: version } };
  }

  getVersion(name: string, version: string): FakeAnswer {
    const found = this.store.models.get(name)?.versions.find((v) => v.version === version);
    if (!found)
      return error(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Model Version (name=${name}, version=${version}) not found`,
      );
    return { status: 200, body: { model_version: this.withAliases(name, found) } };
  }

  setAlias(body: Json): FakeAnswer {
    const name = text(body['name']);
    const entry = this.store.models.get(name);
    if (!entry) return this.modelNotFound(name);
    const version = text(body['version']);
    if (!entry.versions.some((v) => v.version === version)) {
      return error(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Model Version (name=${name}, version=${version}) not found`,
      );
    }
    entry.aliases.set(String(body['alias']), version);
    return { status: 200, body: {} };
  }

  getByAlias(name: string, alias: string): FakeAnswer {
    const entry = this.store.models.get(name);
    if (!entry) return this.modelNotFound(name);
    const version = entry.aliases.get(alias);
    if (version === undefined)
      return error(400, 'INVALID_PARAMETER_VALUE', `Registered model alias ${alias} not found.`);
    return this.getVersion(name, version);
  }

  private withAliases(name: string, version: Json & { version: string }): Json {
    const aliases = [...(this.store.models.get(name)?.aliases ?? [])]
      .filter(([, v]) => v === version.version)
      .map(([a]) => a);
    return aliases.length > 0 ? { ...version, aliases } : version;
  }

  private modelNotFound(name: string): FakeAnswer {
    return error(404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name} not found`);
  }
}

import { compare, parseFilter } from './fake-mlflow-filter';
import {
  alreadyExists,
  error,
  type FakeAnswer,
  type FakeMlflowStore,
  type FakeVersion,
  type Json,
  ok,
  text,
} from './fake-mlflow-store';

/**
 * The model-registry endpoints of the fake MLflow server. As on the real one, an alias that is
 * not there is a 400 (even for an unknown model), two identical creates make two versions, and a
 * version outlives the run it came from.
 */
export class FakeMlflowRegistry {
  constructor(private readonly store: FakeMlflowStore) {}

  createModel(body: Json): FakeAnswer {
    const name = text(body['name']);
    const now = Date.now();
    if (this.store.models.has(name)) {
      return alreadyExists(
        `Registered Model (name=${name})`,
        'registered_models',
        'name, creation_time, last_updated_time, description',
        `'${name}', ${now}, ${now}, ''`,
      );
    }
    const model = { name, creation_timestamp: now, last_updated_timestamp: now };
    this.store.models.set(name, { model, versions: [], deleted: new Set(), aliases: new Map() });
    return ok({ registered_model: model });
  }

  getModel(name: string): FakeAnswer {
    const entry = this.store.models.get(name);
    if (!entry) return this.modelNotFound(name);
    const latest = entry.versions.at(-1);
    return ok({
      registered_model: {
        ...entry.model,
        ...(latest && { latest_versions: [latest] }),
        ...(entry.aliases.size > 0 && {
          aliases: [...entry.aliases].map(([alias, version]) => ({ alias, version })),
        }),
      },
    });
  }

  createVersion(body: Json): FakeAnswer {
    const name = text(body['name']);
    const entry = this.store.models.get(name);
    if (!entry) return this.modelNotFound(name);
    const now = Date.now();
    const version: FakeVersion = {
      name,
      version: String(entry.versions.length + entry.deleted.size + 1),
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
    return ok({ model_version: version });
  }

  getVersion(name: string, version: string): FakeAnswer {
    const found = this.version(name, version);
    if (!found) return this.versionNotFound(name, version);
    return ok({ model_version: this.withAliases(name, found) });
  }

  downloadUri(name: string, version: string): FakeAnswer {
    const found = this.version(name, version);
    if (!found) return this.versionNotFound(name, version);
    return ok({ artifact_uri: found.source });
  }

  /** `filter: "run_id='…'"` (and/or name, source_path); newest first, without aliases; `{}` when none. */
  searchVersions(filter: string): FakeAnswer {
    const clauses = parseFilter(filter);
    if (!clauses || clauses.some((c) => c.entity !== '' && c.entity !== 'attributes')) {
      return error(400, 'INVALID_PARAMETER_VALUE', `Invalid filter '${filter}'`);
    }
    const field = (v: FakeVersion, key: string) => text(key === 'source_path' ? v.source : v[key]);
    const found = [...this.store.models.values()]
      .flatMap((entry) => entry.versions)
      .filter((v) => clauses.every((c) => compare(field(v, c.key), c.op, c.value)))
      .sort(
        (a, b) =>
          Number(b['creation_timestamp']) - Number(a['creation_timestamp']) ||
          Number(b.version) - Number(a.version),
      );
    return ok(found.length > 0 ? { model_versions: found } : {});
  }

  deleteVersion(body: Json): FakeAnswer {
    const name = text(body['name']);
    const version = text(body['version']);
    const entry = this.store.models.get(name);
    if (!entry || !this.version(name, version)) return this.versionNotFound(name, version);
    entry.versions = entry.versions.filter((v) => v.version !== version);
    entry.deleted.add(version);
    for (const [alias, target] of entry.aliases)
      if (target === version) entry.aliases.delete(alias);
    return ok();
  }

  setAlias(body: Json): FakeAnswer {
    const name = text(body['name']);
    const entry = this.store.models.get(name);
    if (!entry) return this.modelNotFound(name);
    const version = text(body['version']);
    if (!this.version(name, version)) return this.versionNotFound(name, version);
    entry.aliases.set(text(body['alias']), version);
    return ok();
  }

  deleteAlias(body: Json): FakeAnswer {
    const entry = this.store.models.get(text(body['name']));
    if (!entry) return this.modelNotFound(text(body['name']));
    entry.aliases.delete(text(body['alias']));
    return ok();
  }

  getByAlias(name: string, alias: string): FakeAnswer {
    const version = this.store.models.get(name)?.aliases.get(alias);
    if (version === undefined) {
      return error(400, 'INVALID_PARAMETER_VALUE', `Registered model alias ${alias} not found.`);
    }
    return this.getVersion(name, version);
  }

  private version(name: string, version: string): FakeVersion | undefined {
    return this.store.models.get(name)?.versions.find((v) => v.version === version);
  }

  private withAliases(name: string, version: FakeVersion): Json {
    const aliases = [...(this.store.models.get(name)?.aliases ?? [])]
      .filter(([, v]) => v === version.version)
      .map(([a]) => a);
    return aliases.length > 0 ? { ...version, aliases } : version;
  }

  private versionNotFound(name: string, version: string): FakeAnswer {
    return error(
      404,
      'RESOURCE_DOES_NOT_EXIST',
      `Model Version (name=${name}, version=${version}) not found`,
    );
  }

  private modelNotFound(name: string): FakeAnswer {
    return error(404, 'RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name} not found`);
  }
}

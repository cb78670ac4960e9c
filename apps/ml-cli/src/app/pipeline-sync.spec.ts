import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { entry } from '../test/at';
import { WORKSPACE_ROOT } from '../test/workspace-root';

// The pipeline is declared twice: as Nx targets (apps/ml-cli/project.json) and as DVC stages
// (dvc.yaml). This keeps them describing the same graph, and checks that the fingerprint Nx hashes
// for each stage changes exactly when DVC would rerun it.

interface NxTarget {
  command?: string;
  dependsOn?: string[];
  cache?: boolean;
  inputs?: (string | Record<string, unknown>)[];
  outputs?: string[];
}
interface DvcStage {
  cmd: string;
  deps?: string[];
  params?: Record<string, string[]>[];
  outs?: string[];
  metrics?: (string | Record<string, unknown>)[];
}

const BUNDLE = 'dist/apps/ml-cli/main.js';
const FINGERPRINT = 'apps/ml-cli/scripts/stage-fingerprint.cjs';
const project = JSON.parse(
  readFileSync(join(WORKSPACE_ROOT, 'apps/ml-cli/project.json'), 'utf8'),
) as {
  targets: Record<string, NxTarget>;
};
const dvc = parse(readFileSync(join(WORKSPACE_ROOT, 'dvc.yaml'), 'utf8')) as {
  stages: Record<string, DvcStage>;
};

const fingerprints = require(join(WORKSPACE_ROOT, FINGERPRINT)) as {
  STAGE_PARAMS: Record<string, string[]>;
  STAGE_FILES: Record<string, string[]>;
  fingerprint(stage: string, root: string, env: Record<string, string>): string;
  rawSources(config: unknown): string[] | 'volatile';
};

const stageTargets = Object.entries(project.targets).filter(([, t]) =>
  t.command?.startsWith(`node ${BUNDLE} `),
);
const cachedStages = stageTargets.filter(([, t]) => t.cache).map(([name]) => name);
const outputsOf = (name: string) =>
  (entry(project.targets, name).outputs ?? []).map((o) => o.replace('{workspaceRoot}/', ''));
const dvcOutputs = (stage: DvcStage) =>
  [
    ...(stage.outs ?? []),
    ...(stage.metrics ?? []).map((m) => (typeof m === 'string' ? m : Object.keys(m)[0])),
  ].sort();
const depOutputGlobs = (target: NxTarget) =>
  (target.inputs ?? []).flatMap((i) =>
    typeof i === 'object' && typeof i['dependentTasksOutputFiles'] === 'string'
      ? [i['dependentTasksOutputFiles'].replace(/\/\*\*$/, '')]
      : [],
  );

describe('Nx targets and dvc.yaml', () => {
  it('declare the same cached stages with the same commands', () => {
    expect(cachedStages.sort()).toEqual(Object.keys(dvc.stages).sort());
    for (const stage of cachedStages)
      expect(entry(dvc.stages, stage).cmd).toBe(entry(project.targets, stage).command);
  });

  it.each(Object.keys(dvc.stages))('%s: same outputs, upstream outputs and params', (stage) => {
    const target = entry(project.targets, stage);
    const dvcStage = entry(dvc.stages, stage);
    expect(outputsOf(stage).sort()).toEqual(dvcOutputs(dvcStage));
    // Both run the built CLI, so both depend on it being built.
    expect(target.dependsOn).toContain('build');
    expect(dvcStage.deps).toContain(BUNDLE);
    // Upstream stage outputs: DVC lists them as deps; Nx hashes them as outputs of the targets it
    // runs first (dependentTasksOutputFiles), or, for a stage that must not run them (evaluate
    // never trains), as files the runtime fingerprint reads.
    const stageOuts = new Set(Object.values(dvc.stages).flatMap(dvcOutputs));
    const dataDeps = (dvcStage.deps ?? []).filter((d) => stageOuts.has(d));
    const fingerprinted = dataDeps.filter((d) =>
      entry(fingerprints.STAGE_FILES, stage).some((f) => f.startsWith(`${d}/`)),
    );
    expect([...depOutputGlobs(target), ...fingerprinted].sort()).toEqual(dataDeps.sort());
    // Nx must run the stages producing the others first: they are dependsOn, directly or transitively.
    const upstream = (name: string): string[] =>
      (entry(project.targets, name).dependsOn ?? [])
        .filter((d) => d !== 'build')
        .flatMap((d) => [d, ...upstream(d)]);
    for (const dep of depOutputGlobs(target)) {
      expect(upstream(stage).some((u) => outputsOf(u).includes(dep))).toBe(true);
    }
    // Config sections: DVC params = what the Nx runtime input hashes.
    const params = (dvcStage.params ?? []).flatMap((p) => p['ml.config.yaml'] ?? []);
    expect(params).toEqual(fingerprints.STAGE_PARAMS[stage]);
    expect(target.inputs).toContainEqual({ runtime: `node ${FINGERPRINT} ${stage}` });
  });

  it('track the same raw data for the dataset stage', () => {
    const config = parse(readFileSync(join(WORKSPACE_ROOT, 'ml.config.yaml'), 'utf8')) as unknown;
    const stageOuts = new Set(Object.values(dvc.stages).flatMap(dvcOutputs));
    const rawDeps = (entry(dvc.stages, 'dataset').deps ?? []).filter(
      (d) => d !== BUNDLE && !stageOuts.has(d),
    );
    expect(rawDeps).toEqual(fingerprints.rawSources(config));
  });
});

// `train` is the only target that records an MLflow run and registers a version: no other target
// may run it, even on a cold cache or with --skip-nx-cache (which reruns every dependency).
describe('Nx targets that must never train', () => {
  const upstream = (name: string): string[] =>
    (project.targets[name]?.dependsOn ?? []).flatMap((d) => [d, ...upstream(d)]);

  it.each(['predict', 'evaluate'])(
    '%s does not depend on train, directly or transitively',
    (name) => {
      expect(upstream(name)).not.toContain('train');
      expect(upstream(name)).toEqual(['build']);
    },
  );

  it('predict and sync are never cached: they print rows, or act on a server', () => {
    expect(entry(project.targets, 'predict').cache).toBe(false);
    expect(entry(project.targets, 'sync').cache).toBe(false);
  });

  it('evaluate hashes the model and the held-out split it reads instead', () => {
    expect(fingerprints.STAGE_FILES['evaluate']).toEqual([
      'models/model.json',
      'data/features/manifest.json',
      'data/features/test.json',
    ]);
  });
});

describe('stage fingerprints (the Nx runtime inputs)', () => {
  const root = mkdtempSync(join(tmpdir(), 'fingerprint-'));
  type Section = Record<string, unknown>;
  const config = parse(readFileSync(join(WORKSPACE_ROOT, 'ml.config.yaml'), 'utf8')) as Record<
    string,
    Section
  >;
  const write = (c: unknown, raw = 'raw v1') => {
    writeFileSync(join(root, 'ml.config.yaml'), stringify(c));
    writeFileSync(join(root, 'raw.json'), raw);
  };
  const all = () =>
    Object.fromEntries(
      Object.keys(fingerprints.STAGE_PARAMS).map((s) => [s, fingerprints.fingerprint(s, root, {})]),
    );
  const changed = (before: Record<string, string>, after: Record<string, string>) =>
    Object.keys(before).filter((s) => before[s] !== after[s]);
  const base: Record<string, unknown> = {
    ...config,
    data: { ...config['data'], source: { format: 'json', path: 'raw.json' } },
  };

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('are stable when nothing changed, comments and key order included', () => {
    write(base);
    const before = all();
    const reversed = (o: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(o).reverse());
    const shuffled = { ...reversed(base), data: reversed(base['data'] as Section) };
    writeFileSync(join(root, 'ml.config.yaml'), `# a comment\n${stringify(shuffled)}`);
    expect(all()).toEqual(before);
  });

  it('change for exactly the stages that read what changed', () => {
    write(base);
    const before = all();
    write({ ...base, model: { ...config['model'], params: { nEstimators: 10 } } });
    expect(changed(before, all())).toEqual(['train']);
    write({ ...base, split: { ...config['split'], testSize: 0.3 } });
    expect(changed(before, all())).toEqual(['features']);
    write({ ...base, data: { ...(base['data'] as Section), missingValues: ['?'] } });
    expect(changed(before, all())).toEqual(['dataset']);
    write(base, 'raw v2');
    expect(changed(before, all())).toEqual(['dataset']);
    write(base);
    mkdirSync(join(root, 'models'), { recursive: true });
    writeFileSync(join(root, 'models/model.json'), '{"retrained":true}');
    expect(changed(before, all())).toEqual(['evaluate']);
  });

  it('read ML_CONFIG and make a PostgreSQL source always rerun', () => {
    writeFileSync(
      join(root, 'other.json'),
      JSON.stringify({
        ...base,
        data: {
          ...(base['data'] as Section),
          source: { format: 'sql', url: 'postgres://u:p@db/app', query: 'SELECT 1' },
        },
      }),
    );
    const a = fingerprints.fingerprint('dataset', root, { ML_CONFIG: 'other.json' });
    const b = fingerprints.fingerprint('dataset', root, { ML_CONFIG: 'other.json' });
    expect(a).toMatch(/^dataset config=other\.json params=\w+ source=volatile-/);
    expect(a).not.toBe(b);
  });
});

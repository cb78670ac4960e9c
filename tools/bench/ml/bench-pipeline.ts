import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { formatMs } from './timing';

const ROOT = resolve(__dirname, '../../..');
const BUNDLE = join(ROOT, 'dist/apps/ml-cli/main.js');
const TARGET_MS = 10_000;
const STAGES = ['dataset', 'features', 'train'];

/** This process's environment without ts-node's settings, which would leak into webpack. */
const CHILD_ENV = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !key.startsWith('TS_NODE_')),
);

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd,
    env: { ...CHILD_ENV, ...env },
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stderr}${result.stdout}`,
    );
  }
  return { ms, output: `${result.stdout}${result.stderr}` };
}

const verdict = (ms: number) =>
  `${formatMs(ms)} (target < ${formatMs(TARGET_MS)}: ${ms < TARGET_MS ? 'met' : 'MISSED'})`;

/** ml.config.yaml with paths made absolute, so the pipeline can run in another directory. */
function portableConfig(dir: string): string {
  const config = parse(readFileSync(join(ROOT, 'ml.config.yaml'), 'utf8')) as {
    data: { source: { importFrom?: string; path?: string } };
  };
  const source = config.data.source;
  if (source.importFrom) source.importFrom = join(ROOT, source.importFrom);
  else if (source.path) source.path = join(ROOT, source.path);
  const file = join(dir, 'ml.config.yaml');
  writeFileSync(file, stringify(config));
  return file;
}

/**
 * Times the default pipeline (dataset → features → train, as `nx run ml-cli:train` runs it) from
 * clean: first the stages alone, each a `node dist/apps/ml-cli/main.js <stage>` process in an
 * empty directory; then, with `withNx`, `npx nx run ml-cli:train` itself with every stage a cache
 * miss (a fresh ML_CONFIG and MLFLOW_TRACKING_URI, both stage inputs) and the build cached.
 */
export function benchPipeline(withNx: boolean): void {
  console.log(
    '\nDefault ml-cli pipeline (penguins → Species, random forest 100 trees, 5-fold CV) from clean',
  );
  const build = run('npx', ['nx', 'build', 'ml-cli', '--outputStyle=static'], ROOT);
  console.log(
    `  nx build ml-cli: ${formatMs(build.ms)}${/local cache|existing outputs/.test(build.output) ? ' (cached)' : ''}`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'ml-pipeline-bench-'));
  try {
    portableConfig(dir);
    let total = 0;
    for (const stage of STAGES) {
      const { ms } = run('node', [BUNDLE, stage], dir, { MLFLOW_TRACKING_URI: '', ML_CONFIG: '' });
      total += ms;
      console.log(`  ${stage}: ${formatMs(ms)} (process included)`);
    }
    console.log(`  stages in sequence: ${verdict(total)}`);
    if (!withNx) return;
    const config = join(dir, 'nx-ml.config.yaml');
    copyFileSync(join(ROOT, 'ml.config.yaml'), config);
    const nx = run('npx', ['nx', 'run', 'ml-cli:train', '--outputStyle=static'], ROOT, {
      ML_CONFIG: config,
      MLFLOW_TRACKING_URI: join(dir, 'mlruns'),
    });
    const duration = /Run duration:\s+([\d.]+)s/.exec(nx.output)?.[1];
    console.log(
      `  npx nx run ml-cli:train (stages uncached, build cached): ${verdict(nx.ms)}` +
        (duration ? `; Nx's own run duration ${duration} s, the rest is Nx starting up` : ''),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

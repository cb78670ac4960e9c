import { type AppSchema, defaultPort, keyNames } from './app-config';
import { probeTarget, readinessRoute } from './app-routes';
import { type AppSources, fileExists, readText } from './workspace';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Instructions in order, with `\` continuations joined and comments dropped. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  // One iterator: a continuation line is taken from it, so the loop does not see it again.
  const lines = text.split('\n').entries();
  for (const [start, raw] of lines) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\')) {
      const following = lines.next();
      if (following.done) break;
      const next = following.value[1].trim();
      line = `${line.slice(0, -1).trimEnd()} ${next.startsWith('#') ? '' : next}`;
    }
    const match = /^(\w+)\s*(.*)$/s.exec(line);
    if (!match) continue;
    const [, keyword = '', args = ''] = match;
    const instruction = { keyword: keyword.toUpperCase(), args: args.trim(), line: start + 1 };
    const current = stages.at(-1);
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = instruction.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (!current) {
      if (instruction.keyword !== 'ARG')
        throw new Error(`line ${instruction.line}: ${instruction.keyword} before FROM`);
    } else {
      current.instructions.push(instruction);
    }
  }
  return stages;
}

/** `["a", "b"]` (exec form) as an array, or the shell form as one string in an array. */
function execForm(args: string): string[] {
  if (args.startsWith('[')) return JSON.parse(args) as string[];
  return [args];
}

function envKeys(args: string): string[] {
  // ENV A=1 B="x y" or the legacy `ENV A 1`.
  if (!/^\w+=/.test(args)) return args.split(/\s+/).slice(0, 1);
  return [...args.matchAll(/(?:^|\s)(\w+)=/g)].flatMap((m) => m[1] ?? []);
}

/** The base image every app image starts from (the contract). */
export const BASE_IMAGE = 'node:22-bookworm-slim';

/**
 * Variables an image may set that are not app config: Node's, npm's, glibc's malloc, and the
 * base image's PATH (re-declared by a runtime stage that starts from scratch).
 */
const RUNTIME_VARIABLES =
  /^(PATH|NODE_ENV|NODE_OPTIONS|NODE_EXTRA_CA_CERTS|MALLOC_\w+|GLIBC_TUNABLES|npm_config_\w+|NX_\w+)$/;

/** The image a stage's root filesystem comes from, following `FROM <earlier stage>` back. */
function imageOf(stages: Stage[], from: string): string {
  const index = stages.findIndex((s) => s.name === from);
  const stage = stages[index];
  return stage ? imageOf(stages.slice(0, index), stage.from) : from;
}

/**
 * Where a runtime stage's root filesystem comes from: its base image, or for `FROM scratch` the
 * image behind its first instruction, `COPY --from=<stage> / /` (a base flattened to one layer).
 */
function runtimeRoot(stages: Stage[], final: Stage): string | undefined {
  if (final.from !== 'scratch') return final.from;
  const first = final.instructions[0];
  if (first?.keyword !== 'COPY') return undefined;
  const words = first.args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  if (!from || paths.length !== 2 || paths.some((path) => path !== '/')) return undefined;
  return imageOf(stages, from);
}

export function checkDockerfile(root: string, source: AppSources, schema: AppSchema): string[] {
  const file = source.dockerfile;
  if (!fileExists(root, file)) return [`${file}: missing`];
  const stages = parseDockerfile(readText(root, file));
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${file}: ${message}`);
  const names = new Set(stages.map((s) => s.name).filter(Boolean));
  const all = stages.flatMap((s) => s.instructions);
  const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args);

  if (stages.length < 2) p('not multi-stage (one FROM)');
  const final = stages.at(-1);
  for (const stage of stages) {
    if (stage === final && stage.from === 'scratch') continue; // checked below
    if (!names.has(stage.from) && stage.from !== BASE_IMAGE) {
      p(`FROM ${stage.from}: every stage must start from ${BASE_IMAGE} or an earlier stage`);
    }
  }
  if (!runs.some((r) => /\bnpm ci\b/.test(r) && !/--omit=dev/.test(r)))
    p('no `npm ci` of the workspace');
  if (
    !runs.some((r) =>
      new RegExp(`\\bnx (run ${source.name}:build|build ${source.name})\\b`).test(r),
    )
  ) {
    p(`no \`nx build ${source.name}\``);
  }
  if (!runs.some((r) => /\bnpm ci\b.*--omit=dev/.test(r)))
    p('no `npm ci --omit=dev` of the pruned package.json');
  if (!runs.some((r) => /\bpython3\b/.test(r) && /\bmake\b/.test(r) && /\bg\+\+/.test(r))) {
    p('no build stage with python3, make and g++ for native modules');
  }

  if (!final) return problems;
  const last = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword).at(-1);
  const runtimeImage = runtimeRoot(stages.slice(0, -1), final);
  if (runtimeImage === undefined) {
    p(
      `the runtime stage starts from scratch without the root filesystem of a ${BASE_IMAGE} stage as its first instruction (COPY --from=<stage> / /)`,
    );
  } else if (final.from === 'scratch' && runtimeImage !== BASE_IMAGE) {
    p(`the runtime stage's root filesystem comes from ${runtimeImage}, not from ${BASE_IMAGE}`);
  } else if (final.from !== BASE_IMAGE && final.from !== 'scratch') {
    p(`the runtime stage must start from ${BASE_IMAGE}, not ${final.from}`);
  }
  if (final.instructions.some((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args))) {
    p('the runtime stage installs packages itself: copy them from a build stage');
  }
  if (
    !final.instructions.some(
      (i) => i.keyword === 'COPY' && i.args.includes(`dist/apps/${source.name}`),
    )
  ) {
    p(`the runtime stage does not copy dist/apps/${source.name}`);
  }
  const user = last('USER')?.args.split(':')[0];
  if (user === undefined || user === 'root' || user === '0')
    p('the runtime stage must switch to a non-root USER');
  if (!last('WORKDIR')) p('the runtime stage has no WORKDIR');
  const volumes = final.instructions
    .filter((i) => i.keyword === 'VOLUME')
    .flatMap((i) => execForm(i.args));
  if (!volumes.includes('/tmp'))
    p('no VOLUME ["/tmp"] (the only writable path on a read-only root filesystem)');
  for (const env of final.instructions.filter((i) => i.keyword === 'ENV')) {
    for (const key of envKeys(env.args)) {
      if (!RUNTIME_VARIABLES.test(key) && !keyNames(schema).has(key)) {
        p(`ENV ${key} is not a variable ${source.name} reads (see ${source.configFile})`);
      }
    }
  }

  const command = [
    ...execForm(last('ENTRYPOINT')?.args ?? '[]'),
    ...execForm(last('CMD')?.args ?? '[]'),
  ].join(' ');
  if (!/\bnode main\.js\b/.test(command))
    p(`the command must run \`node main.js\` (got \`${command}\`)`);
  if (last('STOPSIGNAL') && last('STOPSIGNAL')?.args !== 'SIGTERM') p('STOPSIGNAL must be SIGTERM');

  const healthcheck = last('HEALTHCHECK');
  const exposed = final.instructions
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/));
  if (source.server) {
    const port = defaultPort(schema);
    const route = readinessRoute(root, source);
    if (!exposed.some((e) => Number(e.split('/')[0]) === port)) {
      p(`EXPOSE ${exposed.join(' ') || '(none)'} does not match the app's port ${port}`);
    }
    if (!healthcheck || healthcheck.args === 'NONE') {
      p('no HEALTHCHECK');
    } else {
      const target = probeTarget(healthcheck.args);
      if (target.path !== route)
        p(`HEALTHCHECK probes ${target.path ?? '(no path)'}, the app's health route is ${route}`);
      if (target.port !== port)
        p(`HEALTHCHECK probes port ${target.port ?? '(none)'}, the app listens on ${port}`);
      for (const option of ['--interval', '--timeout', '--start-period', '--retries']) {
        if (!healthcheck.args.includes(`${option}=`)) p(`HEALTHCHECK without ${option}`);
      }
    }
  } else {
    if (exposed.length > 0) p(`a batch job exposes ${exposed.join(' ')}`);
    if (healthcheck && healthcheck.args !== 'NONE')
      p('a batch job has no server to probe: use HEALTHCHECK NONE');
  }
  return problems;
}

/** Entries the root .dockerignore must have: secrets, local data and bulky directories. */
const MUST_IGNORE = ['.git', 'node_modules', 'dist', '.env', 'data'];

export function checkDockerignore(root: string): string[] {
  if (!fileExists(root, '.dockerignore')) return ['.dockerignore: missing'];
  const entries = readText(root, '.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/^\*\*\//, '').replace(/\/$/, ''));
  return MUST_IGNORE.filter((e) => !entries.includes(e)).map(
    (e) => `.dockerignore: does not exclude ${e}`,
  );
}

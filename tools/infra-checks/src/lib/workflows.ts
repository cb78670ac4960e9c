import { validateWorkflow } from '@action-validator/core';
import { parse as parseYaml } from 'yaml';
import { APPS, fileExists, listFiles, readText } from './workspace';

export const WORKFLOWS_DIR = '.github/workflows';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  'runs-on'?: unknown;
  environment?: unknown;
  permissions?: Record<string, string> | string;
  strategy?: { matrix?: Record<string, unknown> & { include?: Record<string, unknown>[] } };
  services?: Record<string, { image?: string }>;
  env?: Record<string, unknown>;
  steps?: Step[];
  if?: string;
}

export interface Workflow {
  file: string;
  name?: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

export function readWorkflow(root: string, file: string): Workflow {
  const document = parseYaml(readText(root, file)) as Record<string, unknown>;
  // YAML 1.1 readers turn a bare `on` key into true; the yaml package keeps it a string.
  const on = (document['on'] ?? document['true'] ?? {}) as
    | Record<string, unknown>
    | string
    | string[];
  const triggers =
    typeof on === 'string'
      ? { [on]: {} }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((t) => [t, {}]))
        : on;
  return {
    file,
    name: document['name'] as string | undefined,
    on: triggers ?? {},
    permissions: document['permissions'] as Workflow['permissions'],
    jobs: (document['jobs'] ?? {}) as Record<string, Job>,
  };
}

function steps(workflow: Workflow): Step[] {
  return Object.values(workflow.jobs).flatMap((j) => j.steps ?? []);
}

function scripts(workflow: Workflow): string {
  return steps(workflow)
    .map((s) => s.run ?? '')
    .join('\n');
}

/** The linter from npm (action-validator): schema errors, bad globs, unknown keys. */
export function lintWorkflow(root: string, file: string): string[] {
  const state = validateWorkflow(readText(root, file));
  return state.errors.map(
    (e) =>
      `${file}: ${e.title}${'path' in e && e.path ? ` at ${e.path}` : ''}${e.detail ? `: ${e.detail}` : ''}`,
  );
}

const PINNED = /^[\w.-]+\/[\w./-]+@([0-9a-f]{40}|v?\d+\.\d+\.\d+)$/;

/** Pinned actions and least-privilege permissions, for any workflow. */
export function checkHygiene(workflow: Workflow): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${workflow.file}: ${message}`);
  for (const step of steps(workflow)) {
    if (
      step.uses &&
      !step.uses.startsWith('./') &&
      !step.uses.startsWith('docker://') &&
      !PINNED.test(step.uses)
    ) {
      p(`${step.uses} is not pinned to a full commit SHA or an exact version`);
    }
  }
  if (workflow.permissions === undefined)
    p('no top-level permissions: block (the default token may write)');
  const all = [workflow.permissions, ...Object.values(workflow.jobs).map((j) => j.permissions)];
  for (const permissions of all) {
    if (typeof permissions === 'string')
      p(`permissions: ${permissions} (grant each scope it needs instead)`);
  }
  for (const [name, job] of Object.entries(workflow.jobs)) {
    const usesAws = (job.steps ?? []).some((s) =>
      s.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    const permissions = typeof job.permissions === 'object' ? job.permissions : {};
    const topLevel = typeof workflow.permissions === 'object' ? workflow.permissions : {};
    const idToken = permissions['id-token'] ?? topLevel['id-token'];
    if (usesAws && idToken !== 'write')
      p(`job ${name} assumes an AWS role but lacks permissions: id-token: write`);
    if (!usesAws && idToken === 'write')
      p(`job ${name} has id-token: write but assumes no AWS role`);
    for (const [scope, level] of Object.entries({ ...topLevel, ...permissions })) {
      if (level === 'write' && scope !== 'id-token')
        p(`job ${name}: ${scope}: write is more than it needs`);
    }
    for (const step of job.steps ?? []) {
      if (!step.uses?.startsWith('aws-actions/configure-aws-credentials@')) continue;
      if (!step.with?.['role-to-assume'])
        p(`job ${name}: configure-aws-credentials without role-to-assume`);
      if (step.with?.['aws-access-key-id'] || step.with?.['aws-secret-access-key'])
        p(`job ${name}: stored AWS keys (use the OIDC role)`);
      if (job.environment === undefined)
        p(`job ${name}: the deploy role trusts one GitHub environment: declare environment:`);
    }
  }
  return problems;
}

/** The README's test command (the second of its two commands). */
export function readmeTestCommand(root: string): string {
  const block = /## Two commands[\s\S]*?```sh\n([\s\S]*?)```/.exec(readText(root, 'README.md'));
  const line = block?.[1]?.split('\n').find((l) => /^npm (run )?test\b/.test(l.trim()));
  if (!line) throw new Error('README.md: no test command under "## Two commands"');
  const [command = ''] = line.split('#');
  return command.trim();
}

export function checkCi(root: string, workflow: Workflow): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${workflow.file}: ${message}`);
  for (const trigger of ['push', 'pull_request'])
    if (!(trigger in workflow.on)) p(`not triggered on ${trigger}`);
  const jobs = Object.values(workflow.jobs);
  const matrixNodes = jobs
    .flatMap((j) => (j.strategy?.matrix?.['node'] as unknown[] | undefined) ?? [])
    .map(String);
  for (const node of ['20', '22', '24'])
    if (!matrixNodes.includes(node)) p(`Node ${node} is not in the test matrix`);
  const images = jobs.flatMap((j) => Object.values(j.services ?? {}).map((s) => s.image ?? ''));
  if (!images.some((i) => /^postgres:/.test(i))) p('no PostgreSQL service container');
  if (!images.some((i) => /^redis:/.test(i))) p('no Redis service container');
  const setupNode = steps(workflow).filter((s) => s.uses?.startsWith('actions/setup-node@'));
  if (setupNode.length === 0 || setupNode.some((s) => s.with?.['cache'] !== 'npm'))
    p('actions/setup-node without cache: npm');
  const run = scripts(workflow);
  const testCommand = readmeTestCommand(root);
  if (!/^npm ci\b/m.test(run)) p('no `npm ci`');
  if (!run.split('\n').some((l) => l.trim() === testCommand))
    p(`does not run the README's test command (${testCommand})`);
  if (!/nx affected\b/.test(run)) p('no `nx affected`');
  for (const target of ['lint', 'typecheck', 'build']) {
    if (!new RegExp(`nx (affected|run-many) -t [\\w ]*\\b${target}\\b`).test(run))
      p(`no nx ${target}`);
  }
  return problems;
}

export interface ImageEntry {
  app: string;
  repository: string;
  dockerfile: string;
}

export function checkBuildAndPush(
  root: string,
  workflow: Workflow,
  ecrRepositories: string[],
): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${workflow.file}: ${message}`);
  const push = (workflow.on['push'] ?? {}) as { branches?: string[]; tags?: string[] };
  if (!push.branches?.includes('main')) p('not triggered by pushes to main');
  if (!push.tags?.length) p('not triggered by version tags');
  const entries = Object.values(workflow.jobs).flatMap(
    (j) => (j.strategy?.matrix?.include ?? []) as unknown as ImageEntry[],
  );
  const repositories = entries.map((e) => e.repository).sort();
  if (repositories.join() !== [...ecrRepositories].sort().join()) {
    p(
      `pushes to [${repositories.join(', ')}], but the ECR repositories are [${ecrRepositories.join(', ')}]`,
    );
  }
  for (const entry of entries) {
    const app = APPS.find((a) => a.name === entry.app);
    if (!app) p(`matrix app ${entry.app} is not an app`);
    else if (entry.dockerfile !== app.dockerfile || entry.repository !== app.image) {
      p(
        `${entry.app}: expected ${app.dockerfile} → ${app.image}, got ${entry.dockerfile} → ${entry.repository}`,
      );
    }
    if (!fileExists(root, entry.dockerfile)) p(`${entry.dockerfile} does not exist`);
  }
  const run = scripts(workflow);
  if (!/docker push "?\$image"?/.test(run) || !/\$REPOSITORY:\$SHA/.test(run))
    p('images are not pushed as <repository>:<commit SHA>');
  if (!/--image-tag "?\$TAG"?/.test(run)) p('version tags are not added to the image');
  const env = Object.values(workflow.jobs).map((j) => j.env ?? {});
  if (!env.some((e) => e['SHA'] === '${{ github.sha }}')) p('SHA must be ${{ github.sha }}');
  return problems;
}

/**
 * deploy.yml: its TASKS/SERVICES lists against Terraform's names (task definition families and
 * their containers, services, repositories), and the order migrate → update → wait.
 */
export function checkDeploy(
  workflow: Workflow,
  buildWorkflowName: string | undefined,
  ecs: { containers: string[]; services: string[]; migrateTask: string },
  ecrRepositories: string[],
): string[] {
  const problems: string[] = [];
  const p = (message: string) => problems.push(`${workflow.file}: ${message}`);
  if (!('workflow_dispatch' in workflow.on)) p('cannot be started by hand (workflow_dispatch)');
  const after = workflow.on['workflow_run'] as
    | { workflows?: string[]; branches?: string[]; types?: string[] }
    | undefined;
  if (!after?.workflows?.includes(buildWorkflowName ?? ''))
    p(`does not run after the build workflow (${buildWorkflowName ?? 'unnamed'})`);
  if (!after?.branches?.includes('main')) p('workflow_run is not limited to main');
  const jobs = Object.values(workflow.jobs);
  if (!jobs.every((j) => /workflow_run\.conclusion == 'success'/.test(j.if ?? '')))
    p("jobs must require github.event.workflow_run.conclusion == 'success'");
  const env = Object.assign({}, ...jobs.map((j) => j.env ?? {})) as Record<string, string>;
  const tasks = String(env['TASKS'] ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => t.split(':'));
  const containers = tasks.map(([name]) => name);
  for (const container of ecs.containers)
    if (!containers.includes(container))
      p(`TASKS lacks ${container} (a task definition of the stack)`);
  for (const [name = '', repository] of tasks) {
    if (!ecs.containers.includes(name))
      p(`TASKS has ${name}, which is not a task definition/container of the stack`);
    if (repository === undefined)
      p(`TASKS has ${name} without a repository (container:repository)`);
    else if (!ecrRepositories.includes(repository))
      p(`TASKS uses repository ${repository}, not one of [${ecrRepositories.join(', ')}]`);
  }
  const services = String(env['SERVICES'] ?? '')
    .split(/\s+/)
    .filter(Boolean);
  if ([...services].sort().join() !== [...ecs.services].sort().join())
    p(`SERVICES is [${services.join(', ')}], the ECS services are [${ecs.services.join(', ')}]`);
  if (env['MIGRATE_TASK'] !== ecs.migrateTask) p(`MIGRATE_TASK must be ${ecs.migrateTask}`);
  const run = scripts(workflow);
  const order = [
    'aws ecs register-task-definition',
    'aws ecs run-task',
    'aws ecs wait tasks-stopped',
    'exitCode',
    'aws ecs update-service',
    'aws ecs wait services-stable',
    'rolloutState',
  ];
  let previous: { command: string; position: number } | undefined;
  for (const command of order) {
    const position = run.indexOf(command);
    if (position < 0) p(`never runs ${command}`);
    else if (previous && position < previous.position)
      p(`${command} comes before ${previous.command}`);
    previous = { command, position };
  }
  return problems;
}

export function workflowFiles(root: string): string[] {
  return [...listFiles(root, WORKFLOWS_DIR, '.yml'), ...listFiles(root, WORKFLOWS_DIR, '.yaml')];
}

import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type App, fail, image, info, LOGS, ROOT } from './harness';
import { podman, run, withoutPodmanNoise } from './podman';

/** The tools, the base image (pulled, or made by the shared script) and each app's image. */
export const BASE_IMAGE = 'docker.io/library/node:22-bookworm-slim';
const BASE_SCRIPT = resolve(ROOT, '..', 'shared', 'containers', 'make-node-base-image.sh');

export async function ensureTools(): Promise<void> {
  for (const tool of ['podman', 'runc']) {
    const found = await run('sh', ['-c', `command -v ${tool}`]);
    if (found.code !== 0)
      fail(`${tool} is not installed (apt-get install -y podman runc debootstrap)`);
  }
  info((await run('podman', ['--version'])).stdout.trim());
}

export async function ensureBaseImage(): Promise<void> {
  if ((await podman(['image', 'exists', BASE_IMAGE])).code === 0) {
    info(`${BASE_IMAGE} is present`);
    return;
  }
  info(`${BASE_IMAGE} is missing: trying podman pull`);
  const pulled = await podman(['pull', BASE_IMAGE], { timeoutMs: 120_000 });
  if (pulled.code === 0) return;
  info(
    `pull failed (${withoutPodmanNoise(pulled.stderr).split('\n').at(-1) ?? ''}); building it with ${BASE_SCRIPT}`,
  );
  if (!existsSync(BASE_SCRIPT)) fail(`${BASE_SCRIPT} not found: cannot make ${BASE_IMAGE}`);
  const made = await run('bash', [BASE_SCRIPT, '22'], {
    timeoutMs: 1_800_000,
    logFile: join(LOGS, 'base-image.log'),
  });
  if (made.code !== 0)
    fail(
      `${BASE_SCRIPT} failed (see ${join(LOGS, 'base-image.log')}): ${made.stderr.slice(-1500)}`,
    );
  info(made.stdout.trim());
}

export async function build(app: App): Promise<void> {
  const log = join(LOGS, `${app}-build.log`);
  rmSync(log, { force: true });
  const result = await podman(
    [
      'build',
      '--format',
      'docker',
      '--network',
      'host',
      '--file',
      `apps/${app}/Dockerfile`,
      '--tag',
      image(app),
      ROOT,
    ],
    {
      timeoutMs: 2_400_000,
      logFile: log,
      onLine: (line) =>
        /^\[\d+\/\d+\] STEP \d+\/\d+: (FROM|RUN)/.test(line) && info(line.slice(0, 140)),
    },
  );
  if (result.code !== 0)
    fail(
      `podman build failed (full log: ${log}):\n${result.stdout.split('\n').slice(-25).join('\n')}\n${withoutPodmanNoise(result.stderr).slice(-1500)}`,
    );
}

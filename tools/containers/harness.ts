import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { podman, ulimitFlags, waitFor, withoutPodmanNoise } from './podman';

/** What every check of test:containers shares: the run's identity, steps, and container probes. */
export const ROOT = resolve(__dirname, '..', '..');
export const LOGS = join(ROOT, 'dist', 'test-results', 'containers');
export const APPS = ['auth-api', 'web', 'ml-cli'] as const;
export type App = (typeof APPS)[number];
export const image = (app: App) => `localhost/gatehouse-${app}:containers-test`;
export const runId = `${process.pid}-${randomBytes(3).toString('hex')}`;

/** Containers started by this run, and what to undo at the end (in reverse). */
export const containers: string[] = [];
export const cleanups: (() => Promise<unknown>)[] = [];
export const summary: string[] = [];
export const results = { passed: 0, failed: 0 };
let stepNumber = 0;

export class StepFailure extends Error {}

export function fail(message: string): never {
  throw new StepFailure(message);
}

export async function step<T>(title: string, body: () => Promise<T>): Promise<T> {
  stepNumber++;
  const started = Date.now();
  process.stdout.write(`▶ ${stepNumber}. ${title}\n`);
  try {
    const result = await body();
    results.passed++;
    process.stdout.write(`  ✔ ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    results.failed++;
    process.stdout.write(
      `  ✘ ${title}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    throw error;
  }
}

export const info = (line: string) => process.stdout.write(`    ${line}\n`);

export async function must(
  what: string,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<string> {
  const result = await podman(args, { timeoutMs });
  if (result.code !== 0)
    fail(
      `${what} failed (exit ${result.code}): ${withoutPodmanNoise(result.stderr || result.stdout).slice(-2000)}`,
    );
  return result.stdout.trim();
}

export function runFlags(name: string): string[] {
  // --health-interval=disable: no systemd timer (none here); `podman healthcheck run` still runs it.
  return ['--name', name, '--network', 'host', '--health-interval=disable', ...ulimitFlags()];
}

export async function logsOf(name: string): Promise<string> {
  const result = await podman(['logs', name]);
  return withoutPodmanNoise(`${result.stdout}\n${result.stderr}`).split('\n').slice(-30).join('\n');
}

export async function start(
  name: string,
  flags: string[],
  env: Record<string, string>,
  imageName: string,
  command: string[] = [],
): Promise<void> {
  containers.push(name);
  const envFlags = Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  await must(`podman run ${name}`, [
    'run',
    '--detach',
    ...runFlags(name),
    ...flags,
    ...envFlags,
    imageName,
    ...command,
  ]);
}

export async function json(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: callers look at text
  }
  return { status: response.status, body, text };
}

export async function waitHealthy(
  name: string,
  url: string,
  expect: (body: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  return waitFor(`${name} ${url}`, 90_000, async () => {
    const state = await podman(['inspect', '--format', '{{.State.Status}}', name]);
    if (state.stdout.trim() !== 'running')
      fail(`${name} is ${state.stdout.trim() || 'gone'}:\n${await logsOf(name)}`);
    const { status, body } = await json(url);
    if (status === 200 && expect(body)) return body;
    throw new Error(`${status} ${JSON.stringify(body)}`);
  });
}

export async function checkHealthcheck(name: string): Promise<void> {
  const result = await podman(['healthcheck', 'run', name], { timeoutMs: 30_000 });
  if (result.code !== 0)
    fail(
      `the image's HEALTHCHECK reports ${withoutPodmanNoise(result.stdout + result.stderr) || 'unhealthy'}`,
    );
  info(`HEALTHCHECK: ${withoutPodmanNoise(result.stdout) || 'healthy'}`);
}

export async function checkNonRoot(name: string): Promise<void> {
  const uid = (await must('podman exec id', ['exec', name, 'id', '-u'])).trim();
  const user = await must('podman inspect', ['inspect', '--format', '{{.Config.User}}', name]);
  if (uid === '0') fail(`${name} runs as root (image USER "${user}")`);
  info(`runs as uid ${uid} (image USER ${user})`);
}

/** SIGTERM (podman stop, 10 s grace) must end the container by itself, well before SIGKILL. */
export async function checkStops(name: string): Promise<void> {
  const started = Date.now();
  await must('podman stop', ['stop', '--time', '10', name], 30_000);
  const seconds = (Date.now() - started) / 1000;
  const code = Number(
    await must('podman inspect', ['inspect', '--format', '{{.State.ExitCode}}', name]),
  );
  info(`stopped in ${seconds.toFixed(1)} s, exit code ${code}`);
  if (code === 137 || seconds >= 10)
    fail(
      `${name} ignored SIGTERM and was killed (exit ${code}, ${seconds.toFixed(1)} s):\n${await logsOf(name)}`,
    );
  if (code !== 0 && code !== 143)
    fail(`${name} exited with ${code} on SIGTERM:\n${await logsOf(name)}`);
}

export async function imageSize(name: string): Promise<number> {
  return Number(
    await must('podman image inspect', ['image', 'inspect', '--format', '{{.Size}}', name]),
  );
}

export const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  timeoutMs?: number;
  /** Also append stdout and stderr to this file. */
  logFile?: string;
  /** Called for each line of output (stdout and stderr). */
  onLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/** Runs a program to completion (no shell); never throws for a non-zero exit. */
export function run(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    });
    const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    let stdout = '';
    let stderr = '';
    let partial = '';
    const lines = (chunk: string) => {
      if (!options.onLine) return;
      const all = (partial + chunk).split('\n');
      partial = all.pop() ?? '';
      all.forEach(options.onLine);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      log?.write(chunk);
      lines(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      log?.write(chunk);
      lines(chunk);
    });
    const timer = options.timeoutMs
      ? setTimeout(() => {
          stderr += `\n(timed out after ${options.timeoutMs} ms)`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.on('error', (error) => {
      clearTimeout(timer);
      log?.end();
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      log?.end();
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * `podman --runtime runc …`: crun cannot set rlimits in this sandbox, runc can, within the
 * limits this process has (podman's defaults ask for more, which the kernel refuses).
 */
export function podman(args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return run('podman', ['--runtime', 'runc', ...args], options);
}

function hardLimit(name: string): number | undefined {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(name));
    const hard = line?.slice(name.length).trim().split(/\s+/)[1];
    return hard === undefined || hard === 'unlimited' ? undefined : Number(hard);
  } catch {
    return undefined;
  }
}

/** `--ulimit` flags no higher than this process's own hard limits. */
export function ulimitFlags(): string[] {
  const files = Math.min(hardLimit('Max open files') ?? 65_536, 65_536);
  return ['--ulimit', `nofile=${files}:${files}`, '--ulimit', 'nproc=4096:4096'];
}

/** Podman's own complaints about systemd timers (none here) are noise, not failures. */
export function withoutPodmanNoise(text: string): string {
  return text
    .split('\n')
    .filter(
      (l) => !/level=(error|warning) msg=".*(systemd|healthcheck timer|Removing timer)/i.test(l),
    )
    .join('\n')
    .trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns a value, or fails with the last error after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(500);
  }
  throw new Error(`${what}: not ready after ${timeoutMs / 1000} s (${last})`);
}

import { execFileSync } from 'node:child_process';

export interface GitState {
  readonly commit: string;
  /** Tracked files differ from the commit. */
  readonly dirty: boolean;
}

/**
 * The commit checked out in the workspace, else in the repository the running code comes from;
 * undefined outside git (e.g. in a container image).
 */
export function gitCommit(root: string): GitState | undefined {
  return gitState(root) ?? gitState(__dirname);
}

function gitState(cwd: string): GitState | undefined {
  const git = (...args: string[]) =>
    execFileSync('git', ['--no-optional-locks', ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('rev-parse', 'HEAD');
    const dirty = git('status', '--porcelain', '--untracked-files=no').length > 0;
    return { commit, dirty };
  } catch {
    return undefined;
  }
}

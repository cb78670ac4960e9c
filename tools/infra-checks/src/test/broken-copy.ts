import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../lib/workspace';

/** What the checks read: copied to a temp workspace, where a test breaks one thing. */
const INPUTS = [
  'README.md',
  '.dockerignore',
  '.env.example',
  'docker-compose.yml',
  '.github/workflows',
  'infra',
  'apps/auth-api/Dockerfile',
  'apps/auth-api/src/main.ts',
  'apps/auth-api/src/config',
  'apps/auth-api/src/app/health',
  'apps/web/Dockerfile',
  'apps/web/src/config',
  'apps/web/src/app/health',
  'apps/ml-cli/Dockerfile',
  'apps/ml-cli/src/config',
  'libs/server-runtime/src/lib/config',
];

export interface BrokenCopy {
  root: string;
  read(file: string): string;
  /** Replaces `from` (which must occur exactly once) with `to` in a file of the copy. */
  replace(file: string, from: string | RegExp, to: string): BrokenCopy;
  /** Appends text to a file of the copy. */
  append(file: string, text: string): BrokenCopy;
  remove(file: string): BrokenCopy;
  dispose(): void;
}

/** A fresh copy of the checked files (and `extra` ones), which a test then breaks on purpose. */
export function brokenCopy(extra: string[] = []): BrokenCopy {
  const root = mkdtempSync(join(tmpdir(), 'infra-checks-'));
  for (const input of [...INPUTS, ...extra]) {
    const from = join(WORKSPACE_ROOT, input);
    if (!existsSync(from)) continue;
    cpSync(from, join(root, input), {
      recursive: true,
      filter: (path) =>
        !/[\\/](\.terraform|node_modules)([\\/]|$)/.test(path) && !path.endsWith('.tfstate'),
    });
  }
  const copy: BrokenCopy = {
    root,
    read: (file) => readFileSync(join(root, file), 'utf8'),
    replace(file, from, to) {
      const path = join(root, file);
      const text = readFileSync(path, 'utf8');
      const count =
        typeof from === 'string'
          ? text.split(from).length - 1
          : (text.match(new RegExp(from.source, `${from.flags.replace('g', '')}g`)) ?? []).length;
      // A mutation that changes nothing would make the test pass vacuously.
      if (count !== 1)
        throw new Error(`${file}: expected exactly one match of ${String(from)}, found ${count}`);
      writeFileSync(path, text.replace(from, to));
      return copy;
    },
    append(file, text) {
      const path = join(root, file);
      writeFileSync(path, `${readFileSync(path, 'utf8')}${text}`);
      return copy;
    },
    remove(file) {
      rmSync(join(root, file), { recursive: true, force: true });
      return copy;
    },
    dispose() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  return copy;
}

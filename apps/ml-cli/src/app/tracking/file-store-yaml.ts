import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** MLflow's file store keeps metadata in `meta.yaml`, keys sorted as PyYAML writes them. */
export const META = 'meta.yaml';

export async function readMeta<T>(dir: string): Promise<T | undefined> {
  try {
    return parse(await readFile(join(dir, META), 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function writeMeta(dir: string, meta: Record<string, unknown>): Promise<void> {
  await writeFile(join(dir, META), stringify(meta, { sortMapEntries: true, lineWidth: 0 }));
}

/** Keys may hold `/` (nested files) but never `..` or absolute paths. */
export function safeKey(key: string, what: string): string {
  if (!/^[\w\-. /]+$/.test(key) || key.split('/').some((part) => part === '..' || part === '')) {
    throw new Error(`Invalid ${what} name "${key}" for the MLflow file store`);
  }
  return key;
}

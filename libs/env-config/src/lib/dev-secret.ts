import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Development only: a random secret generated on first use and kept in DATA_DIR, so that
 * restarts keep sessions valid without anyone committing or typing a secret.
 */
export function loadOrCreateDevSecret(dataDir: string, name: string, bytes = 32): Buffer {
  const path = join(dataDir, 'secrets', name);
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(bytes);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, secret.toString('hex'), { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return secret;
}

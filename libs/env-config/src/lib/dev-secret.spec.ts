import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateDevSecret } from './dev-secret';

describe('loadOrCreateDevSecret', () => {
  it('creates a random secret once, readable by its owner only, and returns it on later calls', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'env-config-'));
    const first = loadOrCreateDevSecret(dataDir, 'jwt-secret');
    expect(first).toHaveLength(32);
    const path = join(dataDir, 'secrets', 'jwt-secret');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(first.toString('hex'));
    expect(loadOrCreateDevSecret(dataDir, 'jwt-secret').equals(first)).toBe(true);
    expect(loadOrCreateDevSecret(dataDir, 'other').equals(first)).toBe(false);
  });
});

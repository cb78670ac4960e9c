import { loadOrCreateDevSecret } from '@gatehouse/env-config';
import type { AppConfig } from './app-config';

/** SESSION_SECRET, or outside production a secret generated once and kept under DATA_DIR. */
export function sessionSecret(config: AppConfig): string {
  return (
    config.SESSION_SECRET ??
    loadOrCreateDevSecret(config.DATA_DIR, 'web-session-secret').toString('hex')
  );
}

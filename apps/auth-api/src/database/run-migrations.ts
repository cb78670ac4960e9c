import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source';

/**
 * Applies pending migrations (the production path: a one-off task before new code serves).
 * Without the serving timeouts: an index build on a large table may take longer.
 */
export async function runMigrations(config: AppConfig): Promise<void> {
  const { DATABASE_URL, DATABASE_POOL_SIZE } = config;
  const dataSource = await new DataSource(
    buildDataSourceOptions({ DATABASE_URL, DATABASE_POOL_SIZE }),
  ).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      `auth-api: ${applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date'}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

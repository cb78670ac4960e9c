import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source';

/** Applies pending migrations (the production path: a one-off task before new code serves). */
export async function runMigrations(config: AppConfig): Promise<void> {
  const dataSource = await new DataSource(buildDataSourceOptions(config)).initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      `auth-api: ${applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'schema is up to date'}\n`,
    );
  } finally {
    await dataSource.destroy();
  }
}

import { Client } from 'pg';
import { POSTGRES_ADMIN_URL } from './databases';

/**
 * Decides once per run whether the PostgreSQL suites run. TEST_POSTGRES=required (set by
 * .ci/run) turns an unreachable server into a failure instead of a skip; =off skips them.
 */
export default async function globalSetup(): Promise<void> {
  const mode = process.env['TEST_POSTGRES'] ?? 'auto';
  if (mode === 'off') return;
  const client = new Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    process.env['GATEHOUSE_TEST_POSTGRES_AVAILABLE'] = '1';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (mode === 'required')
      throw new Error(`PostgreSQL is required but unreachable at ${POSTGRES_ADMIN_URL}: ${reason}`);
    process.stderr.write(
      `\n!! PostgreSQL unreachable (${reason}): the PostgreSQL suites are SKIPPED.\n\n`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

import type { QueryRunner } from 'typeorm';

/**
 * Column types and defaults as the running driver spells them, so one migration creates the
 * same schema on SQLite and PostgreSQL (and matches what the entities declare; a test checks).
 */
export function portableTypes(queryRunner: QueryRunner) {
  const driver = queryRunner.connection.driver;
  const isPostgres = driver.options.type === 'postgres';
  return {
    uuid: isPostgres ? 'uuid' : 'varchar',
    timestamp: isPostgres ? 'timestamp' : 'datetime',
    now: isPostgres ? 'now()' : "datetime('now')",
    true: isPostgres ? 'true' : '1',
    false: isPostgres ? 'false' : '0',
    varchar: isPostgres ? 'character varying' : 'varchar',
    text: 'text',
  };
}

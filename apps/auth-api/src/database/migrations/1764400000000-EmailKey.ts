import { emailKey } from '@gatehouse/domain';
import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { portableTypes } from './portable-types';

const LOWER_EMAIL_INDEX = 'CREATE UNIQUE INDEX "UQ_users_email_lower" ON "users" (LOWER("email"))';

/**
 * users.email_key: the comparison key of the address (NFKC, lower-cased), unique, so that
 * look-alike addresses (full-width letters, decomposed accents) cannot open a second account.
 *
 * Existing rows are backfilled here. Where look-alikes already exist, the oldest account keeps
 * the key; each later one gets `#<its id>`, which no address can produce (a key holds an @), so
 * no sign-in or lookup reaches it until an admin deletes it. Each is logged.
 */
export class EmailKey1764400000000 implements MigrationInterface {
  name = 'EmailKey1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    const column = { name: 'email_key', type: t.varchar, length: '254' };
    // TypeORM rebuilds a SQLite table to change it and cannot carry an expression index across.
    await queryRunner.query('DROP INDEX "UQ_users_email_lower"');
    await queryRunner.addColumn('users', new TableColumn({ ...column, isNullable: true }));

    const rows = (await queryRunner.query(
      'SELECT id, email FROM users ORDER BY created_at, id',
    )) as { id: string; email: string }[];
    const taken = new Set<string>();
    for (const { id, email } of rows) {
      let key = emailKey(email);
      if (taken.has(key) || key.length > 254) {
        queryRunner.connection.logger.logMigration(
          `users ${id}: its email looks like an older account's; no sign-in reaches it (key #${id})`,
        );
        key = `#${id}`;
      }
      taken.add(key);
      await queryRunner.query(
        postgres
          ? 'UPDATE users SET email_key = $1 WHERE id = $2'
          : 'UPDATE users SET email_key = ? WHERE id = ?',
        [key, id],
      );
    }

    await queryRunner.changeColumn(
      'users',
      'email_key',
      new TableColumn({ ...column, isNullable: false }),
    );
    await queryRunner.query(LOWER_EMAIL_INDEX);
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'UQ_users_email_key', columnNames: ['email_key'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "UQ_users_email_lower"'); // before TypeORM reads the table
    await queryRunner.dropIndex('users', 'UQ_users_email_key');
    await queryRunner.dropColumn('users', 'email_key');
    await queryRunner.query(LOWER_EMAIL_INDEX);
  }
}

import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { portableTypes } from './portable-types';

/**
 * Re-authentication (ASVS 7.5.1): when each session last proved a credential again, and the
 * new address an email-change link confirms.
 */
export class RecentAuthentication1764500000000 implements MigrationInterface {
  name = 'RecentAuthentication1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'session_auth_times',
        columns: [
          {
            name: 'family_id',
            type: t.uuid,
            isPrimary: true,
            primaryKeyConstraintName: 'PK_session_auth_times',
          },
          { name: 'user_id', type: t.uuid },
          { name: 'authenticated_at', type: t.timestamp },
        ],
        indices: [{ name: 'IDX_session_auth_times_user_id', columnNames: ['user_id'] }],
        foreignKeys: [
          {
            name: 'FK_session_auth_times_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.addColumn(
      'action_tokens',
      new TableColumn({ name: 'new_email', type: t.varchar, length: '254', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('action_tokens', 'new_email');
    await queryRunner.dropTable('session_auth_times');
  }
}

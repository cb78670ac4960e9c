import { type MigrationInterface, type QueryRunner, Table, type TableColumnOptions } from 'typeorm';
import { portableTypes } from './portable-types';

/** Email and reset tokens, the audit log, and TOTP two-factor state. */
export class AccountLifecycle1764200000000 implements MigrationInterface {
  name = 'AccountLifecycle1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    const userFk = (table: string) => ({
      name: `FK_${table}_user_id`,
      columnNames: ['user_id'],
      referencedTableName: 'users',
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE',
    });
    const id = (table: string): TableColumnOptions => ({
      name: 'id',
      type: t.uuid,
      isPrimary: true,
      primaryKeyConstraintName: `PK_${table}`,
    });
    const createdAt: TableColumnOptions = { name: 'created_at', type: t.timestamp, default: t.now };

    await queryRunner.createTable(
      new Table({
        name: 'action_tokens',
        columns: [
          id('action_tokens'),
          { name: 'user_id', type: t.uuid },
          { name: 'purpose', type: t.varchar, length: '32' },
          { name: 'token_hash', type: t.varchar, length: '64' },
          { name: 'expires_at', type: t.timestamp },
          { name: 'used_at', type: t.timestamp, isNullable: true },
          createdAt,
        ],
        indices: [
          { name: 'UQ_action_tokens_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'IDX_action_tokens_user_id_purpose', columnNames: ['user_id', 'purpose'] },
        ],
        foreignKeys: [userFk('action_tokens')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          id('audit_events'),
          { name: 'type', type: t.varchar, length: '64' },
          { name: 'user_id', type: t.uuid, isNullable: true },
          { name: 'actor_id', type: t.uuid, isNullable: true },
          { name: 'ip', type: t.varchar, length: '64', isNullable: true },
          { name: 'user_agent', type: t.varchar, length: '512', isNullable: true },
          { name: 'trace_id', type: t.varchar, length: '64', isNullable: true },
          { name: 'details', type: t.text },
          createdAt,
        ],
        indices: [
          { name: 'IDX_audit_events_created_at', columnNames: ['created_at'] },
          { name: 'IDX_audit_events_type_created_at', columnNames: ['type', 'created_at'] },
          { name: 'IDX_audit_events_user_id_created_at', columnNames: ['user_id', 'created_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_mfa',
        columns: [
          {
            name: 'user_id',
            type: t.uuid,
            isPrimary: true,
            primaryKeyConstraintName: 'PK_user_mfa',
          },
          { name: 'secret_encrypted', type: t.varchar, length: '255', isNullable: true },
          { name: 'pending_secret_encrypted', type: t.varchar, length: '255', isNullable: true },
          { name: 'enabled_at', type: t.timestamp, isNullable: true },
          { name: 'last_used_step', type: 'integer', isNullable: true },
          { name: 'updated_at', type: t.timestamp, default: t.now },
        ],
        foreignKeys: [userFk('user_mfa')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mfa_recovery_codes',
        columns: [
          id('mfa_recovery_codes'),
          { name: 'user_id', type: t.uuid },
          { name: 'code_hash', type: t.varchar, length: '255' },
          { name: 'used_at', type: t.timestamp, isNullable: true },
          createdAt,
        ],
        indices: [{ name: 'IDX_mfa_recovery_codes_user_id', columnNames: ['user_id'] }],
        foreignKeys: [userFk('mfa_recovery_codes')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mfa_recovery_codes');
    await queryRunner.dropTable('user_mfa');
    await queryRunner.dropTable('audit_events');
    await queryRunner.dropTable('action_tokens');
  }
}

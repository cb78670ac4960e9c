import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { portableTypes } from './portable-types';

/**
 * WebAuthn challenges, shared by every auth-api process: one row per ceremony, holding a hash
 * of the challenge, the flow that asked for it (and for whom), its expiry and its use.
 */
export class WebAuthnChallenges1764700000000 implements MigrationInterface {
  name = 'WebAuthnChallenges1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'webauthn_challenges',
        columns: [
          {
            name: 'id',
            type: t.uuid,
            isPrimary: true,
            primaryKeyConstraintName: 'PK_webauthn_challenges',
          },
          // registration | authentication | reauthentication
          { name: 'kind', type: t.varchar, length: '16' },
          { name: 'user_id', type: t.uuid, isNullable: true },
          { name: 'session_id', type: t.uuid, isNullable: true },
          { name: 'challenge_hash', type: t.varchar, length: '64' },
          { name: 'expires_at', type: t.timestamp },
          { name: 'used_at', type: t.timestamp, isNullable: true },
          { name: 'created_at', type: t.timestamp, default: t.now },
        ],
        indices: [{ name: 'IDX_webauthn_challenges_expires_at', columnNames: ['expires_at'] }],
        foreignKeys: [
          {
            name: 'FK_webauthn_challenges_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('webauthn_challenges');
  }
}

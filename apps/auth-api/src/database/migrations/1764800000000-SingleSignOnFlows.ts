import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { portableTypes } from './portable-types';

/**
 * Single sign-on flows in progress, one row each, used once: a flow started at a provider
 * (its state, nonce and PKCE verifier until the callback), and a pending link (a provider
 * account waiting for the owner of the matching local account to sign in). Tokens only as
 * SHA-256 hashes.
 */
export class SingleSignOnFlows1764800000000 implements MigrationInterface {
  name = 'SingleSignOnFlows1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'sso_flows',
        columns: [
          { name: 'id', type: t.uuid, isPrimary: true, primaryKeyConstraintName: 'PK_sso_flows' },
          // sign_in | link (started at the provider) | pending_link (waits for POST /link).
          { name: 'intent', type: t.varchar, length: '16' },
          { name: 'provider', type: t.varchar, length: '64' },
          // The flow_token (or link_token) the client holds, and the state sent to the provider.
          { name: 'token_hash', type: t.varchar, length: '64' },
          { name: 'state_hash', type: t.varchar, length: '64', isNullable: true },
          { name: 'nonce', type: t.varchar, length: '64', isNullable: true },
          { name: 'code_verifier', type: t.varchar, length: '128', isNullable: true },
          { name: 'redirect_uri', type: t.varchar, length: '2000', isNullable: true },
          // link: who started it; pending_link: the account the email matched.
          { name: 'user_id', type: t.uuid, isNullable: true },
          // link: the session that started it; sign_in: the session the flow opened.
          { name: 'session_id', type: t.uuid, isNullable: true },
          // pending_link: the provider account to link.
          { name: 'subject', type: t.varchar, length: '255', isNullable: true },
          { name: 'email', type: t.varchar, length: '254', isNullable: true },
          { name: 'expires_at', type: t.timestamp },
          { name: 'used_at', type: t.timestamp, isNullable: true },
          { name: 'created_at', type: t.timestamp, default: t.now },
        ],
        indices: [
          { name: 'UQ_sso_flows_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'IDX_sso_flows_session_id', columnNames: ['session_id'] },
          { name: 'IDX_sso_flows_expires_at', columnNames: ['expires_at'] },
        ],
        foreignKeys: [
          {
            name: 'FK_sso_flows_user_id',
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
    await queryRunner.dropTable('sso_flows');
  }
}

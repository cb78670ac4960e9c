import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { portableTypes } from './portable-types';

const LOWER_EMAIL_INDEX = 'CREATE UNIQUE INDEX "UQ_users_email_lower" ON "users" (LOWER("email"))';

/**
 * Ways to sign in besides the password: passkeys (WebAuthn credentials) and accounts at
 * OpenID Connect providers. The password becomes optional: a passwordless account signs in
 * with a passkey or a provider, and gets a password back through the reset link.
 */
export class SignInMethods1764600000000 implements MigrationInterface {
  name = 'SignInMethods1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    // TypeORM rebuilds a SQLite table to change it and cannot carry an expression index across.
    await queryRunner.query('DROP INDEX "UQ_users_email_lower"');
    await queryRunner.changeColumn(
      'users',
      'password_hash',
      new TableColumn({ name: 'password_hash', type: t.varchar, length: '255', isNullable: true }),
    );
    await queryRunner.query(LOWER_EMAIL_INDEX);

    await queryRunner.createTable(
      new Table({
        name: 'webauthn_credentials',
        columns: [
          {
            name: 'id',
            type: t.uuid,
            isPrimary: true,
            primaryKeyConstraintName: 'PK_webauthn_credentials',
          },
          { name: 'user_id', type: t.uuid },
          // base64url of the authenticator's raw id (at most 1023 bytes by the spec).
          { name: 'credential_id', type: t.varchar, length: '1400' },
          { name: 'public_key', type: t.text },
          { name: 'sign_count', type: 'bigint', default: 0 },
          { name: 'transports', type: t.varchar, length: '200', default: "''" },
          { name: 'aaguid', type: t.varchar, length: '36' },
          { name: 'device_type', type: t.varchar, length: '16' },
          { name: 'backed_up', type: 'boolean', default: t.false },
          { name: 'name', type: t.varchar, length: '64' },
          { name: 'created_at', type: t.timestamp, default: t.now },
          { name: 'last_used_at', type: t.timestamp, isNullable: true },
        ],
        indices: [
          {
            name: 'UQ_webauthn_credentials_credential_id',
            columnNames: ['credential_id'],
            isUnique: true,
          },
          { name: 'IDX_webauthn_credentials_user_id', columnNames: ['user_id'] },
        ],
        foreignKeys: [
          {
            name: 'FK_webauthn_credentials_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'user_identities',
        columns: [
          {
            name: 'id',
            type: t.uuid,
            isPrimary: true,
            primaryKeyConstraintName: 'PK_user_identities',
          },
          { name: 'user_id', type: t.uuid },
          // The provider's id in SSO_PROVIDERS, and the `sub` its ID tokens carry.
          { name: 'provider', type: t.varchar, length: '64' },
          { name: 'subject', type: t.varchar, length: '255' },
          { name: 'email', type: t.varchar, length: '254', isNullable: true },
          { name: 'created_at', type: t.timestamp, default: t.now },
          { name: 'last_used_at', type: t.timestamp, isNullable: true },
        ],
        indices: [
          {
            name: 'UQ_user_identities_provider_subject',
            columnNames: ['provider', 'subject'],
            isUnique: true,
          },
          {
            name: 'UQ_user_identities_user_id_provider',
            columnNames: ['user_id', 'provider'],
            isUnique: true,
          },
        ],
        foreignKeys: [
          {
            name: 'FK_user_identities_user_id',
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
    const t = portableTypes(queryRunner);
    await queryRunner.dropTable('user_identities');
    await queryRunner.dropTable('webauthn_credentials');
    // Passwordless accounts get an unusable hash: they sign in again through the reset link.
    await queryRunner.query("UPDATE users SET password_hash = '!' WHERE password_hash IS NULL");
    await queryRunner.query('DROP INDEX "UQ_users_email_lower"');
    await queryRunner.changeColumn(
      'users',
      'password_hash',
      new TableColumn({ name: 'password_hash', type: t.varchar, length: '255', isNullable: false }),
    );
    await queryRunner.query(LOWER_EMAIL_INDEX);
  }
}

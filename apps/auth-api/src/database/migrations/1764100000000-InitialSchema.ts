import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { portableTypes } from './portable-types';

export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = portableTypes(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'roles',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
            primaryKeyConstraintName: 'PK_roles',
          },
          { name: 'name', type: t.varchar, length: '50' },
        ],
        indices: [{ name: 'UQ_roles_name', columnNames: ['name'], isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: t.uuid, isPrimary: true, primaryKeyConstraintName: 'PK_users' },
          { name: 'email', type: t.varchar, length: '254' },
          { name: 'password_hash', type: t.varchar, length: '255' },
          { name: 'is_active', type: 'boolean', default: t.true },
          { name: 'is_verified', type: 'boolean', default: t.false },
          { name: 'first_name', type: t.varchar, length: '100', isNullable: true },
          { name: 'last_name', type: t.varchar, length: '100', isNullable: true },
          { name: 'tokens_valid_after', type: t.timestamp, isNullable: true },
          { name: 'created_at', type: t.timestamp, default: t.now },
          { name: 'updated_at', type: t.timestamp, default: t.now },
        ],
        indices: [{ name: 'UQ_users_email', columnNames: ['email'], isUnique: true }],
      }),
    );
    // Emails are lower-cased by the app; this also refuses case variants written around it.
    await queryRunner.query(
      'CREATE UNIQUE INDEX "UQ_users_email_lower" ON "users" (LOWER("email"))',
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_roles',
        columns: [
          {
            name: 'user_id',
            type: t.uuid,
            isPrimary: true,
            primaryKeyConstraintName: 'PK_23ed6f04fe43066df08379fd034',
          },
          {
            name: 'role_id',
            type: 'integer',
            isPrimary: true,
            primaryKeyConstraintName: 'PK_23ed6f04fe43066df08379fd034',
          },
        ],
        indices: [
          { name: 'IDX_87b8888186ca9769c960e92687', columnNames: ['user_id'] },
          { name: 'IDX_b23c65e50a758245a33ee35fda', columnNames: ['role_id'] },
        ],
        foreignKeys: [
          {
            name: 'FK_user_roles_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'CASCADE',
          },
          {
            name: 'FK_user_roles_role_id',
            columnNames: ['role_id'],
            referencedTableName: 'roles',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          {
            name: 'id',
            type: t.uuid,
            isPrimary: true,
            primaryKeyConstraintName: 'PK_refresh_tokens',
          },
          { name: 'token_hash', type: t.varchar, length: '64' },
          { name: 'user_id', type: t.uuid },
          { name: 'family_id', type: t.uuid },
          { name: 'expires_at', type: t.timestamp },
          { name: 'family_expires_at', type: t.timestamp },
          { name: 'revoked_at', type: t.timestamp, isNullable: true },
          { name: 'replaced_by', type: t.uuid, isNullable: true },
          { name: 'created_at', type: t.timestamp, default: t.now },
          { name: 'user_agent', type: t.varchar, length: '512', isNullable: true },
          { name: 'ip', type: t.varchar, length: '64', isNullable: true },
        ],
        indices: [
          { name: 'UQ_refresh_tokens_token_hash', columnNames: ['token_hash'], isUnique: true },
          { name: 'IDX_refresh_tokens_user_id', columnNames: ['user_id'] },
          { name: 'IDX_refresh_tokens_family_id', columnNames: ['family_id'] },
        ],
        foreignKeys: [
          {
            name: 'FK_refresh_tokens_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
    await queryRunner.query(`INSERT INTO "roles" ("name") VALUES ('user'), ('admin')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('refresh_tokens');
    await queryRunner.dropTable('user_roles');
    await queryRunner.query('DROP INDEX "UQ_users_email_lower"');
    await queryRunner.dropTable('users');
    await queryRunner.dropTable('roles');
  }
}

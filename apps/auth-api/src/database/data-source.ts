import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ActionTokenEntity } from '../app/action-tokens/action-token.entity';
import { AuditEventEntity } from '../app/audit/audit-event.entity';
import { RecoveryCodeEntity } from '../app/mfa/recovery-code.entity';
import { PasskeyEntity } from '../app/passkeys/passkey.entity';
import { WebAuthnChallengeEntity } from '../app/passkeys/webauthn-challenge.entity';
import { SessionAuthTimeEntity } from '../app/reauth/session-auth-time.entity';
import { RefreshTokenEntity } from '../app/sessions/refresh-token.entity';
import { SsoFlowEntity } from '../app/sso/sso-flow.entity';
import { UserIdentityEntity } from '../app/sso/user-identity.entity';
import { RoleEntity } from '../app/users/role.entity';
import { UserMfaEntity } from '../app/users/user-mfa.entity';
import { UserEntity } from '../app/users/user.entity';
import { MIGRATIONS } from './migrations';
import { pinPostgresToUtc } from './sql-dates';

export const ENTITIES = [
  UserEntity,
  RoleEntity,
  RefreshTokenEntity,
  ActionTokenEntity,
  AuditEventEntity,
  UserMfaEntity,
  RecoveryCodeEntity,
  SessionAuthTimeEntity,
  PasskeyEntity,
  UserIdentityEntity,
  WebAuthnChallengeEntity,
  SsoFlowEntity,
];

export interface DatabaseSettings {
  DATABASE_URL: string;
  DATABASE_POOL_SIZE: number;
  /** Unset (migrations from the CLI): no timeouts, so a long index build may finish. */
  DATABASE_CONNECT_TIMEOUT_MS?: number;
  DATABASE_STATEMENT_TIMEOUT_MS?: number;
}

/**
 * The client gives a silent server this much longer than the statement timeout, so that a
 * server that is alive reports its own cancellation (57014) first.
 */
const READ_TIMEOUT_MARGIN_MS = 500;

/** Without a statement timeout, SQLite waits this long for another writer's lock. */
const SQLITE_DEFAULT_BUSY_MS = 5000;

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** `sqlite:x.db`, `file:x.db` and bare paths all name a SQLite file; `:memory:` is kept. */
export function sqlitePath(url: string): string {
  const path = url.replace(/^(sqlite|file):(\/\/)?/i, '');
  return path === ':memory:' ? path : resolve(path);
}

/** The one description of the database, used by Nest (DatabaseModule) and the TypeORM CLI. */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const statement = settings.DATABASE_STATEMENT_TIMEOUT_MS;
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
  } as const;
  if (isPostgresUrl(settings.DATABASE_URL)) {
    pinPostgresToUtc();
    return {
      ...common,
      type: 'postgres',
      driver: pg,
      url: settings.DATABASE_URL,
      applicationName: 'gatehouse-auth-api',
      extra: {
        max: settings.DATABASE_POOL_SIZE,
        options: '-c TimeZone=UTC',
        // A frozen or unreachable server fails requests after these, instead of holding them.
        connectionTimeoutMillis: settings.DATABASE_CONNECT_TIMEOUT_MS ?? 0,
        statement_timeout: statement ?? false,
        query_timeout: statement === undefined ? undefined : statement + READ_TIMEOUT_MARGIN_MS,
        keepAlive: true,
      },
    };
  }
  const database = sqlitePath(settings.DATABASE_URL);
  if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    driver: BetterSqlite3,
    database,
    enableWAL: database !== ':memory:',
    timeout: statement ?? SQLITE_DEFAULT_BUSY_MS,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('synchronous = NORMAL');
    },
  };
}

/** For the TypeORM CLI (`nx run auth-api:migration-*`): reads only the database variables. */
export default new DataSource(
  buildDataSourceOptions({
    DATABASE_URL: process.env['DATABASE_URL'] || 'data/external/gatehouse.sqlite',
    DATABASE_POOL_SIZE: Number(process.env['DATABASE_POOL_SIZE'] || 10),
  }),
);

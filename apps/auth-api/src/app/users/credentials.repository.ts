import { emailKey } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type PreparedQuery, preparedQuery } from '../../database/prepared-query';
import { isSet, rolesOf, sqlBoolean } from '../../database/sql-values';

/** What signing in needs to know of an account, looked up by its email. */
export interface Credentials {
  id: string;
  email: string;
  passwordHash: string | null;
  isActive: boolean;
  isVerified: boolean;
  mfaEnabled: boolean;
  roles: string[];
}

const CREDENTIALS_SQL = `
  SELECT u.id, u.email, u.password_hash, u.is_active, u.is_verified,
         r.name AS role, m.enabled_at AS mfa_enabled_at
    FROM users u
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id
    LEFT JOIN user_mfa m ON m.user_id = u.id
   WHERE u.email_key = ?`;

interface CredentialsRow {
  id: string;
  email: string;
  password_hash: string | null;
  is_active: unknown;
  is_verified: unknown;
  role: string | null;
  mfa_enabled_at: unknown;
}

/**
 * The sign-in lookup as one prepared statement. Sign-in runs beside argon2, which holds every
 * core: the event loop's share per login is what the hashes cannot use, and building this
 * query through TypeORM cost about a seventh of it.
 */
@Injectable()
export class CredentialsRepository {
  private readonly run: PreparedQuery<CredentialsRow>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.run = preparedQuery(dataSource, 'gatehouse_credentials', CREDENTIALS_SQL);
  }

  /** The account of this address or of a look-alike of it (same emailKey), or null. */
  async findByEmail(email: string): Promise<Credentials | null> {
    const rows = await this.run([emailKey(email)]);
    const first = rows[0];
    if (!first) return null;
    return {
      id: first.id,
      email: first.email,
      passwordHash: first.password_hash,
      isActive: sqlBoolean(first.is_active),
      isVerified: sqlBoolean(first.is_verified),
      mfaEnabled: isSet(first.mfa_enabled_at),
      roles: rolesOf(rows),
    };
  }
}

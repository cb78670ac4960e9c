import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type PreparedQuery, preparedQuery } from '../../database/prepared-query';
import { isSet, rolesOf, sqlBoolean, sqlDate } from '../../database/sql-values';
import type { PrincipalRecord } from './principal';

/**
 * The hot path of every authenticated request: the user, their roles and whether the token's
 * session is still live, in one round trip. Hand-written SQL because this runs per request.
 */
const PRINCIPAL_SQL = `
  SELECT u.id, u.email, u.first_name, u.last_name, u.is_active, u.is_verified,
         u.tokens_valid_after, u.created_at, u.updated_at, r.name AS role, m.enabled_at AS mfa_enabled_at,
         (SELECT MAX(t.family_expires_at) FROM refresh_tokens t
           WHERE t.family_id = ? AND t.user_id = u.id AND t.revoked_at IS NULL) AS session_expires_at
    FROM users u
    LEFT JOIN user_roles ur ON ur.user_id = u.id
    LEFT JOIN roles r ON r.id = ur.role_id
    LEFT JOIN user_mfa m ON m.user_id = u.id
   WHERE u.id = ?`;

interface PrincipalRow {
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  is_active: unknown;
  is_verified: unknown;
  tokens_valid_after: unknown;
  created_at: unknown;
  updated_at: unknown;
  role: string | null;
  mfa_enabled_at: unknown;
  session_expires_at: unknown;
}

@Injectable()
export class PrincipalRepository {
  private readonly run: PreparedQuery<PrincipalRow>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.run = preparedQuery(dataSource, 'gatehouse_principal', PRINCIPAL_SQL);
  }

  async find(userId: string, sessionId: string, now = new Date()): Promise<PrincipalRecord | null> {
    const rows = await this.run([sessionId, userId]);
    const first = rows[0];
    if (!first) return null;
    const sessionExpiresAt = sqlDate(first.session_expires_at);
    return {
      id: first.id,
      email: first.email,
      firstName: first.first_name,
      lastName: first.last_name,
      isActive: sqlBoolean(first.is_active),
      isVerified: sqlBoolean(first.is_verified),
      mfaEnabled: isSet(first.mfa_enabled_at),
      roles: rolesOf(rows),
      createdAt: sqlDate(first.created_at) ?? now,
      updatedAt: sqlDate(first.updated_at) ?? now,
      tokensValidAfter: sqlDate(first.tokens_valid_after),
      sessionLive: sessionExpiresAt !== null && sessionExpiresAt > now,
    };
  }
}

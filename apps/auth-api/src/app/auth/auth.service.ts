import type { RegisterUserDto, TokenPairResponse, UserResponse } from '@gatehouse/contracts';
import { AuditEventType, DomainError, DomainErrorCode, Role } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import type { ClientContext } from '../../common/http/client-context';
import { AppConfig } from '../../config/app-config';
import { TransactionService } from '../../database/transaction.service';
import { EmailVerificationService } from '../account/email-verification.service';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from '../password/password-hasher.service';
import { PasswordPolicy } from '../password/password-policy.service';
import { SessionsService } from '../sessions/sessions.service';
import { PrincipalRepository } from '../users/principal.repository';
import { UserEntity } from '../users/user.entity';
import { toUserView, type UserView } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { TokenIssuer } from './tokens/token-issuer';

/** Accounts and sessions: sign-up, token refresh and sign-out (sign-in is LoginService). */
@Injectable()
export class AuthService {
  constructor(
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly principals: PrincipalRepository,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly tokens: TokenIssuer,
    private readonly verification: EmailVerificationService,
    private readonly audit: AuditService,
    private readonly tx: TransactionService,
  ) {}

  /** The signed-in account, with its sign-in methods. */
  me(user: UserView): Promise<UserResponse> {
    return this.users.toResponse(user);
  }

  async register(dto: RegisterUserDto, client: ClientContext): Promise<UserResponse> {
    this.policy.assertAcceptable(dto.password, dto.email);
    if (await this.users.emailExists(dto.email)) {
      throw new DomainError(
        DomainErrorCode.EmailTaken,
        'an account with this email already exists',
      );
    }
    const user = await this.users.create({
      email: dto.email,
      passwordHash: await this.hasher.hash(dto.password),
      firstName: dto.firstName || null,
      lastName: dto.lastName || null,
    });
    await this.audit.record({ type: AuditEventType.UserRegistered, userId: user.id, client });
    await this.verification.send(user);
    return this.users.toResponse(toUserView(user));
  }

  async refresh(refreshToken: string, client: ClientContext): Promise<TokenPairResponse> {
    const issued = await this.sessions.rotate(refreshToken, client);
    const user = issued.user ?? (await this.principals.find(issued.userId, issued.sessionId));
    if (!user?.isActive) {
      await this.sessions.endSession(issued.userId, issued.sessionId);
      throw new DomainError(
        DomainErrorCode.InvalidRefreshToken,
        'refresh token is invalid or expired',
      );
    }
    if (await this.mustEnrolFirst(issued.userId, issued.sessionId, user.roles)) {
      await this.sessions.endSession(issued.userId, issued.sessionId);
      await this.audit.record({
        type: AuditEventType.SessionRevoked,
        userId: issued.userId,
        client,
        details: { sessionId: issued.sessionId, reason: 'mfa_required' },
      });
      throw new DomainError(
        DomainErrorCode.MfaEnrollmentRequired,
        'administrators must turn on two-factor authentication: sign in again to set it up',
      );
    }
    return this.tokens.pair({ id: issued.userId, roles: user.roles }, issued);
  }

  /**
   * An admin without 2FA while REQUIRE_ADMIN_MFA is on keeps no session: their sign-in must go
   * through the enrolment, which needs the password (only admins pay for this lookup).
   */
  private async mustEnrolFirst(userId: string, sessionId: string, roles: string[]) {
    if (!this.config.adminMfaRequired || !roles.includes(Role.Admin)) return false;
    const principal = await this.principals.find(userId, sessionId);
    // A passkey is two factors: its sessions need no TOTP (see PrincipalRepository.hasPasskey).
    return !principal?.mfaEnabled && !(await this.principals.hasPasskey(userId));
  }

  async logout(refreshToken: string, client: ClientContext): Promise<void> {
    const ended = await this.sessions.endByToken(refreshToken);
    if (ended) {
      await this.audit.record({
        type: AuditEventType.Logout,
        userId: ended.userId,
        client,
        details: { sessionId: ended.sessionId },
      });
    }
  }

  /** Ends every session and invalidates every access token issued until now. */
  async logoutAll(userId: string, client: ClientContext): Promise<void> {
    const now = new Date();
    await this.tx.run(async (m) => {
      await this.sessions.endAllFor(m, userId, now);
      await m.update(UserEntity, { id: userId }, { tokensValidAfter: now });
      await this.audit.recordIn(m, { type: AuditEventType.LogoutAll, userId, client });
    });
  }
}

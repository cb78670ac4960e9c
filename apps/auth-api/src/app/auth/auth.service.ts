import type { LoginDto, RegisterUserDto, TokenPairResponse, UserResponse } from '@gatehouse/contracts';
import { DomainError, DomainErrorCode } from '@gatehouse/domain';
import { Injectable } from '@nestjs/common';
import { TransactionService } from '../../database/transaction.service';
import type { ClientContext } from '../sessions/client-context';
import { type IssuedRefreshToken, SessionsService } from '../sessions/sessions.service';
import { UserEntity } from '../users/user.entity';
import { toUserResponse, toUserView } from '../users/user.mapper';
import { UsersService } from '../users/users.service';
import { PasswordHasher } from './password/password-hasher.service';
import { PasswordPolicy } from './password/password-policy.service';
import { AccessTokenService } from './tokens/access-token.service';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly accessTokens: AccessTokenService,
    private readonly tx: TransactionService,
  ) {}

  async register(dto: RegisterUserDto): Promise<UserResponse> {
    this.policy.assertAcceptable(dto.password, dto.email);
    if (await this.users.emailExists(dto.email)) {
      throw new DomainError(DomainErrorCode.EmailTaken, 'an account with this email already exists');
    }
    const user = await this.users.create({
      email: dto.email,
      passwordHash: await this.hasher.hash(dto.password),
      firstName: dto.firstName || null,
      lastName: dto.lastName || null,
    });
    return toUserResponse(toUserView(user));
  }

  /** Unknown email and wrong password answer alike, after the same argon2 work. */
  async login(dto: LoginDto, client: ClientContext): Promise<TokenPairResponse> {
    const user = await this.users.findByEmail(dto.email);
    const valid = user
      ? await this.hasher.verify(user.passwordHash, dto.password)
      : await this.hasher.verifyAgainstDummy(dto.password);
    if (!user || !valid) {
      throw new DomainError(DomainErrorCode.InvalidCredentials, 'invalid email or password');
    }
    if (!user.isActive) throw new DomainError(DomainErrorCode.AccountInactive, 'this account is deactivated');
    if (this.hasher.isOutdated(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, await this.hasher.hash(dto.password));
    }
    return this.tokenPair(user, await this.sessions.start(user.id, client));
  }

  async refresh(refreshToken: string, client: ClientContext): Promise<TokenPairResponse> {
    const issued = await this.sessions.rotate(refreshToken, client);
    const user = await this.users.findById(issued.userId);
    if (!user?.isActive) {
      await this.sessions.endSession(issued.sessionId);
      throw new DomainError(DomainErrorCode.InvalidRefreshToken, 'refresh token is invalid or expired');
    }
    return this.tokenPair(user, issued);
  }

  logout(refreshToken: string): Promise<void> {
    return this.sessions.endByToken(refreshToken);
  }

  /** Ends every session and invalidates every access token issued until now. */
  async logoutAll(userId: string): Promise<void> {
    const now = new Date();
    await this.tx.run(async (m) => {
      await this.sessions.endAllFor(m, userId, now);
      await m.update(UserEntity, { id: userId }, { tokensValidAfter: now });
    });
  }

  private tokenPair(user: UserEntity, issued: IssuedRefreshToken): TokenPairResponse {
    return {
      access_token: this.accessTokens.sign({
        userId: user.id,
        sessionId: issued.sessionId,
        roles: user.roles.map((r) => r.name),
      }),
      refresh_token: issued.refreshToken,
      token_type: 'Bearer',
      expires_in: this.accessTokens.ttlSeconds,
    };
  }
}

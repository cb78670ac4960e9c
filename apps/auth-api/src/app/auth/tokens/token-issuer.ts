import type { TokenPairResponse } from '@gatehouse/contracts';
import { Injectable } from '@nestjs/common';
import type { IssuedRefreshToken } from '../../sessions/sessions.service';
import { AccessTokenService } from './access-token.service';

/** Builds the RFC 6749 token response from a session's refresh token. */
@Injectable()
export class TokenIssuer {
  constructor(private readonly accessTokens: AccessTokenService) {}

  pair(
    user: { id: string; roles: readonly string[] },
    issued: IssuedRefreshToken,
  ): TokenPairResponse {
    return {
      access_token: this.accessTokens.sign({
        userId: user.id,
        sessionId: issued.sessionId,
        roles: [...user.roles],
      }),
      refresh_token: issued.refreshToken,
      token_type: 'Bearer',
      expires_in: this.accessTokens.ttlSeconds,
    };
  }
}

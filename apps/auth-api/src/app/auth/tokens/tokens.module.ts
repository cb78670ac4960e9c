import { Module } from '@nestjs/common';
import { AccessTokenService } from './access-token.service';
import { TokenIssuer } from './token-issuer';

@Module({
  providers: [AccessTokenService, TokenIssuer],
  exports: [AccessTokenService, TokenIssuer],
})
export class TokensModule {}
